// Activations against the oracle over a sweep of values, and erf against
// tabulated values (erf has no exact oracle: tfjs's is a 1.5e-7 approximation).
import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIVATIONS } from '../../engine/index.js';
import { erf } from '../../engine/activations.js';
import { oracle, oracleReady } from '../helpers/oracle.js';
import { firstDifference, runCase } from './run-case.js';
import { mulberry32 } from './cases.js';

beforeAll(oracleReady);

// Values from -20 to 20 (both softplus thresholds, elu's and selu's negative
// branch, sigmoid's saturation), some tiny ones and the extremes of float32.
const rand = mulberry32(7);
const sweep = Float32Array.from([
  ...Array.from({ length: 2000 }, () => rand() * 40 - 20),
  ...Array.from({ length: 200 }, () => (rand() - 0.5) * 1e-6),
  0, -0, 13.9, -13.9, 14, -14, 88, -88, 3.4e38, -3.4e38, 1e-45, -1e-45,
]);

describe('activations over x=[1,1,N,1] f=[1,1,1,1] (identity conv)', () => {
  for (const activation of ACTIVATIONS) {
    test(`conv2d activation=${activation} equals tfjs-backend-cpu${activation === 'gelu' ? ' within 1e-6' : ' bit for bit'}`, () => {
      const c = {
        op: 'conv2d' as const, x: { shape: [1, 1, sweep.length, 1], data: sweep }, filter: { shape: [1, 1, 1, 1], data: Float32Array.from([1]) },
        strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number], padding: 'valid' as const, dataFormat: 'NHWC' as const, activation,
      };
      const actual = runCase(c).data;
      const expected = oracle(c).data;
      const i = firstDifference(actual, expected, activation === 'gelu' ? 1e-6 : 0);
      if (i >= 0) expect.fail(`${activation}(${sweep[i]}): engine ${actual[i]}, oracle ${expected[i]}`);
    });
  }
});

describe('erf', () => {
  // erf to 16 digits, as the C library's erf (CPython math.erf) gives them.
  const table: [number, number][] = [
    [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [1.5, 0.9661051464753108],
    [2, 0.9953222650189527], [3, 0.9999779095030014], [4, 0.9999999845827421], [5, 0.9999999999984626],
  ];
  for (const [x, value] of table) {
    test(`erf(${x}) = ${value} and erf(-${x}) = -${value}`, () => {
      expect(Math.abs(erf(x) - value)).toBeLessThan(1e-15);
      expect(erf(-x)).toBe(-erf(x));
    });
  }
  test('erf(0) = 0, erf(±Infinity) = ±1, erf(NaN) = NaN', () => {
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });
});
