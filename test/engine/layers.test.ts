// Keras-style Conv2D, DepthwiseConv2D and SeparableConv2D: shapes, values,
// weights, penalties and validation, checked against loops written out here
// and against the engine ops.
import { beforeEach, describe, expect, it } from 'vitest';
import { Conv2D, DepthwiseConv2D, SeparableConv2D, resetLayerNames, initializers, regularizers } from '../../engine/layers/index.js';
import { conv2d, depthwiseConv2d, separableConv2d } from '../../engine/ops.js';
import { tensor, Tensor } from '../../engine/tensor.js';

/** Deterministic test data, independent of the code under test. */
function ramp(shape: number[], scale = 1, offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => (((i * 7919) % 23) - 11) * scale + offset), shape);
}

interface LoopOptions { strides?: [number, number]; dilations?: [number, number]; same?: boolean; depthwise?: boolean }

/**
 * A direct NHWC convolution in double precision. For depthwise, kernel is
 * [kh, kw, in, M] and output channel c*M + m; otherwise kernel is HWIO.
 */
function loopConv(x: Tensor, k: Tensor, o: LoopOptions = {}): { shape: number[]; data: number[] } {
  const [b, h, w, ci] = x.shape;
  const [kh, kw, , kc] = k.shape;
  const [sh, sw] = o.strides ?? [1, 1];
  const [dh, dw] = o.dilations ?? [1, 1];
  const eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1;
  const oh = o.same ? Math.ceil(h / sh) : Math.ceil((h - eh + 1) / sh);
  const ow = o.same ? Math.ceil(w / sw) : Math.ceil((w - ew + 1) / sw);
  const pt = o.same ? Math.floor(Math.max((oh - 1) * sh + eh - h, 0) / 2) : 0;
  const pl = o.same ? Math.floor(Math.max((ow - 1) * sw + ew - w, 0) / 2) : 0;
  const co = o.depthwise ? ci * kc : kc;
  const data: number[] = [];
  const X = (n: number, i: number, j: number, c: number) => (i < 0 || j < 0 || i >= h || j >= w ? 0 : x.data[((n * h + i) * w + j) * ci + c]);
  const K = (p: number, q: number, c: number, m: number) => k.data[((p * kw + q) * ci + c) * kc + m];
  for (let n = 0; n < b; n++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let c = 0; c < co; c++) {
    let s = 0;
    for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
      const y = i * sh - pt + p * dh, z = j * sw - pl + q * dw;
      if (o.depthwise) s += X(n, y, z, Math.floor(c / kc)) * K(p, q, Math.floor(c / kc), c % kc);
      else for (let r = 0; r < ci; r++) s += X(n, y, z, r) * K(p, q, r, c);
    }
    data.push(s);
  }
  return { shape: [b, oh, ow, co], data };
}

function addBias(r: { shape: number[]; data: number[] }, bias: Tensor) {
  const c = r.shape[3];
  return { shape: r.shape, data: r.data.map((v, i) => v + bias.data[i % c]) };
}

function expectClose(actual: Tensor, expected: { shape: number[]; data: number[] }, tolerance = 1e-5) {
  expect(actual.shape).toEqual(expected.shape);
  const scale = Math.max(1, ...expected.data.map(Math.abs));
  expected.data.forEach((v, i) => {
    if (Math.abs(actual.data[i] - v) > tolerance * scale) {
      throw new Error(`element ${i}: got ${actual.data[i]}, expected ${v}`);
    }
  });
}

/** NHWC -> NCHW. */
function toChannelsFirst(t: Tensor): Tensor {
  const [b, h, w, c] = t.shape;
  const out = new Float32Array(t.size);
  for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) {
    out[((n * c + k) * h + i) * w + j] = t.data[((n * h + i) * w + j) * c + k];
  }
  return new Tensor(out, [b, c, h, w]);
}

beforeEach(() => resetLayerNames());

