// formatTensor prints like NumPy's array2string with ', ' separators (what
// TensorFlow shows for t.numpy()), under a header naming shape and dtype.
// Expected texts are worked out by hand from NumPy's rules: one column width
// for all shown values, integer parts padded left and fractions padded right,
// rows wrapped at 75 characters, 3 edge items once size > 1000.
import { describe, expect, test } from 'vitest';
import { formatTensor } from '../../kernel/views/index.js';
import { tensor } from '../../engine/tensor.js';

const range = (n: number, f = (i: number) => i) => Array.from({ length: n }, (_, i) => f(i));

describe('formatTensor', () => {
  test('formatTensor(x=[1,2,2,2]) prints the seed depthwise output with aligned columns and a blank line between blocks', () => {
    const t = tensor([-2, 18, 12, 21, 17, -7, -13, 16], [1, 2, 2, 2]);
    expect(formatTensor(t)).toBe(
      ['Tensor shape=[1,2,2,2] dtype=float32', '[[[[ -2,  18],', '   [ 12,  21]],', '', '  [[ 17,  -7],', '   [-13,  16]]]]'].join('\n'),
    );
  });

  test('formatTensor(x=[]) prints a scalar on its own', () => {
    expect(formatTensor(tensor([3], []))).toBe('Tensor shape=[] dtype=float32\n3');
  });

  test('formatTensor(x=[2,2]) pads integer parts left and fractions right, keeping the point for whole values', () => {
    expect(formatTensor(tensor([0.5, 0.25, 1, -3.125], [2, 2]))).toBe('Tensor shape=[2,2] dtype=float32\n[[ 0.5  ,  0.25 ],\n [ 1.   , -3.125]]');
  });

  test('formatTensor prints each float32 with the fewest digits that read back as the same float32', () => {
    expect(formatTensor(tensor([0.1, 1 / 3, 0.7], [3])).split('\n')[1]).toBe('[0.1       , 0.33333334, 0.7       ]');
  });

  test('formatTensor switches to scientific notation when magnitudes span more than 1e3', () => {
    expect(formatTensor(tensor([1.5, 1e5, 0.1], [3])).split('\n')[1]).toBe('[1.5e+00, 1.0e+05, 1.0e-01]');
  });

  test('formatTensor spells NaN and infinities as NumPy does and pads them to the column', () => {
    expect(formatTensor(tensor([NaN, 1.5, -Infinity], [3])).split('\n')[1]).toBe('[ nan,  1.5, -inf]');
  });

  test('formatTensor(x=[30]) wraps rows before 75 characters, 18 two-digit values a line', () => {
    expect(formatTensor(tensor(range(30), [30])).split('\n').slice(1)).toEqual([
      '[ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,',
      ' 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]',
    ]);
  });

  test('formatTensor(x=[1001]) summarises with 3 edge items; the width comes from the shown values only', () => {
    expect(formatTensor(tensor(range(1001), [1001])).split('\n')[1]).toBe('[   0,    1,    2, ...,  998,  999, 1000]');
  });

  test('formatTensor(x=[1000]) is not summarised: NumPy summarises only above 1000 elements', () => {
    const text = formatTensor(tensor(range(1000), [1000]));
    expect(text).not.toContain('...');
    expect(text).toContain(' 999]');
  });

  test('formatTensor(x=[2,10], maxElements=10) elides the middle of each long row', () => {
    expect(formatTensor(tensor(range(20), [2, 10]), { maxElements: 10 }).split('\n').slice(1)).toEqual([
      '[[ 0,  1,  2, ...,  7,  8,  9],',
      ' [10, 11, 12, ..., 17, 18, 19]]',
    ]);
  });

  test('formatTensor(x=[8,2], maxElements=4) elides middle rows with a line of its own', () => {
    expect(formatTensor(tensor(range(16), [8, 2]), { maxElements: 4 }).split('\n').slice(1)).toEqual([
      '[[ 0,  1],', ' [ 2,  3],', ' [ 4,  5],', ' ...,', ' [10, 11],', ' [12, 13],', ' [14, 15]]',
    ]);
  });

  test('formatTensor(x=[112,112,32]) stays short: 3+3 items on each axis', () => {
    const text = formatTensor(tensor(range(112 * 112 * 32, (i) => i % 7), [1, 112, 112, 32]));
    expect(text.split('\n').length).toBeLessThan(80);
    expect(text.startsWith('Tensor shape=[1,112,112,32] dtype=float32\n[[[[')).toBe(true);
  });

  test('formatTensor rejects a bad maxElements and a non-tensor with the argument named', () => {
    expect(() => formatTensor(tensor([1], [1]), { maxElements: 1.5 })).toThrow('formatTensor: maxElements: expected an integer >= 0, got 1.5');
    expect(() => formatTensor({ shape: [1], data: [1] } as never)).toThrow('formatTensor: tensor: expected a Tensor');
  });
});
