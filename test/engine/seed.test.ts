// The seed article's two worked examples, reproduced by the engine.
import { describe, expect, test } from 'vitest';
import { conv2d, depthwiseConv2d, tensor } from '../../engine/index.js';
import { oracle, oracleReady } from '../helpers/oracle.js';

describe('the seed\'s depthwise_conv2d example', () => {
  // tf.reshape(tf.constant([...]), [1,3,3,2]) and the kernel reshaped to [2,2,2,1].
  const x = tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
  const k = tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);
  const expected = [[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]];

  test('depthwiseConv2d x=[1,3,3,2] f=[2,2,2,1] s=1 p=valid gives [[[[-2,18],[12,21]],[[17,-7],[-13,16]]]]', () => {
    const y = depthwiseConv2d(x, k, { strides: 1, padding: 'VALID' });
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(y.toArray()).toEqual(expected);
  });

  test('the first output is channel 0 alone: 2*3 + 3*(-2) + 6*(-1) + 1*4 = -2', () => {
    // Channel 0 of x's top-left window is [[2,3],[6,1]], of the kernel [[3,-2],[-1,4]].
    expect(2 * 3 + 3 * -2 + 6 * -1 + 1 * 4).toBe(-2);
    expect(depthwiseConv2d(x, k, { padding: 'valid' }).data[0]).toBe(-2);
  });

  test('depthwiseConv2d with TensorFlow\'s 4-vector strides [1,1,1,1] gives the same', () => {
    expect(depthwiseConv2d(x, k, { strides: [1, 1, 1, 1], padding: 'valid' }).toArray()).toEqual(expected);
  });

  test('depthwiseConv2d x=[1,2,3,3] (NCHW) gives the same values channel-first', () => {
    // x transposed to [batch, channels, height, width].
    const nchw = tensor([2, 3, 8, 6, 1, 5, 7, 2, -1, 5, 3, 2, 1, 2, 4, 9, 3, 3], [1, 2, 3, 3]);
    const y = depthwiseConv2d(nchw, k, { padding: 'valid', dataFormat: 'channels_first' });
    expect(y.toArray()).toEqual([[[[-2, 12], [17, -13]], [[18, 21], [-7, 16]]]]);
  });

  test('tfjs-backend-cpu agrees', async () => {
    await oracleReady();
    const o = oracle({
      op: 'depthwiseConv2d', x: { shape: [1, 3, 3, 2], data: x.data }, filter: { shape: [2, 2, 2, 1], data: k.data },
      strides: [1, 1], dilations: [1, 1], padding: 'valid', dataFormat: 'NHWC',
    });
    expect(Array.from(o.data)).toEqual(expected.flat(3));
  });
});