describe('SeparableConv2D apply()', () => {
  it('ones initializers, x=[1,4,4,2] k=3 filters=2 valid: each output is the 3x3x2 window sum', () => {
    const x = tensor(Array.from({ length: 32 }, (_, i) => i + 1), [1, 4, 4, 2]);
    const layer = new SeparableConv2D({
      filters: 2, kernelSize: 3, depthwiseInitializer: 'ones', pointwiseInitializer: 'ones', biasInitializer: { className: 'Constant', config: { value: 0.5 } },
    });
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 2, 2, 2]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      let s = 0;
      for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) for (let c = 0; c < 2; c++) s += x.data[((i + p) * 4 + (j + q)) * 2 + c];
      expected.push(s + 0.5, s + 0.5);
    }
    expect(Array.from(y.data)).toEqual(expected);
  });

  it('x=[2,7,6,3] k=[3,2] M=2 filters=4 strides=[2,1] padding=SAME: depthwise then pointwise loops', () => {
    const x = ramp([2, 7, 6, 3], 0.1);
    const layer = new SeparableConv2D({ filters: 4, kernelSize: [3, 2], depthMultiplier: 2, strides: [2, 1], padding: 'SAME', biasInitializer: 'random_normal' });
    const y = layer.apply(x);
    const [dw, pw, bias] = layer.getWeights();
    const mid = loopConv(x, dw, { strides: [2, 1], same: true, depthwise: true });
    const expected = addBias(loopConv(tensor(mid.data, mid.shape), pw), bias);
    expect(y.shape).toEqual([2, 4, 6, 4]);
    expectClose(y, expected);
  });

  it('equals the engine op separableConv2d bit for bit, activation included', () => {
    const x = ramp([1, 6, 6, 4], 0.3);
    const layer = new SeparableConv2D({ filters: 5, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', biasInitializer: 'ones' });
    const y = layer.apply(x);
    const [dw, pw, bias] = layer.getWeights();
    const direct = separableConv2d(x, dw, pw, { dilations: 2, padding: 'same', bias, activation: 'relu' });
    expect(Array.from(y.data)).toEqual(Array.from(direct.data));
    expect(y.data.every((v) => v >= 0)).toBe(true);
    expect(y.data.some((v) => v > 0)).toBe(true);
  });
});

describe('Conv2D apply()', () => {
  it('x=[1,7,7,3] k=3 filters=2 strides=2 same with bias: the loop', () => {
    const x = ramp([1, 7, 7, 3]);
    const layer = new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', biasInitializer: { className: 'RandomUniform', config: { minval: 1, maxval: 2 } } });
    const y = layer.apply(x);
    const [kernel, bias] = layer.getWeights();
    expect(y.shape).toEqual([1, 4, 4, 2]);
    expectClose(y, addBias(loopConv(x, kernel, { strides: [2, 2], same: true }), bias));
  });

  it('equals conv2d with the same weights, and useBias=false adds nothing', () => {
    const x = ramp([2, 5, 5, 2], 0.5);
    const layer = new Conv2D({ filters: 3, kernelSize: [2, 3], useBias: false, activation: 'tanh' });
    const y = layer.apply(x);
    expect(layer.weights.map((w) => w.name)).toEqual(['conv2d/kernel']);
    expect(Array.from(y.data)).toEqual(Array.from(conv2d(x, layer.getWeights()[0], { activation: 'tanh' }).data));
  });
});

describe('DepthwiseConv2D apply()', () => {
  it("the seed article's example: x [1,3,3,2], kernel [2,2,2,1], valid, no bias", () => {
    const x = tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
    const layer = new DepthwiseConv2D({ kernelSize: 2, useBias: false });
    layer.build(x.shape);
    layer.setWeights([tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1])]);
    expect(layer.apply(x).toArray()).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
  });

  it('x=[1,6,5,3] k=3 M=2 dilation=2 same: channel c*M+m is input c with filter m', () => {
    const x = ramp([1, 6, 5, 3], 0.2);
    const layer = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, dilationRate: 2, padding: 'same', biasInitializer: 'random_uniform' });
    const y = layer.apply(x);
    const [dk, bias] = layer.getWeights();
    expect(bias.shape).toEqual([6]);
    expectClose(y, addBias(loopConv(x, dk, { dilations: [2, 2], same: true, depthwise: true }), bias));
    expect(Array.from(y.data)).toEqual(Array.from(depthwiseConv2d(x, dk, { dilations: 2, padding: 'same', bias }).data));
  });
});

