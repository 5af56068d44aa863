// Bad input gets one clear Error naming the op, the argument and the shapes;
// NaN and Infinity flow through the ops exactly as through TensorFlow's.
import { beforeAll, describe, expect, test } from 'vitest';
import { conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, tensor, Tensor } from '../../engine/index.js';
import { oracle, oracleReady, type OracleCase } from '../helpers/oracle.js';
import { firstDifference, runCase } from './run-case.js';

const fill = (shape: number[], value = 1) => tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape);
const x = fill([1, 3, 3, 2]);
const f = fill([2, 2, 2, 1]);

/** The message of the error `run` throws (fails if it throws none). */
function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  return expect.fail('expected an error');
}

describe('bad input', () => {
  test('conv2d x=[3]: x must be rank 4', () => {
    const m = message(() => conv2d(tensor([1, 2, 3], [3]), f));
    expect(m).toMatch(/^conv2d: x: /);
    expect(m).toContain('rank-4');
    expect(m).toContain('[3] (rank 1)');
  });

  test('conv2d f=[2,2]: the filter must be rank 4 (HWIO)', () => {
    const m = message(() => conv2d(x, tensor([1, 2, 3, 4], [2, 2])));
    expect(m).toMatch(/^conv2d: filter: /);
    expect(m).toContain('[height, width, inChannels, outChannels]');
    expect(m).toContain('[2,2] (rank 2)');
  });

  test('depthwiseConv2d f=[2,2,1]: the filter must be rank 4', () => {
    expect(message(() => depthwiseConv2d(x, fill([2, 2, 1])))).toMatch(/^depthwiseConv2d: filter: .*\[height, width, inChannels, depthMultiplier\].*\[2,2,1\] \(rank 3\)/);
  });

  test('conv2d x=[1,5,5,3] f=[3,3,4,8]: channel mismatch names both shapes', () => {
    expect(message(() => conv2d(fill([1, 5, 5, 3]), fill([3, 3, 4, 8]))))
      .toBe('conv2d: filter: filter [3,3,4,8] expects 4 input channels but x [1,5,5,3] (NHWC) has 3');
  });

  test('conv2d x=[1,3,5,5] NCHW f=[3,3,4,8]: the mismatch reads channels from axis 1', () => {
    expect(message(() => conv2d(fill([1, 3, 5, 5]), fill([3, 3, 4, 8]), { dataFormat: 'NCHW' })))
      .toBe('conv2d: filter: filter [3,3,4,8] expects 4 input channels but x [1,3,5,5] (NCHW) has 3');
  });

  test('conv2d x={shape:[1,2.5,3,2]}: a non-integer size', () => {
    expect(message(() => conv2d({ shape: [1, 2.5, 3, 2], data: [] }, f)))
      .toBe('conv2d: x: shape [1,2.5,3,2] has an invalid size 2.5 at axis 1; sizes must be integers >= 1');
  });

  test('depthwiseConv2d f={shape:[2,0,2,1]}: a zero size', () => {
    expect(message(() => depthwiseConv2d(x, { shape: [2, 0, 2, 1], data: [] })))
      .toBe('depthwiseConv2d: filter: shape [2,0,2,1] has a zero size 0 at axis 1; sizes must be integers >= 1');
  });

  test('tensor(values, [1,0]): a zero size', () => {
    expect(message(() => tensor([1, 2], [1, 0]))).toMatch(/^tensor: shape: shape \[1,0\] has a zero size/);
  });

  test('conv2d x={shape:[1,3,3,2], data: 2 values}: data does not fill the shape', () => {
    expect(message(() => conv2d({ shape: [1, 3, 3, 2], data: [1, 2] }, f))).toBe('conv2d: x: 2 values do not fill shape [1,3,3,2] (needs 18)');
  });

  test('conv2d with new Tensor(7 values, [2,2,2,1]): a Tensor whose data does not fill its shape', () => {
    expect(message(() => conv2d(x, new Tensor(new Float32Array(7), [2, 2, 2, 1])))).toBe('conv2d: filter: 7 values do not fill shape [2,2,2,1] (needs 8)');
  });

  test('conv2d x=[1,2]: an array is not a tensor', () => {
    expect(message(() => conv2d([1, 2] as never, f))).toBe('conv2d: x: expected a Tensor or { shape, data }, got an array');
  });

  test('conv2d padding="full": unknown padding', () => {
    expect(message(() => conv2d(x, f, { padding: 'full' }))).toMatch(/^conv2d: padding: unknown padding "full"; expected 'valid', 'same'/);
  });

  test('conv2d padding=[[1,1]]: malformed explicit padding', () => {
    expect(message(() => conv2d(x, f, { padding: [[1, 1]] }))).toMatch(/^conv2d: padding: unknown padding \[\[1,1\]\]/);
  });

  test('conv2d padding=[[-1,0],[0,0]]: negative explicit padding', () => {
    expect(message(() => conv2d(x, f, { padding: [[-1, 0], [0, 0]] }))).toBe('conv2d: padding: expected an integer >= 0, got -1');
  });

  test('conv2d activation="mish": unknown activation lists the known ones', () => {
    const m = message(() => conv2d(x, f, { activation: 'mish' }));
    expect(m).toMatch(/^conv2d: activation: unknown activation "mish"; expected one of linear, relu, relu6/);
  });

  test('separableConv2d activation="mish": named by the op called', () => {
    expect(message(() => separableConv2d(x, f, fill([1, 1, 2, 3]), { activation: 'mish' }))).toMatch(/^separableConv2d: activation: /);
  });

  test('conv2d dataFormat="NWHC": unknown data format', () => {
    expect(message(() => conv2d(x, f, { dataFormat: 'NWHC' })))
      .toBe('conv2d: dataFormat: unknown data format "NWHC"; expected \'NHWC\' (\'channels_last\') or \'NCHW\' (\'channels_first\')');
  });

  test("conv2d dataFormat='channelsFirst' (tfjs-layers' spelling) is NCHW, as 'channels_first' is", () => {
    const nchw = tensor(Array.from({ length: 2 * 3 * 4 }, (_, i) => i - 5), [1, 2, 3, 4]);
    const k = tensor(Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => (i % 5) - 2), [2, 2, 2, 3]);
    const y = conv2d(nchw, k, { dataFormat: 'channelsFirst' });
    expect(y.shape).toEqual([1, 3, 2, 3]);
    expect(Array.from(y.data)).toEqual(Array.from(conv2d(nchw, k, { dataFormat: 'NCHW' }).data));
  });

  test('conv2d s=2 d=2: a stride together with a dilation', () => {
    expect(message(() => conv2d(x, f, { strides: 2, dilations: 2 })))
      .toBe('conv2d: strides: strides [2,2] cannot be combined with dilations [2,2]: TensorFlow refuses a stride > 1 together with a dilation > 1');
  });

  test('depthwiseConv2d s=[1,2] d=[3,1]: a stride along one axis, a dilation along the other', () => {
    expect(message(() => depthwiseConv2d(x, f, { strides: [1, 2], dilations: [3, 1] }))).toMatch(/^depthwiseConv2d: strides: strides \[1,2\] cannot be combined with dilations \[3,1\]/);
  });

  test('conv2d strides=1.5 and strides=0: strides must be integers >= 1', () => {
    expect(message(() => conv2d(x, f, { strides: 1.5 }))).toBe('conv2d: strides: expected an integer >= 1, got 1.5');
    expect(message(() => conv2d(x, f, { strides: 0 }))).toBe('conv2d: strides: expected an integer >= 1, got 0');
  });

  test('conv2d strides=[2,2,2,2]: a 4-vector stride must be 1 on batch and channels', () => {
    expect(message(() => conv2d(x, f, { strides: [2, 2, 2, 2] }))).toMatch(/^conv2d: strides: \[2,2,2,2\] must be 1 in the batch and channel positions for NHWC/);
  });

  test('conv2d f=[2,2,2,1] bias=[1,2]: bias length must equal the output channels', () => {
    expect(message(() => conv2d(x, f, { bias: [1, 2] })))
      .toBe('conv2d: bias: 2 values but the output has 1 channel (filter [2,2,2,1]); expected one bias per output channel');
  });

  test('depthwiseConv2d f=[2,2,2,1] bias=tensor [3]: depthwise output channels are in * M = 2', () => {
    expect(message(() => depthwiseConv2d(x, f, { bias: tensor([1, 2, 3], [3]) }))).toMatch(/^depthwiseConv2d: bias: 3 values but the output has 2 channels \(filter \[2,2,2,1\]\)/);
  });

  test('separableConv2d pw=[1,1,2,3] bias=[1,2]: the bias follows the pointwise output channels', () => {
    expect(message(() => separableConv2d(x, f, fill([1, 1, 2, 3]), { bias: [1, 2] }))).toMatch(/^separableConv2d: bias: 2 values but the output has 3 channels \(filter \[1,1,2,3\]\)/);
  });

  test('conv2d bias=tensor [1,1]: a bias tensor must be rank 1', () => {
    expect(message(() => conv2d(x, f, { bias: tensor([1], [1, 1]) }))).toMatch(/^conv2d: bias: expected a rank-1 bias of 1 values .*got shape \[1,1\]/);
  });

  test('conv2d x=[1,3,3,2] f=[4,4,2,1] p=valid: a filter larger than the input', () => {
    expect(message(() => conv2d(x, fill([4, 4, 2, 1]))))
      .toBe('conv2d: filter: the height of the filter (4) is larger than the input height (3) with valid padding (filter [4,4,2,1], x [1,3,3,2] NHWC); the output would be empty');
  });

  test('depthwiseConv2d x=[1,3,3,2] f=[2,2,2,1] d=[1,3] p=valid: a dilated filter larger than the input', () => {
    expect(message(() => depthwiseConv2d(x, f, { dilations: [1, 3] }))).toMatch(/^depthwiseConv2d: filter: the width of the filter \(2, dilated to 4\) is larger than the input width \(3\)/);
  });

  test('separableConv2d dw=[4,1,2,1] p=valid: the depthwise filter is named', () => {
    expect(message(() => separableConv2d(x, fill([4, 1, 2, 1]), fill([1, 1, 2, 3])))).toMatch(/^separableConv2d: depthwiseFilter: the height of the filter \(4\)/);
  });

  test('pointwiseConv2d f=[2,2,2,1]: a pointwise filter must be 1x1', () => {
    expect(message(() => pointwiseConv2d(x, f))).toBe('pointwiseConv2d: filter: a pointwise filter must be 1x1, got [2,2,2,1]');
  });

  test('pointwiseConv2d f=[3]: a pointwise filter is [in, out] or [1, 1, in, out]', () => {
    expect(message(() => pointwiseConv2d(x, fill([3])))).toMatch(/^pointwiseConv2d: filter: expected a pointwise filter \[inChannels, outChannels\] or \[1, 1, inChannels, outChannels\], got shape \[3\]/);
  });

  test('pointwiseConv2d x=[1,3,3,2] f=[3,4]: the [in, out] form is checked against x', () => {
    expect(message(() => pointwiseConv2d(x, fill([3, 4])))).toBe('pointwiseConv2d: filter: filter [1,1,3,4] expects 3 input channels but x [1,3,3,2] (NHWC) has 2');
  });

  test('separableConv2d pw=[2,2,2,1]: the pointwise filter must be 1x1', () => {
    expect(message(() => separableConv2d(x, f, f))).toBe('separableConv2d: pointwiseFilter: a pointwise filter must be 1x1, got [2,2,2,1]');
  });

  test('separableConv2d dw=[2,2,2,2] pw=[1,1,3,2]: pointwise in-channels must be in * M', () => {
    expect(message(() => separableConv2d(x, fill([2, 2, 2, 2]), fill([1, 1, 3, 2]))))
      .toBe('separableConv2d: pointwiseFilter: pointwise filter [1,1,3,2] expects 3 input channels but the depthwise stage (filter [2,2,2,2] on x [1,3,3,2]) gives 2x2 = 4');
  });
});

