// The engine against the oracle (tfjs-backend-cpu) on a few hundred seeded
// configurations of every op: results must be the same float32 values, bit
// for bit. Only GELU gets a tolerance: tfjs's erf is Abramowitz-Stegun 7.1.26
// (|error| < 1.5e-7), ours is accurate to double precision.
import { beforeAll, describe, expect, test } from 'vitest';
import { oracle, oracleReady } from '../helpers/oracle.js';
import { buildCase, caseName, mulberry32, OPS, randomCases, type Case } from './cases.js';
import { firstDifference, runCase } from './run-case.js';

beforeAll(oracleReady);

function check(c: Case): void {
  const actual = runCase(c);
  const expected = oracle(c);
  expect(actual.shape).toEqual(expected.shape);
  const tolerance = c.activation === 'gelu' ? 1e-6 : 0;
  const i = firstDifference(actual.data, expected.data, tolerance);
  if (i >= 0) expect.fail(`output ${i} of ${actual.data.length}: engine ${actual.data[i]}, oracle ${expected.data[i]}`);
}

const rand = mulberry32(0x5eed);
type Draw = Parameters<typeof buildCase>[0];
const base: Draw = {
  op: 'conv2d', dataFormat: 'NHWC', batch: 1, height: 3, width: 3, channels: 2, kh: 2, kw: 2, outChannels: 2, multiplier: 1,
  strides: [1, 1], dilations: [1, 1], padding: 'valid', bias: false, activation: 'linear', values: 'float',
};
const edge = (d: Partial<Draw>): Case => buildCase({ ...base, ...d }, rand)!;

// The corners random draws reach only rarely, for every op in both layouts.
const edges: Case[] = OPS.flatMap((op) => (['NHWC', 'NCHW'] as const).flatMap((dataFormat) => [
  edge({ op, dataFormat, height: 2, width: 3, kh: 5, kw: 4, padding: 'same' }),                  // filter larger than x
  edge({ op, dataFormat, height: 1, width: 1, kh: 3, kw: 3, padding: 'same', bias: true }),      // 1x1 input
  edge({ op, dataFormat, height: 1, width: 1, kh: 1, kw: 1 }),                                    // 1x1 input, 1x1 filter
  edge({ op, dataFormat, height: 7, width: 5, kh: 3, kw: 2, dilations: [3, 2], padding: 'same' }),
  edge({ op, dataFormat, height: 8, width: 9, kh: 4, kw: 5, strides: [3, 2], padding: [[2, 0], [1, 2]] }),
  edge({ op, dataFormat, batch: 3, height: 6, width: 4, channels: 3, multiplier: 3, outChannels: 4, kh: 2, kw: 4, strides: [2, 3], padding: 'same', bias: true, activation: 'relu6' }),
]));

describe('conformance with tfjs-backend-cpu: edges', () => {
  edges.forEach((c, i) => test(`#${i} ${caseName(c)}`, () => check(c)));
});

const random = randomCases(20261128, 600);
for (const op of OPS) {
  describe(`conformance with tfjs-backend-cpu: random ${op}`, () => {
    random.forEach((c, i) => { if (c.op === op) test(`#${i} ${caseName(c)}`, () => check(c)); });
  });
}

test('the random cases cover both layouts, every padding kind, bias, dilation, stride and every activation', () => {
  const seen = (f: (c: Case) => unknown) => new Set(random.map(f));
  expect(seen((c) => c.dataFormat).size).toBe(2);
  expect(seen((c) => (typeof c.padding === 'string' ? c.padding : 'explicit')).size).toBe(3);
  expect(seen((c) => Boolean(c.bias)).size).toBe(2);
  expect(random.some((c) => c.dilations.some((d) => d > 1))).toBe(true);
  expect(random.some((c) => c.strides.some((s) => s > 1))).toBe(true);
  expect(seen((c) => c.activation).size).toBe(11);
  expect(seen((c) => c.values).size).toBe(3);
});

describe('TensorFlow\'s option spellings give the same result', () => {
  const c = edge({ op: 'conv2d', dataFormat: 'NCHW', height: 7, width: 6, channels: 2, kh: 3, kw: 2, strides: [2, 1], padding: [[1, 0], [0, 1]], bias: true });
  const reference = runCase(c);

  test('conv2d NCHW strides [2,1] = [1,1,2,1]; padding [[1,0],[0,1]] = [[0,0],[0,0],[1,0],[0,1]]; dataFormat NCHW = channels_first', () => {
    const again = runCase({ ...c, strides: [1, 1, 2, 1] as never, padding: [[0, 0], [0, 0], [1, 0], [0, 1]] as never, dataFormat: 'channels_first' as never });
    expect(firstDifference(again.data, reference.data)).toBe(-1);
  });

  test('depthwiseConv2d NHWC strides 2 = [2] = [2,2] = [1,2,2,1]; padding SAME = same; dilations 1 = [1,1,1,1]', () => {
    const d = edge({ op: 'depthwiseConv2d', height: 6, width: 5, kh: 3, kw: 3, multiplier: 2, strides: [2, 2], padding: 'same' });
    const expected = runCase(d).data;
    for (const strides of [2, [2], [2, 2], [1, 2, 2, 1]]) {
      const y = runCase({ ...d, strides: strides as never, padding: 'SAME' as never, dilations: [1, 1, 1, 1] as never });
      expect(firstDifference(y.data, expected)).toBe(-1);
    }
  });
});
