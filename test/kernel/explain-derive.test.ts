// derive(call, y, index): one output value worked out by hand. The seed's own
// examples give the seed's own sums; on any op, shape and option the derived
// value is the reference op's value bit for bit (on values whose sums are
// exact, conv2d too; on arbitrary floats depthwise, pointwise and separable
// still match bit for bit, since they add in the reference's order).
import { describe, expect, test } from 'vitest';
import { derive } from '../../kernel/views/explain/derive.js';
import { derivationText } from '../../kernel/views/explain/lines.js';
import { float32Text } from '../../kernel/views/explain/numbers.js';
import type { OpCall } from '../../kernel/views/explain/call.js';
import { conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, tensor, type Tensor } from '../../engine/index.js';

// The seed's conv2d example: a 5x5x3 input padded by one, w0 and bias 1 at stride 2.
const channels = [
  [[0, 1, 2, 0, 1], [0, 1, 1, 2, 0], [2, 0, 0, 1, 2], [1, 2, 0, 0, 1], [0, 0, 2, 1, 1]],
  [[1, 1, 0, 2, 2], [0, 2, 1, 0, 1], [1, 0, 2, 2, 0], [2, 1, 1, 0, 0], [0, 2, 0, 1, 2]],
  [[2, 0, 1, 1, 0], [0, 0, 2, 1, 2], [1, 1, 0, 0, 2], [0, 2, 2, 1, 0], [1, 0, 1, 2, 1]],
];
const w0 = [[[1, 1, -1], [-1, 0, 1], [-1, -1, 0]], [[-1, 0, -1], [0, 0, -1], [1, -1, 0]], [[0, 1, 0], [1, 0, 1], [0, -1, 0]]];
const w1 = [[[0, -1, 1], [1, 0, 0], [-1, 1, 1]], [[1, 1, 0], [-1, -1, 0], [0, 1, -1]], [[-1, 0, 0], [0, 1, -1], [1, 0, 1]]];
const seedX = tensor(Array.from({ length: 75 }, (_, i) => channels[i % 3][Math.floor(i / 15)][Math.floor(i / 3) % 5]), [1, 5, 5, 3]);
const seedFilter = tensor(Array.from({ length: 54 }, (_, i) => [w0, w1][i % 2][Math.floor(i / 2) % 3][Math.floor(i / 18)][Math.floor(i / 6) % 3]), [3, 3, 3, 2]);
const seedConv: OpCall = { op: 'conv2d', x: seedX, filter: seedFilter, options: { strides: 2, padding: [[1, 1], [1, 1]], bias: [1, 0] } };

describe('derive on the seed', () => {
  test('conv2d y[0,0,0,0]: channel sums 1, -1, 0 and bias 1 give 1, as the seed writes it', () => {
    const y = conv2d(seedConv.x, (seedConv as { filter: Tensor }).filter, seedConv.options);
    const d = derive(seedConv, y, [0, 0, 0, 0]);
    expect(d.windows.map((w) => w.sum)).toEqual([1, -1, 0]);
    expect([d.bias, d.value, d.actual, d.agrees]).toEqual([1, 1, 1, true]);
    const text = derivationText(d);
    expect(text).toContain('channel 0: 0·1 + 0·1 + 0·(-1) + 0·(-1) + 0·0 + 1·1 + 0·(-1) + 0·(-1) + 1·0 = 1');
    expect(text).toContain('channel 1: 0·(-1) + 0·0 + 0·(-1) + 0·0 + 1·0 + 1·(-1) + 0·1 + 0·(-1) + 2·0 = -1');
    expect(text).toContain('channel 2: 0·0 + 0·1 + 0·0 + 0·1 + 2·0 + 0·1 + 0·0 + 0·(-1) + 0·0 = 0');
    expect(text).toContain('\n  1 + (-1) + 0 + 1 = 1\n');
    expect(text).toContain('window: input rows -1…1, cols -1…1 (stride 2, dilation 1; zero padding: row -1, col -1)');
  });

  test('conv2d: the padding taps are listed with x = 0 and flagged, never added', () => {
    const d = derive(seedConv, conv2d(seedX, seedFilter, seedConv.options), [0, 0, 0, 1]);
    const padded = d.windows[0].taps.filter((t) => t.padding);
    expect(padded.map((t) => [t.iy, t.ix])).toEqual([[-1, -1], [-1, 0], [-1, 1], [0, -1], [1, -1]]);
    expect(padded.every((t) => t.x === 0)).toBe(true);
  });

  test('depthwiseConv2d on the seed tensor derives every one of [[[[-2,18],[12,21]],[[17,-7],[-13,16]]]]', () => {
    const x = tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
    const k = tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);
    const call: OpCall = { op: 'depthwiseConv2d', x, filter: k, options: { strides: 1, padding: 'valid' } };
    const y = depthwiseConv2d(x, k, call.options);
    const values = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 2; c++) values.push(derive(call, y, [0, i, j, c]).value);
    expect(values).toEqual([-2, 18, 12, 21, 17, -7, -13, 16]);
    const text = derivationText(derive(call, y, [0, 0, 0, 0]));
    // Channel 0 of the window: x 2, 3, 6, 1 against k[:,:,0] = 3, -2, -1, 4.
    expect(text).toContain('channel 0: 2·3 + 3·(-2) + 6·(-1) + 1·4 = -2');
    expect(text).toContain('never summed across channels');
  });
});