describe('dataFormat', () => {
  for (const [name, make] of [
    ['Conv2D', (f: string) => new Conv2D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', dataFormat: f, seed: 3, biasInitializer: 'ones' })],
    ['DepthwiseConv2D', (f: string) => new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, dataFormat: f, seed: 3, biasInitializer: 'ones' })],
    ['SeparableConv2D', (f: string) => new SeparableConv2D({ filters: 4, kernelSize: 2, dilationRate: 2, dataFormat: f, seed: 3, biasInitializer: 'ones' })],
  ] as const) {
    it(`${name}: tfjs-layers' spelling 'channelsFirst' / 'channelsLast' means what Keras's does`, () => {
      expect([make('channelsFirst').dataFormat, make('channelsLast').dataFormat]).toEqual(['channels_first', 'channels_last']);
      const x = ramp([1, 5, 6, 2], 0.5);
      expect(Array.from(make('channelsLast').apply(x).data)).toEqual(Array.from(make('channels_last').apply(x).data));
    });

    it(`${name}: channels_first agrees with channels_last after transposition`, () => {
      const x = ramp([2, 7, 6, 3], 0.25);
      const last = make('channels_last');
      const first = make('channels_first');
      const yLast = last.apply(x);
      const yFirst = first.apply(toChannelsFirst(x));
      expect(first.getWeights().map((w) => Array.from(w.data))).toEqual(last.getWeights().map((w) => Array.from(w.data)));
      expect(yFirst.shape).toEqual(toChannelsFirst(yLast).shape);
      expectClose(yFirst, { shape: [...yFirst.shape], data: Array.from(toChannelsFirst(yLast).data) }, 1e-6);
      expect(first.computeOutputShape([null, 3, 7, 6])).toEqual([null, ...yFirst.shape.slice(1)]);
    });
  }
});

describe('weights', () => {
  it("Conv2D filters=8 k=3 on 3 channels: kernel [3,3,3,8], bias [8] of zeros, named 'layer/kernel'", () => {
    const layer = new Conv2D({ filters: 8, kernelSize: 3, name: 'c' });
    expect(layer.built).toBe(false);
    expect(layer.weights).toEqual([]);
    layer.build([null, 10, 10, 3]);
    expect(layer.weights.map((w) => [w.name, w.shape, w.trainable])).toEqual([['c/kernel', [3, 3, 3, 8], true], ['c/bias', [8], true]]);
    expect(Array.from(layer.weights[1].value.data)).toEqual(new Array(8).fill(0));
  });

  it('DepthwiseConv2D M=2 on 4 channels: depthwise_kernel [3,3,4,2], bias [8]', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 });
    layer.build([1, 5, 5, 4]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([['depthwise_conv2d/depthwise_kernel', [3, 3, 4, 2]], ['depthwise_conv2d/bias', [8]]]);
  });

  it('SeparableConv2D filters=16 M=3 on 5 channels: depthwise [k,k,5,3], pointwise [1,1,15,16], bias [16]', () => {
    const layer = new SeparableConv2D({ filters: 16, kernelSize: [3, 5], depthMultiplier: 3 });
    layer.build([1, 8, 8, 5]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([
      ['separable_conv2d/depthwise_kernel', [3, 5, 5, 3]],
      ['separable_conv2d/pointwise_kernel', [1, 1, 15, 16]],
      ['separable_conv2d/bias', [16]],
    ]);
  });

  it('default glorot_uniform on a depthwise kernel uses Keras fans: limit sqrt(6 / (kh*kw*in + kh*kw*M))', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 5, depthMultiplier: 4 });
    layer.build([1, 9, 9, 64]);
    const data = layer.getWeights()[0].data;
    const limit = Math.sqrt(6 / (25 * 64 + 25 * 4));
    expect(Math.max(...data)).toBeLessThanOrEqual(limit);
    expect(Math.max(...data)).toBeGreaterThan(0.99 * limit);
    expect(Math.min(...data)).toBeLessThan(-0.99 * limit);
  });

  it('getWeights() returns copies; setWeights() checks count and shapes', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 1, name: 'pw' });
    layer.build([1, 3, 3, 2]);
    const [k, b] = layer.getWeights();
    k.data[0] = 123;
    expect(layer.getWeights()[0].data[0]).not.toBe(123);
    layer.setWeights([tensor([1, 2, 3, 4], [1, 1, 2, 2]), tensor([5, 6], [2])]);
    expect(Array.from(layer.getWeights()[1].data)).toEqual([5, 6]);
    expect(() => layer.setWeights([k])).toThrow("Conv2D 'pw': setWeights: expected 2 tensors (kernel [1,1,2,2], bias [2]), got 1");
    expect(() => layer.setWeights([k, tensor([1, 2, 3], [3])])).toThrow("Conv2D 'pw': setWeights: bias has shape [2] but the value given has shape [3]");
    expect(b.shape).toEqual([2]);
  });

  it('countParams() matches Keras: SeparableConv2D(64, 3) on 32 channels = 2400', () => {
    const sep = new SeparableConv2D({ filters: 64, kernelSize: 3 });
    sep.build([null, 32, 32, 32]);
    expect(sep.countParams()).toBe(3 * 3 * 32 + 32 * 64 + 64);
    expect(sep.countParams()).toBe(2400);
    const conv = new Conv2D({ filters: 64, kernelSize: 3 });
    conv.build([null, 32, 32, 32]);
    expect(conv.countParams()).toBe(18496);
    const dw = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, useBias: false });
    dw.build([null, 32, 32, 32]);
    expect(dw.countParams()).toBe(576);
  });

  it('trainable=false marks every weight non-trainable', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 1, trainable: false });
    layer.build([1, 2, 2, 1]);
    expect(layer.weights.map((w) => w.trainable)).toEqual([false, false]);
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights.length).toBe(2);
    layer.trainable = true;
    expect(layer.trainableWeights.length).toBe(2);
  });

  it('inputShape builds at once for [batch, ...inputShape]', () => {
    const layer = new SeparableConv2D({ filters: 4, kernelSize: 3, inputShape: [16, 16, 8] });
    expect(layer.built).toBe(true);
    expect(layer.countParams()).toBe(9 * 8 + 8 * 4 + 4);
  });
});

