// Each layer against the test oracle, tfjs-backend-cpu, fed the layer's own
// weights: the layer must add nothing of its own beyond Keras's semantics.
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D, DepthwiseConv2D, SeparableConv2D } from '../../engine/layers/index.js';
import { tensor, type Tensor } from '../../engine/tensor.js';
import { oracle, oracleReady } from '../helpers/oracle.js';

function ramp(shape: number[], scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * scale), shape);
}

beforeAll(() => oracleReady());

describe('layers vs tfjs-backend-cpu', () => {
  it('Conv2D filters=6 k=3 strides=2 same relu, x=[2,9,8,5] channels_first', () => {
    const layer = new Conv2D({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', dataFormat: 'channels_first', biasInitializer: 'random_normal' });
    const x = ramp([2, 5, 9, 8], 2);
    const y = layer.apply(x);
    const [k, b] = layer.getWeights();
    const expected = oracle({ op: 'conv2d', x, filter: k, strides: [2, 2], dilations: [1, 1], padding: 'same', dataFormat: 'NCHW', bias: b.data, activation: 'relu' });
    expect(y.shape).toEqual(expected.shape);
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
  });

  it('DepthwiseConv2D k=[3,2] M=3 dilation=[2,1] valid tanh, x=[1,8,7,4]', () => {
    const layer = new DepthwiseConv2D({ kernelSize: [3, 2], depthMultiplier: 3, dilationRate: [2, 1], activation: 'tanh', biasInitializer: 'random_uniform' });
    const x = ramp([1, 8, 7, 4], 1);
    const y = layer.apply(x);
    const [k, b] = layer.getWeights();
    const expected = oracle({ op: 'depthwiseConv2d', x, filter: k, strides: [1, 1], dilations: [2, 1], padding: 'valid', dataFormat: 'NHWC', bias: b.data, activation: 'tanh' });
    expect(y.shape).toEqual(expected.shape);
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
  });

  it('SeparableConv2D filters=7 k=3 M=2 strides=[1,2] same, x=[2,6,9,3], both data formats', () => {
    for (const dataFormat of ['channels_last', 'channels_first'] as const) {
      const layer = new SeparableConv2D({ filters: 7, kernelSize: 3, depthMultiplier: 2, strides: [1, 2], padding: 'same', dataFormat, biasInitializer: 'ones', seed: 1 });
      const x = ramp(dataFormat === 'channels_last' ? [2, 6, 9, 3] : [2, 3, 6, 9], 1.5);
      const y = layer.apply(x);
      const [dw, pw, b] = layer.getWeights();
      const expected = oracle({
        op: 'separableConv2d', x, filter: dw, pointwiseFilter: pw, strides: [1, 2], dilations: [1, 1], padding: 'same',
        dataFormat: dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', bias: b.data,
      });
      expect(y.shape).toEqual(expected.shape);
      expect(Array.from(y.data)).toEqual(Array.from(expected.data));
    }
  });
});