/** Values k/16 in [-2, 2]: every product and partial sum is exact, so any order of additions gives the same float. */
function sixteenths(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return ((s >>> 8) % 65) / 16 - 2;
  });
}

function floats(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return Math.fround(((s >>> 8) / 2 ** 24) * 4 - 2);
  });
}

interface Case { name: string; call: OpCall; run: () => Tensor }

function cases(values: (n: number, seed: number) => Float32Array): Case[] {
  const t = (shape: number[], seed: number) => tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
  const x = t([2, 6, 7, 3], 1);
  const xNchw = t([1, 3, 6, 7], 2);
  const f = t([3, 3, 3, 4], 3);
  const dw = t([3, 3, 3, 2], 4);
  const pw = t([1, 1, 6, 4], 5);
  const out: Case[] = [];
  const add = (name: string, call: OpCall, run: () => Tensor) => out.push({ name, call, run });
  for (const options of [
    { strides: 1, padding: 'same' },
    { strides: 2, padding: 'valid', bias: [0.5, -1, 2, 0.25], activation: 'relu' },
    { dilations: 2, padding: [[2, 1], [0, 3]] as [[number, number], [number, number]] },
  ]) {
    const label = JSON.stringify(options);
    add(`conv2d x=[2,6,7,3] f=[3,3,3,4] ${label}`, { op: 'conv2d', x, filter: f, options }, () => conv2d(x, f, options));
    const dwOptions = { ...options, bias: options.bias ? [1, -1, 0.5, 2, -2, 0.75] : undefined };
    add(`depthwise x=[2,6,7,3] f=[3,3,3,2] ${label}`, { op: 'depthwiseConv2d', x, filter: dw, options: dwOptions }, () => depthwiseConv2d(x, dw, dwOptions));
    add(`separable x=[2,6,7,3] dw=[3,3,3,2] pw=[1,1,6,4] ${label}`, { op: 'separableConv2d', x, depthwiseFilter: dw, pointwiseFilter: pw, options }, () => separableConv2d(x, dw, pw, options));
  }
  const x6 = t([1, 5, 4, 6], 6);
  add('pointwise x=[1,5,4,6] f=[6,4] strides 2, padding 1, bias, sigmoid', { op: 'pointwiseConv2d', x: x6, filter: tensor(pw.data, [6, 4]), options: { strides: 2, padding: [[1, 1], [1, 1]], bias: [1, 2, 3, 4], activation: 'sigmoid' } },
    () => pointwiseConv2d(x6, tensor(pw.data, [6, 4]), { strides: 2, padding: [[1, 1], [1, 1]], bias: [1, 2, 3, 4], activation: 'sigmoid' }));
  add('conv2d NCHW x=[1,3,6,7] f=[3,3,3,4] same, bias', { op: 'conv2d', x: xNchw, filter: f, options: { dataFormat: 'NCHW', padding: 'same', bias: [1, 2, 3, 4] } },
    () => conv2d(xNchw, f, { dataFormat: 'NCHW', padding: 'same', bias: [1, 2, 3, 4] }));
  add('separable NCHW x=[1,3,6,7] same, tanh', { op: 'separableConv2d', x: xNchw, depthwiseFilter: dw, pointwiseFilter: pw, options: { dataFormat: 'channels_first', padding: 'same', activation: 'tanh' } },
    () => separableConv2d(xNchw, dw, pw, { dataFormat: 'channels_first', padding: 'same', activation: 'tanh' }));
  return out;
}