describe('names and seeds', () => {
  it("unnamed layers are 'separable_conv2d', 'separable_conv2d_1', ... per kind; given names do not count", () => {
    expect(new SeparableConv2D({ filters: 1, kernelSize: 1 }).name).toBe('separable_conv2d');
    expect(new SeparableConv2D({ filters: 1, kernelSize: 1, name: 'mine' }).name).toBe('mine');
    expect(new SeparableConv2D({ filters: 1, kernelSize: 1 }).name).toBe('separable_conv2d_1');
    expect(new Conv2D({ filters: 1, kernelSize: 1 }).name).toBe('conv2d');
    expect(new DepthwiseConv2D({ kernelSize: 1 }).name).toBe('depthwise_conv2d');
  });

  it('the same name gives the same weights (a notebook run twice); another name other weights', () => {
    const a = new Conv2D({ filters: 4, kernelSize: 3 });
    resetLayerNames();
    const b = new Conv2D({ filters: 4, kernelSize: 3 });
    const c = new Conv2D({ filters: 4, kernelSize: 3 });
    for (const l of [a, b, c]) l.build([1, 5, 5, 2]);
    expect(b.name).toBe(a.name);
    expect(Array.from(b.getWeights()[0].data)).toEqual(Array.from(a.getWeights()[0].data));
    expect(Array.from(c.getWeights()[0].data)).not.toEqual(Array.from(a.getWeights()[0].data));
  });

  it("a seed option overrides the name; an initializer's own seed overrides both", () => {
    const a = new SeparableConv2D({ filters: 4, kernelSize: 3, seed: 7, name: 'a' });
    const b = new SeparableConv2D({ filters: 4, kernelSize: 3, seed: 7, name: 'b' });
    const c = new SeparableConv2D({ filters: 4, kernelSize: 3, seed: 7, name: 'c', pointwiseInitializer: { className: 'GlorotUniform', config: { seed: 1 } } });
    for (const l of [a, b, c]) l.build([1, 5, 5, 2]);
    expect(b.getWeights().map((w) => Array.from(w.data))).toEqual(a.getWeights().map((w) => Array.from(w.data)));
    expect(Array.from(c.getWeights()[0].data)).toEqual(Array.from(a.getWeights()[0].data));
    expect(Array.from(c.getWeights()[1].data)).toEqual(Array.from(new initializers.GlorotUniform({ seed: 1 }).call([1, 1, 2, 4]).data));
    // Depthwise and pointwise kernels draw from different streams.
    expect(Array.from(a.getWeights()[0].data.slice(0, 4))).not.toEqual(Array.from(a.getWeights()[1].data.slice(0, 4)));
  });
});

