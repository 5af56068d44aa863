// The cost model against arithmetic done by hand, and MobileNet's claim that
// a depthwise separable convolution costs 1/N + 1/Dk^2 of a standard one.
import { describe, expect, test } from 'vitest';
import { conv2d, cost, tensor } from '../../engine/index.js';

describe('cost: MACs, FLOPs, params and bytes', () => {
  test('depthwiseConv2d x=[1,112,112,32] f=[3,3,32,1] s=1 p=same (MobileNet conv dw / s1)', () => {
    const c = cost('depthwiseConv2d', { input: [1, 112, 112, 32], filter: [3, 3, 32, 1], padding: 'same' });
    expect(c.op).toBe('depthwiseConv2d');
    expect(c.outputShape).toEqual([1, 112, 112, 32]);
    expect(c.macs).toBe(112 * 112 * 32 * 3 * 3);
    expect(c.flops).toBe(2 * 112 * 112 * 32 * 3 * 3);
    expect(c.params).toBe(3 * 3 * 32);
    expect(c.bytes).toEqual({ input: 112 * 112 * 32 * 4, weights: 3 * 3 * 32 * 4, output: 112 * 112 * 32 * 4 });
  });

  test('depthwiseConv2d x=[1,112,112,32] f=[3,3,32,1] with bias: 32 more params, one add per output', () => {
    const c = cost('depthwiseConv2d', { input: [1, 112, 112, 32], filter: [3, 3, 32, 1], padding: 'same', bias: true });
    expect(c.params).toBe(3 * 3 * 32 + 32);
    expect(c.flops).toBe(2 * 112 * 112 * 32 * 3 * 3 + 112 * 112 * 32);
    expect(c.bytes.weights).toBe((3 * 3 * 32 + 32) * 4);
  });

  test('depthwiseConv2d x=[2,8,8,3] f=[3,3,3,2] p=same: multiplier 2 gives 6 channels; batch 2 doubles the work, not the params', () => {
    const c = cost('depthwiseConv2d', { input: [2, 8, 8, 3], filter: [3, 3, 3, 2], padding: 'same' });
    expect(c.outputShape).toEqual([2, 8, 8, 6]);
    expect(c.macs).toBe(2 * 8 * 8 * (3 * 2) * 3 * 3);
    expect(c.params).toBe(3 * 3 * 3 * 2);
  });

  test('conv2d x=[1,224,224,3] f=[3,3,3,32] s=2 p=same bias (MobileNet conv / s2)', () => {
    const c = cost('conv2d', { input: [1, 224, 224, 3], filter: [3, 3, 3, 32], strides: 2, padding: 'same', bias: true });
    expect(c.outputShape).toEqual([1, 112, 112, 32]);
    expect(c.macs).toBe(112 * 112 * 32 * 3 * 3 * 3);
    expect(c.flops).toBe(2 * 112 * 112 * 32 * 3 * 3 * 3 + 112 * 112 * 32);
    expect(c.params).toBe(3 * 3 * 3 * 32 + 32);
    expect(c.bytes).toEqual({ input: 224 * 224 * 3 * 4, weights: (3 * 3 * 3 * 32 + 32) * 4, output: 112 * 112 * 32 * 4 });
  });

  test('pointwiseConv2d x=[1,112,112,32] f=[32,64] (MobileNet conv pw / s1)', () => {
    const c = cost('pointwiseConv2d', { input: [1, 112, 112, 32], filter: [32, 64] });
    expect(c.outputShape).toEqual([1, 112, 112, 64]);
    expect(c.macs).toBe(112 * 112 * 32 * 64);
    expect(c.params).toBe(32 * 64);
    expect(cost('pointwiseConv2d', { input: [1, 112, 112, 32], filter: [1, 1, 32, 64] })).toEqual(c);
  });

  test('separableConv2d x=[1,112,112,32] dw=[3,3,32,1] pw=[1,1,32,64] p=same bias: stages and totals', () => {
    const c = cost('separableConv2d', { input: [1, 112, 112, 32], filter: [3, 3, 32, 1], pointwiseFilter: [1, 1, 32, 64], padding: 'same', bias: true });
    const dwMacs = 112 * 112 * 32 * 3 * 3;
    const pwMacs = 112 * 112 * 32 * 64;
    expect(c.stages.depthwise.macs).toBe(dwMacs);
    expect(c.stages.depthwise.params).toBe(3 * 3 * 32);
    expect(c.stages.depthwise.outputShape).toEqual([1, 112, 112, 32]);
    expect(c.stages.pointwise.macs).toBe(pwMacs);
    expect(c.stages.pointwise.params).toBe(32 * 64 + 64);
    expect(c.stages.pointwise.bytes.input).toBe(112 * 112 * 32 * 4);
    expect(c.macs).toBe(dwMacs + pwMacs);
    expect(c.flops).toBe(2 * (dwMacs + pwMacs) + 112 * 112 * 64);
    expect(c.params).toBe(3 * 3 * 32 + 32 * 64 + 64);
    expect(c.bytes).toEqual({ input: 112 * 112 * 32 * 4, weights: (3 * 3 * 32 + 32 * 64 + 64) * 4, output: 112 * 112 * 64 * 4 });
    expect(c.outputShape).toEqual([1, 112, 112, 64]);
  });
});