describe('the seed\'s conv2d walk-through', () => {
  // A 5x5x3 input (zero-padded by 1 to 7x7x3), filters w0 and w1 of 3x3x3,
  // stride 2, bias b0 = 1. The article's three lines give the top-left window
  // of each channel ("01+01+0*(-1)..." is 0*1 + 0*1 + 0*(-1) ...) and w0:
  //   channel 0: window [0,0,0, 0,0,1, 0,0,1]  w0 [ 1, 1,-1, -1,0, 1, -1,-1,0]  sum  1
  //   channel 1: window [0,0,0, 0,1,1, 0,0,2]  w0 [-1, 0,-1,  0,0,-1,  1,-1,0]  sum -1
  //   channel 2: window [0,0,0, 0,2,0, 0,0,0]  w0 [ 0, 1, 0,  1,0, 1,  0,-1,0]  sum  0
  // so x's top-left 2x2 is known; the rest of x, w1 and b1 are ours.
  const channels = [
    [[0, 1, 2, 0, 1], [0, 1, 1, 2, 0], [2, 0, 0, 1, 2], [1, 2, 0, 0, 1], [0, 0, 2, 1, 1]],
    [[1, 1, 0, 2, 2], [0, 2, 1, 0, 1], [1, 0, 2, 2, 0], [2, 1, 1, 0, 0], [0, 2, 0, 1, 2]],
    [[2, 0, 1, 1, 0], [0, 0, 2, 1, 2], [1, 1, 0, 0, 2], [0, 2, 2, 1, 0], [1, 0, 1, 2, 1]],
  ];
  const w0 = [
    [[1, 1, -1], [-1, 0, 1], [-1, -1, 0]],
    [[-1, 0, -1], [0, 0, -1], [1, -1, 0]],
    [[0, 1, 0], [1, 0, 1], [0, -1, 0]],
  ];
  const w1 = [
    [[0, -1, 1], [1, 0, 0], [-1, 1, 1]],
    [[1, 1, 0], [-1, -1, 0], [0, 1, -1]],
    [[-1, 0, 0], [0, 1, -1], [1, 0, 1]],
  ];
  const bias = [1, 0];
  const filters = [w0, w1];

  // NHWC [1,5,5,3] and HWIO [3,3,3,2] from the channel-major lists above.
  const xData: number[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 3; c++) xData.push(channels[c][i][j]);
  const fData: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 3; c++) for (let o = 0; o < 2; o++) fData.push(filters[o][c][i][j]);
  const x = tensor(xData, [1, 5, 5, 3]);
  const filter = tensor(fData, [3, 3, 3, 2]);
  const options = { strides: 2, padding: [[1, 1], [1, 1]], bias } as const;

  /** The article's method by hand: pad with zeros, slide by 2, multiply, sum channels, add the bias. */
  function byHand(): number[][][] {
    const padded = channels.map((ch) => [Array(7).fill(0), ...ch.map((row) => [0, ...row, 0]), Array(7).fill(0)]);
    const out: number[][][] = [];
    for (let i = 0; i < 3; i++) {
      const row: number[][] = [];
      for (let j = 0; j < 3; j++) {
        row.push(filters.map((w, o) => {
          let sum = bias[o];
          for (let c = 0; c < 3; c++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) sum += padded[c][2 * i + u][2 * j + v] * w[c][u][v];
          return sum;
        }));
      }
      out.push(row);
    }
    return out;
  }

  test('conv2d x=[1,5,5,3] f=[3,3,3,2] s=2 p=[[1,1],[1,1]] bias=[1,0]: the first output is 1', () => {
    const y = conv2d(x, filter, options);
    expect(y.shape).toEqual([1, 3, 3, 2]);
    expect(y.data[0]).toBe(1);
  });

  test('each channel\'s partial sum at the first output is 1, -1 and 0', () => {
    const partial = [0, 1, 2].map((c) => {
      const xc = tensor(xData.filter((_, i) => i % 3 === c), [1, 5, 5, 1]);
      const wc = tensor(fData.filter((_, i) => Math.floor(i / 2) % 3 === c), [3, 3, 1, 2]);
      return conv2d(xc, wc, { strides: 2, padding: [[1, 1], [1, 1]] }).data[0];
    });
    expect(partial).toEqual([1, -1, 0]);
    expect(partial[0] + partial[1] + partial[2] + bias[0]).toBe(1);
  });

  test('every output matches the walk-through done by hand', () => {
    expect(conv2d(x, filter, options).toArray()).toEqual([byHand()]);
  });

  test('padding SAME is the explicit [[1,1],[1,1]] here', () => {
    const same = conv2d(x, filter, { ...options, padding: 'same' });
    expect(same.toArray()).toEqual(conv2d(x, filter, options).toArray());
  });

  test('conv2d on NCHW [1,3,5,5] gives the same outputs channel-first', () => {
    const nchw = tensor(channels.flat(2), [1, 3, 5, 5]);
    const y = conv2d(nchw, filter, { ...options, dataFormat: 'NCHW' });
    const hand = byHand();
    expect(y.toArray()).toEqual([[0, 1].map((o) => hand.map((row) => row.map((px) => px[o])))]);
  });
});