describe('regularizers and constraints on a layer', () => {
  it("losses: kernel l2(0.1) and bias 'l1' (0.01) from the current weights", () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 2, kernelRegularizer: regularizers.l2(0.1), biasRegularizer: 'l1', biasInitializer: 'ones' });
    expect(layer.losses).toEqual([]);
    layer.build([1, 3, 3, 2]);
    const [k] = layer.getWeights();
    const sumSq = Array.from(k.data).reduce((s, v) => s + v * v, 0);
    expect(layer.losses[0]).toBeCloseTo(0.1 * sumSq, 10);
    expect(layer.losses[1]).toBeCloseTo(0.01 * 2, 10);
    layer.setWeights([tensor(new Array(16).fill(1), [2, 2, 2, 2]), tensor([-3, 4], [2])]);
    expect(layer.losses[0]).toBeCloseTo(0.1 * 16, 10);
    expect(layer.losses[1]).toBeCloseTo(0.07, 10);
  });

  it('activityRegularizer: l1 of the last output divided by the batch size, as tf.keras', () => {
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 2, activityRegularizer: { className: 'L1', config: { l1: 0.01 } }, depthwiseRegularizer: 'l2', pointwiseRegularizer: 'l1_l2' });
    layer.build([3, 4, 4, 2]);
    expect(layer.losses.length).toBe(2);
    const y = layer.apply(ramp([3, 4, 4, 2], 0.1));
    const sumAbs = Array.from(y.data).reduce((s, v) => s + Math.abs(v), 0);
    expect(layer.losses.length).toBe(3);
    expect(layer.losses[2]).toBeCloseTo((0.01 * sumAbs) / 3, 8);
  });

  it('non_neg constraint holds after initialization and after setWeights', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, depthwiseConstraint: 'non_neg', depthwiseInitializer: { className: 'RandomNormal', config: { stddev: 1 } } });
    layer.build([1, 4, 4, 3]);
    const w = layer.getWeights()[0].data;
    expect(w.every((v) => v >= 0)).toBe(true);
    expect(w.some((v) => v > 0)).toBe(true);
    layer.setWeights([tensor(Array.from({ length: 27 }, (_, i) => i - 13), [3, 3, 3, 1]), tensor([0, 0, 0], [3])]);
    expect(Array.from(layer.getWeights()[0].data)).toEqual(Array.from({ length: 27 }, (_, i) => Math.max(i - 13, 0)));
  });

  it('kernelConstraint max_norm(1, axis [0,1,2]) caps each filter of a Conv2D kernel', () => {
    const layer = new Conv2D({ filters: 3, kernelSize: 3, kernelInitializer: { className: 'Constant', config: { value: 1 } }, kernelConstraint: { className: 'MaxNorm', config: { maxValue: 1, axis: [0, 1, 2] } } });
    layer.build([1, 4, 4, 2]);
    const k = layer.getWeights()[0].data;
    // 18 ones per filter: norm sqrt(18) capped to 1.
    expect(k[0]).toBeCloseTo(1 / Math.sqrt(18), 6);
  });

  it('pointwiseConstraint unit_norm (axis 0 of [1,1,in,out] has size 1) makes every entry +-1', () => {
    const layer = new SeparableConv2D({ filters: 3, kernelSize: 1, pointwiseConstraint: 'unit_norm' });
    layer.build([1, 2, 2, 2]);
    for (const v of layer.getWeights()[1].data) expect(Math.abs(v)).toBeCloseTo(1, 5);
  });
});

