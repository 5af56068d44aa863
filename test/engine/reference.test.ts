// The reference kernels as a faster kernel's author uses them: a ConvInfo,
// flat float32 arrays and an output buffer, nothing else.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  computeConvInfo, computeSeparableInfo,
  conv2dReference, depthwiseReference, pointwiseReference, separableReference,
} from '../../engine/index.js';
import { oracle, oracleReady } from '../helpers/oracle.js';
import { mulberry32, randomValues } from './cases.js';
import { firstDifference } from './run-case.js';

beforeAll(oracleReady);

const rand = mulberry32(42);
const values = (shape: number[]) => randomValues(rand, shape.reduce((a, b) => a * b, 1), 'float');

describe('reference kernels write exactly the output buffer', () => {
  test('conv2dReference x=[2,5,4,3] f=[3,2,3,4] s=[2,1] p=same NCHW writes out and nothing past it', () => {
    const info = computeConvInfo('conv2d', [2, 3, 5, 4], [3, 2, 3, 4], { strides: [2, 1], padding: 'same', dataFormat: 'NCHW' });
    const x = values([2, 3, 5, 4]);
    const f = values([3, 2, 3, 4]);
    const n = info.outShape.reduce((a, b) => a * b, 1);
    // A larger buffer filled with a sentinel: the kernel must fill the first n and leave the rest.
    const buffer = new Float32Array(n + 8).fill(12345);
    conv2dReference(info, x, f, buffer.subarray(0, n));
    expect(Array.from(buffer.subarray(n))).toEqual(new Array(8).fill(12345));
    expect(Array.from(buffer.subarray(0, n)).includes(12345)).toBe(false);
    const o = oracle({ op: 'conv2d', x: { shape: [2, 3, 5, 4], data: x }, filter: { shape: [3, 2, 3, 4], data: f }, strides: [2, 1], dilations: [1, 1], padding: 'same', dataFormat: 'NCHW' });
    expect(firstDifference(buffer.subarray(0, n), o.data)).toBe(-1);
  });

  test('depthwiseReference x=[1,6,6,2] f=[3,3,2,3] d=2 p=valid with bias and relu6 overwrites stale output', () => {
    const info = computeConvInfo('depthwiseConv2d', [1, 6, 6, 2], [3, 3, 2, 3], { dilations: 2 });
    const x = values([1, 6, 6, 2]);
    const f = values([3, 3, 2, 3]);
    const bias = values([6]);
    const out = new Float32Array(info.outShape.reduce((a, b) => a * b, 1)).fill(NaN);
    depthwiseReference(info, x, f, out, bias, 'relu6');
    const o = oracle({ op: 'depthwiseConv2d', x: { shape: [1, 6, 6, 2], data: x }, filter: { shape: [3, 3, 2, 3], data: f }, strides: [1, 1], dilations: [2, 2], padding: 'valid', dataFormat: 'NHWC', bias, activation: 'relu6' });
    expect(firstDifference(out, o.data)).toBe(-1);
  });

  test('pointwiseReference x=[1,4,4,5] f=[5,3] s=2 takes the [in, out] filter memory as is', () => {
    const info = computeConvInfo('pointwiseConv2d', [1, 4, 4, 5], [1, 1, 5, 3], { strides: 2 });
    const x = values([1, 4, 4, 5]);
    const f = values([5, 3]);
    const out = new Float32Array(info.outShape.reduce((a, b) => a * b, 1));
    pointwiseReference(info, x, f, out);
    const o = oracle({ op: 'pointwiseConv2d', x: { shape: [1, 4, 4, 5], data: x }, filter: { shape: [1, 1, 5, 3], data: f }, strides: [2, 2], dilations: [1, 1], padding: 'valid', dataFormat: 'NHWC' });
    expect(firstDifference(out, o.data)).toBe(-1);
  });

  test('separableReference x=[1,5,5,2] dw=[3,3,2,2] pw=[1,1,4,3] p=same reuses a scratch buffer across calls', () => {
    const { depthwise, pointwise } = computeSeparableInfo([1, 5, 5, 2], [3, 3, 2, 2], [1, 1, 4, 3], { padding: 'same' });
    const scratch = new Float32Array(depthwise.outShape.reduce((a, b) => a * b, 1));
    const out = new Float32Array(pointwise.outShape.reduce((a, b) => a * b, 1));
    for (let call = 0; call < 2; call++) {
      const x = values([1, 5, 5, 2]);
      const dw = values([3, 3, 2, 2]);
      const pw = values([1, 1, 4, 3]);
      separableReference(depthwise, pointwise, x, dw, pw, out, null, 'linear', scratch);
      const o = oracle({ op: 'separableConv2d', x: { shape: [1, 5, 5, 2], data: x }, filter: { shape: [3, 3, 2, 2], data: dw }, pointwiseFilter: { shape: [1, 1, 4, 3], data: pw }, strides: [1, 1], dilations: [1, 1], padding: 'same', dataFormat: 'NHWC' });
      expect(firstDifference(out, o.data)).toBe(-1);
    }
  });
});

describe('the accumulation order is tfjs-backend-cpu\'s', () => {
  test('conv2d x=[1,1,1,3] f=[1,1,3,1]: 1e8 + 1 - 1e8 in float32 is 0, not 1', () => {
    // Summed in channel order with float32 rounding after each step, the 1 is lost;
    // a double accumulator (or another order) would give 1.
    const info = computeConvInfo('conv2d', [1, 1, 1, 3], [1, 1, 3, 1]);
    const out = new Float32Array(1);
    conv2dReference(info, Float32Array.from([1e8, 1, -1e8]), Float32Array.from([1, 1, 1]), out);
    expect(out[0]).toBe(0);
    const o = oracle({ op: 'conv2d', x: { shape: [1, 1, 1, 3], data: Float32Array.from([1e8, 1, -1e8]) }, filter: { shape: [1, 1, 3, 1], data: Float32Array.from([1, 1, 1]) }, strides: [1, 1], dilations: [1, 1], padding: 'valid', dataFormat: 'NHWC' });
    expect(o.data[0]).toBe(0);
  });

  test('conv2d x=[1,2,2,1] f=[2,2,1,1]: rows before columns, 1e8 - 1e8 first keeps the 1', () => {
    // Taps in (row, column) order: 1e8 (0,0), -1e8 (0,1), then 1 (1,0) and 0 (1,1).
    const info = computeConvInfo('conv2d', [1, 2, 2, 1], [2, 2, 1, 1]);
    const out = new Float32Array(1);
    conv2dReference(info, Float32Array.from([1e8, -1e8, 1, 0]), Float32Array.from([1, 1, 1, 1]), out);
    expect(out[0]).toBe(1);
    const transposed = new Float32Array(1);
    conv2dReference(info, Float32Array.from([1e8, 1, -1e8, 0]), Float32Array.from([1, 1, 1, 1]), transposed);
    expect(transposed[0]).toBe(0);
  });
});