function everyIndex(shape: readonly number[]): number[][] {
  const out: number[][] = [[]];
  for (const n of shape) out.splice(0, out.length, ...out.flatMap((prefix) => Array.from({ length: n }, (_, i) => [...prefix, i])));
  return out;
}

describe('derive against the reference ops', () => {
  test.each(cases(sixteenths).map((c) => [c.name, c] as const))('%s: every value, bit for bit, on sixteenths', (_, c) => {
    const y = c.run();
    for (const index of everyIndex(y.shape)) {
      const d = derive(c.call, y, index);
      if (!d.agrees) throw new Error(`${c.name} at [${index}]: derived ${d.value}, the op gave ${d.actual}`);
    }
  });

  test.each(cases(floats).filter((c) => c.call.op !== 'conv2d').map((c) => [c.name, c] as const))('%s: every value, bit for bit, on arbitrary floats', (_, c) => {
    const y = c.run();
    for (const index of everyIndex(y.shape)) expect(derive(c.call, y, index).agrees).toBe(true);
  });

  test.each(cases(floats).filter((c) => c.call.op === 'conv2d').map((c) => [c.name, c] as const))('%s: channel by channel within float32 rounding of the reference on arbitrary floats', (_, c) => {
    const y = c.run();
    for (const index of everyIndex(y.shape)) {
      const d = derive(c.call, y, index);
      expect(Math.abs(d.value - d.actual)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(d.actual)));
    }
  });
});

describe('derive says when the tensor disagrees', () => {
  test('a tensor that holds another value is reported with both numbers', () => {
    const y = conv2d(seedX, seedFilter, seedConv.options);
    const tampered = tensor(y.data.map((v, i) => (i === 0 ? v + 2 ** -20 : v)), y.shape);
    const d = derive(seedConv, tampered, [0, 0, 0, 0]);
    expect(d.agrees).toBe(false);
    expect(derivationText(d)).toContain(`the tensor holds ${float32Text(1 + 2 ** -20)} where this derivation gives 1`);
  });
});

describe('derive refuses what it cannot explain', () => {
  const y = conv2d(seedX, seedFilter, seedConv.options);
  test.each([
    [[0, 0, 0], 'explain: index: expected 4 indices for an output of shape [1,3,3,2], got [0, 0, 0]'],
    [[0, 3, 0, 0], 'explain: index: 3 is out of range for axis 1 of shape [1,3,3,2] (0..2)'],
    [[0, 0, 0, 0.5], 'explain: index: 0.5 is out of range for axis 3 of shape [1,3,3,2] (0..1)'],
  ])('index %j', (index, message) => {
    expect(() => derive(seedConv, y, index)).toThrow(message);
  });

  test('a tensor of another shape than the call gives', () => {
    expect(() => derive(seedConv, tensor([1, 2], [1, 1, 1, 2]), [0, 0, 0, 0])).toThrow('explain: y: shape [1,1,1,2] is not what conv2d gives for this call ([1,3,3,2])');
  });

  test('an unknown op', () => {
    expect(() => derive({ op: 'maxPool' } as unknown as OpCall, y, [0, 0, 0, 0])).toThrow('explain: call: expected one of conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, got "maxPool"');
  });
});

describe('float32Text', () => {
  test.each([[0.1, '0.1'], [1 / 3, '0.33333334'], [-2, '-2'], [1e-8, '1e-8'], [16777216, '16777216'], [-0, '-0']])('%d prints as %s', (v, text) => {
    expect(float32Text(v)).toBe(text);
  });
});