describe('computeOutputShape', () => {
  it('Keras shapes: [null,32,32,3] through valid, same/strides 2, dilation 2', () => {
    expect(new Conv2D({ filters: 16, kernelSize: 3 }).computeOutputShape([null, 32, 32, 3])).toEqual([null, 30, 30, 16]);
    expect(new Conv2D({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }).computeOutputShape([null, 32, 32, 3])).toEqual([null, 16, 16, 16]);
    expect(new DepthwiseConv2D({ kernelSize: 3, dilationRate: 2, depthMultiplier: 2 }).computeOutputShape([4, 32, 31, 3])).toEqual([4, 28, 27, 6]);
    expect(new SeparableConv2D({ filters: 8, kernelSize: [5, 1], strides: [3, 2] }).computeOutputShape([1, 11, 11, 3])).toEqual([1, 3, 6, 8]);
    expect(new Conv2D({ filters: 2, kernelSize: 3 }).computeOutputShape([2, null, 9, 5])).toEqual([2, null, 7, 2]);
  });
});

describe('getConfig', () => {
  it('rebuilds an identical layer: new SeparableConv2D(layer.getConfig())', () => {
    const layer = new SeparableConv2D({
      filters: 4, kernel_size: [3, 2], padding: 'Same', depth_multiplier: 2, activation: 'relu6',
      depthwise_regularizer: 'l2', pointwise_constraint: 'max_norm', pointwise_initializer: 'he_normal', seed: 11,
    });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      name: 'separable_conv2d', filters: 4, kernelSize: [3, 2], padding: 'same', depthMultiplier: 2, activation: 'relu6',
      dataFormat: 'channels_last', strides: [1, 1], dilationRate: [1, 1], useBias: true, trainable: true, seed: 11,
      depthwiseInitializer: { className: 'GlorotUniform', config: { seed: null } },
      pointwiseInitializer: { className: 'HeNormal', config: { seed: null } },
      depthwiseRegularizer: { className: 'L2', config: { l2: 0.01 } },
      pointwiseConstraint: { className: 'MaxNorm', config: { maxValue: 2, axis: [0] } },
      biasInitializer: { className: 'Zeros', config: {} },
    });
    const copy = new SeparableConv2D(config);
    expect(copy.getConfig()).toEqual(config);
    const x = ramp([1, 5, 5, 3], 0.1);
    expect(Array.from(copy.apply(x).data)).toEqual(Array.from(layer.apply(x).data));
  });
});

describe('snake_case options from the article', () => {
  it('kernel_size, strides, data_format, dilation_rate, depth_multiplier, use_bias, *_initializer, activity_regularizer', () => {
    const layer = new SeparableConv2D({
      filters: 3, kernel_size: 2, data_format: 'channels_first', dilation_rate: [2, 1], depth_multiplier: 2, use_bias: false,
      depthwise_initializer: 'ones', pointwise_initializer: 'zeros', activity_regularizer: 'l2', trainable: false, name: 'sep',
    });
    expect([layer.kernelSize, layer.dataFormat, layer.dilationRate, layer.depthMultiplier, layer.useBias, layer.trainable])
      .toEqual([[2, 2], 'channels_first', [2, 1], 2, false, false]);
    layer.build([1, 4, 6, 6]);
    expect(layer.weights.map((w) => w.name)).toEqual(['sep/depthwise_kernel', 'sep/pointwise_kernel']);
    expect(Array.from(layer.getWeights()[0].data).every((v) => v === 1)).toBe(true);
    expect(layer.activityRegularizer?.className).toBe('L2');
  });

  it('Conv2D kernel_initializer / kernel_regularizer / bias_constraint', () => {
    const layer = new Conv2D({ filters: 2, kernel_size: 1, kernel_initializer: 'ones', kernel_regularizer: 'l1', bias_constraint: 'non_neg' });
    layer.build([1, 1, 1, 3]);
    expect(layer.losses[0]).toBeCloseTo(0.01 * 6, 10);
  });
});