describe('NaN and Infinity propagate as in TensorFlow', () => {
  beforeAll(oracleReady);

  const grid = (values: number[], shape: number[]) => ({ shape, data: Float32Array.from(values) });
  const base = { strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number], dataFormat: 'NHWC' as const };
  // A 4x4 single-channel image with one special value in it.
  const image = (at: number, value: number) => grid(Array.from({ length: 16 }, (_, i) => (i === at ? value : (i % 5) - 2)), [1, 4, 4, 1]);
  const ones3 = grid([1, -1, 2, 0.5, 1, -2, 1, 3, -1], [3, 3, 1, 1]);
  const cases: [string, OracleCase][] = [
    ['conv2d with NaN in x: every window over it is NaN, the others are not', { ...base, op: 'conv2d', x: image(5, NaN), filter: ones3, padding: 'same' }],
    ['conv2d with Infinity on the border and SAME padding: padding is skipped, not 0 * Infinity', { ...base, op: 'conv2d', x: image(0, Infinity), filter: ones3, padding: 'same' }],
    ['depthwiseConv2d with Infinity times a zero weight: NaN', { ...base, op: 'depthwiseConv2d', x: image(5, Infinity), filter: grid([1, 0, 1, 1, 0, 1, 1, 1, 1], [3, 3, 1, 1]), padding: 'valid' }],
    ['depthwiseConv2d with Infinity and -Infinity in one window: NaN', { ...base, op: 'depthwiseConv2d', x: grid([Infinity, -Infinity, 1, 1, 1, 1, 1, 1, 1], [1, 3, 3, 1]), filter: grid([1, 1, 1, 1], [2, 2, 1, 1]), padding: 'valid' }],
    ['pointwiseConv2d overflowing float32: Infinity', { ...base, op: 'pointwiseConv2d', x: grid([3e38, 3e38, -3e38, -3e38], [1, 1, 2, 2]), filter: grid([2, 2, 2, 2], [1, 1, 2, 2]), padding: 'valid' }],
    ['separableConv2d with NaN in the depthwise filter: NaN everywhere', { ...base, op: 'separableConv2d', x: image(3, 1), filter: grid([1, NaN, 1, 1], [2, 2, 1, 1]), pointwiseFilter: grid([1, 2], [1, 1, 1, 2]), padding: 'same' }],
    ['conv2d relu of NaN and -Infinity: NaN and 0', { ...base, op: 'conv2d', x: grid([NaN, -Infinity, Infinity, 1], [1, 2, 2, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'relu' }],
    ['conv2d relu6 of ±Infinity and NaN: 0, 6 and NaN', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN], [1, 1, 3, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'relu6' }],
    ['conv2d sigmoid of ±Infinity and NaN: 0, 1 and NaN', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN], [1, 1, 3, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'sigmoid' }],
    ['conv2d tanh of ±Infinity and NaN: -1, 1 and NaN', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN], [1, 1, 3, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'tanh' }],
    ['conv2d elu of ±Infinity and NaN: -1, Infinity and NaN', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN], [1, 1, 3, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'elu' }],
    ['conv2d selu of ±Infinity and NaN', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN], [1, 1, 3, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'selu' }],
    ['conv2d softplus of ±Infinity and ±1e30: 0, Infinity, 0 and 1e30', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, -1e30, 1e30], [1, 1, 4, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'softplus' }],
    ['conv2d swish and softsign of NaN and Infinity', { ...base, op: 'conv2d', x: grid([-Infinity, Infinity, NaN, -3e38], [1, 1, 4, 1]), filter: grid([1], [1, 1, 1, 1]), padding: 'valid', activation: 'softsign' }],
    ['conv2d bias of Infinity on a finite sum', { ...base, op: 'conv2d', x: image(0, 1), filter: ones3, padding: 'valid', bias: Float32Array.from([Infinity]) }],
  ];
  for (const [name, c] of cases) {
    test(name, () => {
      const actual = runCase(c);
      const expected = oracle(c);
      expect(actual.shape).toEqual(expected.shape);
      expect(firstDifference(actual.data, expected.data)).toBe(-1);
      // Each case is about non-finite values, so some must come out.
      expect(Array.from(actual.data).some((v) => !Number.isFinite(v))).toBe(true);
    });
  }

  test('conv2d with NaN in x: exactly the windows over it are NaN', () => {
    const y = runCase(cases[0][1]);
    // x(1,1) is under the 3x3 SAME windows centred on rows 0-2 and columns 0-2.
    const nan = Array.from(y.data, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10]);
  });

  test('conv2d with Infinity in the corner and SAME padding: only windows over it are Infinity, none NaN', () => {
    const y = runCase(cases[1][1]);
    expect(Array.from(y.data).some(Number.isNaN)).toBe(false);
    expect(Array.from(y.data, (v) => v === Infinity || v === -Infinity).filter(Boolean).length).toBe(4);
  });
});