describe('cost: output shapes', () => {
  test('conv2d x=[1,7,7,3] f=[3,3,3,2] s=2: SAME gives 4x4, VALID 3x3', () => {
    expect(cost('conv2d', { input: [1, 7, 7, 3], filter: [3, 3, 3, 2], strides: 2, padding: 'same' }).outputShape).toEqual([1, 4, 4, 2]);
    expect(cost('conv2d', { input: [1, 7, 7, 3], filter: [3, 3, 3, 2], strides: 2, padding: 'valid' }).outputShape).toEqual([1, 3, 3, 2]);
  });

  test('conv2d x=[1,10,7,1] f=[4,2,1,1] s=[3,2]: SAME ceil(10/3) x ceil(7/2), VALID ceil(7/3) x ceil(6/2)', () => {
    expect(cost('conv2d', { input: [1, 10, 7, 1], filter: [4, 2, 1, 1], strides: [3, 2], padding: 'same' }).outputShape).toEqual([1, 4, 4, 1]);
    expect(cost('conv2d', { input: [1, 10, 7, 1], filter: [4, 2, 1, 1], strides: [3, 2], padding: 'valid' }).outputShape).toEqual([1, 3, 3, 1]);
  });

  test('depthwiseConv2d x=[1,9,9,1] f=[3,3,1,1] d=2 p=valid: the dilated 5x5 window leaves 5x5', () => {
    const c = cost('depthwiseConv2d', { input: [1, 9, 9, 1], filter: [3, 3, 1, 1], dilations: 2 });
    expect(c.outputShape).toEqual([1, 5, 5, 1]);
    expect(c.macs).toBe(5 * 5 * 3 * 3);
  });

  test('conv2d x=[1,3,8,8] NCHW f=[3,3,3,16] p=same: the output shape is channel-first', () => {
    const c = cost('conv2d', { input: [1, 3, 8, 8], filter: [3, 3, 3, 16], padding: 'same', dataFormat: 'channels_first' });
    expect(c.outputShape).toEqual([1, 16, 8, 8]);
    expect(c.macs).toBe(8 * 8 * 16 * 3 * 3 * 3);
  });

  test('the output shape is the shape conv2d returns', () => {
    const x = tensor(new Array(1 * 6 * 5 * 2).fill(1), [1, 6, 5, 2]);
    const f = tensor(new Array(3 * 2 * 2 * 4).fill(1), [3, 2, 2, 4]);
    const options = { strides: [2, 1], padding: [[1, 0], [0, 2]] as [[number, number], [number, number]] };
    expect(cost('conv2d', { input: x, filter: f, ...options }).outputShape).toEqual([...conv2d(x, f, options).shape]);
  });
});