describe('validation', () => {
  const err = (fn: () => unknown) => {
    try { fn(); } catch (e) { return (e as Error).message; }
    return 'no error';
  };

  it('filters: a positive integer, required', () => {
    expect(err(() => new SeparableConv2D({ filters: 0, kernelSize: 3, name: 's' }))).toBe("SeparableConv2D 's': filters: expected a positive integer, got 0");
    expect(err(() => new Conv2D({ filters: 2.5, kernelSize: 3, name: 'c' }))).toBe("Conv2D 'c': filters: expected a positive integer, got 2.5");
    expect(err(() => new Conv2D({ kernelSize: 3, name: 'c' }))).toBe("Conv2D 'c': filters: is required; expected a positive integer");
  });

  it('kernelSize: 1 or 2 positive integers; strides and dilationRate likewise', () => {
    expect(err(() => new Conv2D({ filters: 1, kernelSize: [3, 3, 3], name: 'c' }))).toBe("Conv2D 'c': kernelSize: expected a positive integer or [height, width] of positive integers, got [3,3,3]");
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 0, name: 'c' }))).toBe("Conv2D 'c': kernelSize: expected a positive integer or [height, width] of positive integers, got 0");
    expect(err(() => new DepthwiseConv2D({ name: 'd' }))).toBe("DepthwiseConv2D 'd': kernelSize: is required; expected a positive integer or [height, width]");
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, strides: [1, 0], name: 'c' }))).toMatch(/^Conv2D 'c': strides: expected a positive integer/);
    expect(err(() => new DepthwiseConv2D({ kernelSize: 1, depthMultiplier: 0, name: 'd' }))).toBe("DepthwiseConv2D 'd': depthMultiplier: expected a positive integer, got 0");
  });

  it('strides > 1 with dilationRate > 1 is refused', () => {
    expect(err(() => new SeparableConv2D({ filters: 1, kernelSize: 3, strides: 2, dilationRate: [1, 2], name: 's' })))
      .toBe("SeparableConv2D 's': strides: strides [2,2] > 1 cannot be combined with dilationRate [1,2] > 1 (Keras and TensorFlow refuse both at once)");
  });

  it('unknown padding, data format, activation, initializer, regularizer and constraint are named', () => {
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, padding: 'full', name: 'c' }))).toBe(`Conv2D 'c': padding: unknown padding "full"; expected 'valid' or 'same' (any case)`);
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, padding: 'causal', name: 'c' }))).toMatch(/'causal' exists only for 1-D convolutions/);
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, dataFormat: 'NCHW', name: 'c' }))).toBe(`Conv2D 'c': dataFormat: unknown data format "NCHW"; expected 'channels_last' or 'channels_first' (tfjs: 'channelsLast' or 'channelsFirst')`);
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, activation: 'softmax', name: 'c' }))).toMatch(/^Conv2D 'c': activation: unknown activation "softmax"; expected one of linear, relu/);
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, kernelInitializer: 'xavier', name: 'c' }))).toMatch(/^Conv2D 'c': kernelInitializer: unknown initializer "xavier"; expected one of zeros/);
    expect(err(() => new SeparableConv2D({ filters: 1, kernelSize: 1, pointwiseRegularizer: 'l3', name: 's' }))).toMatch(/^SeparableConv2D 's': pointwiseRegularizer: unknown regularizer "l3"/);
    expect(err(() => new SeparableConv2D({ filters: 1, kernelSize: 1, depthwiseConstraint: 'clip', name: 's' }))).toMatch(/^SeparableConv2D 's': depthwiseConstraint: unknown constraint "clip"/);
    expect(err(() => new SeparableConv2D({ filters: 1, kernelSize: 1, biasInitializer: { className: 'VarianceScaling', config: { scale: -1 } }, name: 's' })))
      .toBe("SeparableConv2D 's': biasInitializer: VarianceScaling: scale: expected a number > 0, got -1");
  });

  it('unknown options (typos) and options given twice', () => {
    expect(err(() => new Conv2D({ filters: 1, kernal_size: 3, name: 'c' }))).toMatch(/^Conv2D 'c': kernal_size: unknown option; Conv2D takes name, trainable/);
    expect(err(() => new DepthwiseConv2D({ kernelSize: 1, filters: 3, name: 'd' }))).toMatch(/^DepthwiseConv2D 'd': filters: unknown option/);
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 3, kernel_size: 3 }))).toBe('Conv2D: kernel_size: given twice, as kernelSize and kernel_size');
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, reuse: true, name: 'c' }))).toMatch(/^Conv2D 'c': reuse: there are no variable scopes here/);
  });

  it('inputs must be rank 4 and keep their channel count after build', () => {
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 3, name: 's' });
    expect(err(() => layer.apply(ramp([5, 5, 3])))).toBe("SeparableConv2D 's': inputs: expected a rank-4 input [batch, height, width, channels] (channels_last), got shape [5,5,3] (rank 3)");
    layer.apply(ramp([1, 5, 5, 3]));
    expect(err(() => layer.apply(ramp([1, 5, 5, 4])))).toBe("SeparableConv2D 's': inputs: the layer was built for 3 input channels (input shape [1,5,5,3]) but got shape [1,5,5,4] with 4 channels");
    // Other batch and spatial sizes are fine.
    expect(layer.apply(ramp([2, 6, 7, 3])).shape).toEqual([2, 4, 5, 2]);
  });

  it('a kernel larger than the input with valid padding', () => {
    const layer = new Conv2D({ filters: 1, kernelSize: 5, name: 'c' });
    expect(err(() => layer.apply(ramp([1, 3, 8, 1])))).toBe("Conv2D 'c': kernelSize: the kernel 5x5 does not fit the input 3x8 with padding 'valid'; the output would be empty (input shape [1,3,8,1])");
    expect(layer.built).toBe(false);
  });

  it('countParams and setWeights before build', () => {
    const layer = new Conv2D({ filters: 1, kernelSize: 1, name: 'c' });
    expect(err(() => layer.countParams())).toBe("Conv2D 'c': countParams: the layer is not built yet; call build(inputShape) or apply(x) first");
    expect(err(() => layer.setWeights([]))).toBe("Conv2D 'c': setWeights: the layer has no weights yet; call build(inputShape) or apply(x) first");
  });

  it('the channel dimension must be known to build', () => {
    expect(err(() => new Conv2D({ filters: 1, kernelSize: 1, name: 'c' }).build([null, 4, 4, null])))
      .toBe("Conv2D 'c': inputShape: the channel dimension (axis 3 for channels_last) must be known, got shape [null,4,4,null]");
  });
});

describe('cost(inputShape)', () => {
  it('SeparableConv2D(64, 3, same) on [1,32,32,32]: MobileNet counts, params = countParams()', () => {
    const layer = new SeparableConv2D({ filters: 64, kernelSize: 3, padding: 'same' });
    const c = layer.cost([1, 32, 32, 32]);
    // Depthwise Dk*Dk*M*DF*DF plus pointwise M*N*DF*DF.
    expect(c.macs).toBe(3 * 3 * 32 * 32 * 32 + 32 * 64 * 32 * 32);
    expect(c.outputShape).toEqual([1, 32, 32, 64]);
    layer.build([1, 32, 32, 32]);
    expect(c.params).toBe(layer.countParams());
  });

  it('Conv2D and DepthwiseConv2D: an unknown batch counts as 1; channels_first passes through', () => {
    const conv = new Conv2D({ filters: 8, kernelSize: 3, strides: 2, useBias: false, dataFormat: 'channels_first' });
    const c = conv.cost([null, 4, 9, 9]);
    expect(c.outputShape).toEqual([1, 8, 4, 4]);
    expect(c.macs).toBe(4 * 4 * 8 * 3 * 3 * 4);
    expect(c.params).toBe(3 * 3 * 4 * 8);
    const dw = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }).cost([2, 5, 5, 3]);
    expect(dw.macs).toBe(2 * 3 * 3 * 6 * 9);
    expect(dw.params).toBe(3 * 3 * 3 * 2 + 6);
  });

  it('needs known height and width', () => {
    expect(() => new Conv2D({ filters: 1, kernelSize: 1, name: 'c' }).cost([1, null, 4, 2])).toThrow("Conv2D 'c': inputShape: cost needs known height and width, got [1,null,4,2]");
  });
});

describe('kernelbook/engine', () => {
  it('exports the layers and the initializers, regularizers and constraints namespaces', async () => {
    const engine = await import('../../engine/index.js');
    expect(engine.SeparableConv2D).toBe(SeparableConv2D);
    expect(new engine.initializers.HeNormal()).toBeInstanceOf(initializers.Initializer);
    expect(engine.regularizers.l2(0.5).l2).toBe(0.5);
    expect(new engine.constraints.MaxNorm().maxValue).toBe(2);
  });
});