describe('cost: MobileNet\'s separable / standard ratio is 1/N + 1/Dk^2', () => {
  // (DF, M, N, Dk): feature map size, input channels, output channels, kernel size.
  const layers: [number, number, number, number][] = [[112, 32, 64, 3], [56, 128, 256, 3], [14, 512, 512, 3], [7, 1024, 1024, 3], [28, 256, 256, 5]];
  for (const [DF, M, N, Dk] of layers) {
    test(`x=[1,${DF},${DF},${M}] Dk=${Dk} N=${N} s=1 p=same: ratio ${(1 / N + 1 / (Dk * Dk)).toFixed(4)}`, () => {
      const input = [1, DF, DF, M];
      const standard = cost('conv2d', { input, filter: [Dk, Dk, M, N], padding: 'same' });
      const separable = cost('separableConv2d', { input, filter: [Dk, Dk, M, 1], pointwiseFilter: [1, 1, M, N], padding: 'same' });
      expect(standard.macs).toBe(Dk * Dk * M * N * DF * DF);
      expect(separable.macs).toBe(Dk * Dk * M * DF * DF + M * N * DF * DF);
      // In integers: separable * N * Dk^2 = standard * (Dk^2 + N).
      expect(separable.macs * N * Dk * Dk).toBe(standard.macs * (Dk * Dk + N));
      expect(separable.macs / standard.macs).toBeCloseTo(1 / N + 1 / (Dk * Dk), 12);
    });
  }
});

describe('cost: validation is the ops\'', () => {
  test('cost("conv2d") on mismatched channels throws what conv2d throws', () => {
    expect(() => cost('conv2d', { input: [1, 5, 5, 3], filter: [3, 3, 4, 8] }))
      .toThrow('conv2d: filter: filter [3,3,4,8] expects 4 input channels but x [1,5,5,3] (NHWC) has 3');
  });

  test('cost("separableConv2d") without a pointwise filter', () => {
    expect(() => cost('separableConv2d', { input: [1, 5, 5, 3], filter: [3, 3, 3, 1] }))
      .toThrow('separableConv2d: pointwiseFilter: a separable convolution needs a pointwise filter shape');
  });

  test('cost("separableConv2d") with pointwise in-channels not in * M', () => {
    expect(() => cost('separableConv2d', { input: [1, 5, 5, 3], filter: [3, 3, 3, 2], pointwiseFilter: [1, 1, 3, 8] }))
      .toThrow(/^separableConv2d: pointwiseFilter: pointwise filter \[1,1,3,8\] expects 3 input channels .* gives 3x2 = 6$/);
  });

  test('cost("conv3d") is an unknown op', () => {
    expect(() => cost('conv3d' as never, { input: [1, 5, 5, 3], filter: [3, 3, 3, 1] }))
      .toThrow('cost: op: unknown op "conv3d"; expected one of conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d');
  });

  test('cost with padding "full" and a stride with a dilation', () => {
    expect(() => cost('depthwiseConv2d', { input: [1, 5, 5, 3], filter: [3, 3, 3, 1], padding: 'full' })).toThrow(/^depthwiseConv2d: padding: unknown padding "full"/);
    expect(() => cost('conv2d', { input: [1, 5, 5, 3], filter: [3, 3, 3, 1], strides: 2, dilations: 2 })).toThrow(/^conv2d: strides: /);
  });

  test('cost with bias "yes": bias is a boolean here', () => {
    expect(() => cost('conv2d', { input: [1, 5, 5, 3], filter: [3, 3, 3, 1], bias: 'yes' as never })).toThrow('conv2d: bias: cost takes bias: true or false, got "yes"');
  });
});
