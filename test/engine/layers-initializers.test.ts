import { describe, expect, it } from 'vitest';
import {
  computeFans, Constant, getInitializer, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Initializer, LecunNormal,
  LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros,
} from '../../engine/layers/initializers.js';
import { hashSeed, Random } from '../../engine/layers/random.js';
import { tensor } from '../../engine/tensor.js';

function stats(data: ArrayLike<number>) {
  let sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    sum += data[i];
    min = Math.min(min, data[i]);
    max = Math.max(max, data[i]);
  }
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length), min, max };
}

// A conv kernel big enough for tight statistics: 3*3*64*128 = 73,728 values.
const KERNEL = [3, 3, 64, 128];
const FAN_IN = 3 * 3 * 64, FAN_OUT = 3 * 3 * 128;
// Standard deviation of a unit normal truncated at +-2.
const TRUNCATED = 0.87962566103423978;

describe('Random', () => {
  it('uniform() lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Random(42);
    const values = Array.from({ length: 50_000 }, () => r.uniform());
    const s = stats(values);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(s.mean).toBeCloseTo(0.5, 2);
    expect(s.std ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('normal() has mean 0 and standard deviation 1; truncatedNormal() stays within 2', () => {
    const r = new Random(7);
    const n = stats(Array.from({ length: 50_000 }, () => r.normal()));
    expect(Math.abs(n.mean)).toBeLessThan(0.02);
    expect(n.std).toBeGreaterThan(0.98);
    expect(n.std).toBeLessThan(1.02);
    const t = stats(Array.from({ length: 50_000 }, () => r.truncatedNormal()));
    expect(t.min).toBeGreaterThanOrEqual(-2);
    expect(t.max).toBeLessThanOrEqual(2);
    expect(t.std).toBeCloseTo(TRUNCATED, 2);
  });

  it('the same seed gives the same sequence, another seed another one', () => {
    const a = new Random(hashSeed('name', 'conv2d', 'kernel'));
    const b = new Random(hashSeed('name', 'conv2d', 'kernel'));
    const c = new Random(hashSeed('name', 'conv2d_1', 'kernel'));
    const seqA = Array.from({ length: 8 }, () => a.uniform());
    expect(Array.from({ length: 8 }, () => b.uniform())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(seqA);
  });
});

describe('computeFans', () => {
  it('conv kernel [3,3,32,64]: receptive field 9, fan_in 288, fan_out 576', () => {
    expect(computeFans([3, 3, 32, 64])).toEqual({ fanIn: 288, fanOut: 576 });
  });
  it('depthwise kernel [5,5,16,2]: fan_in 400, fan_out 50 (Keras treats it as a conv kernel)', () => {
    expect(computeFans([5, 5, 16, 2])).toEqual({ fanIn: 400, fanOut: 50 });
  });
  it('matrix [10,20], vector [7], scalar []', () => {
    expect(computeFans([10, 20])).toEqual({ fanIn: 10, fanOut: 20 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

describe('constant initializers', () => {
  it('zeros, ones and constant(value) fill the shape', () => {
    expect(Array.from(new Zeros().call([2, 3]).data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(new Ones().call([3]).data)).toEqual([1, 1, 1]);
    const c = new Constant({ value: 0.25 }).call([2, 2]);
    expect(c.shape).toEqual([2, 2]);
    expect(Array.from(c.data)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(new Constant().call([2]).data)).toEqual([0, 0]);
  });
});

describe('random initializers: Keras defaults and statistics over a [3,3,64,128] kernel', () => {
  it('RandomNormal() has mean 0, stddev 0.05', () => {
    const s = stats(new RandomNormal({ seed: 1 }).call(KERNEL).data);
    expect(Math.abs(s.mean)).toBeLessThan(0.001);
    expect(s.std).toBeCloseTo(0.05, 3);
  });

  it('RandomNormal({mean: 3, stddev: 0.5})', () => {
    const s = stats(new RandomNormal({ mean: 3, stddev: 0.5, seed: 2 }).call(KERNEL).data);
    expect(s.mean).toBeCloseTo(3, 2);
    expect(s.std).toBeCloseTo(0.5, 2);
  });

  it('RandomUniform() lies in [-0.05, 0.05] with the uniform variance', () => {
    const s = stats(new RandomUniform({ seed: 3 }).call(KERNEL).data);
    expect(s.min).toBeGreaterThanOrEqual(-0.05);
    expect(s.max).toBeLessThanOrEqual(0.05);
    expect(s.min).toBeLessThan(-0.0499);
    expect(s.max).toBeGreaterThan(0.0499);
    expect(s.std).toBeCloseTo(0.1 / Math.sqrt(12), 3);
  });

  it('RandomUniform({minval: 1, maxval: 3}) has mean 2', () => {
    const s = stats(new RandomUniform({ minval: 1, maxval: 3, seed: 4 }).call(KERNEL).data);
    expect(s.min).toBeGreaterThanOrEqual(1);
    expect(s.max).toBeLessThanOrEqual(3);
    expect(s.mean).toBeCloseTo(2, 2);
  });

  it('TruncatedNormal() stays within two standard deviations of the mean', () => {
    const s = stats(new TruncatedNormal({ mean: 1, stddev: 0.05, seed: 5 }).call(KERNEL).data);
    expect(s.min).toBeGreaterThanOrEqual(1 - 0.1 - 1e-6);
    expect(s.max).toBeLessThanOrEqual(1 + 0.1 + 1e-6);
    expect(s.mean).toBeCloseTo(1, 3);
    expect(s.std).toBeCloseTo(0.05 * TRUNCATED, 3);
  });

  it('GlorotUniform: limit sqrt(6 / (fan_in + fan_out))', () => {
    const limit = Math.sqrt(6 / (FAN_IN + FAN_OUT));
    const s = stats(new GlorotUniform({ seed: 6 }).call(KERNEL).data);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeLessThanOrEqual(limit);
    expect(s.max).toBeGreaterThan(0.999 * limit);
    expect(s.std).toBeCloseTo(limit / Math.sqrt(3), 3);
  });

  it('GlorotNormal: truncated normal with variance 2 / (fan_in + fan_out)', () => {
    const target = Math.sqrt(2 / (FAN_IN + FAN_OUT));
    const s = stats(new GlorotNormal({ seed: 7 }).call(KERNEL).data);
    expect(s.std / target).toBeGreaterThan(0.98);
    expect(s.std / target).toBeLessThan(1.02);
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual((2 * target) / TRUNCATED + 1e-6);
  });

  it('HeNormal: truncated normal, stddev sqrt(2 / fan_in) / .87962566103423978 before truncation', () => {
    const stddev = Math.sqrt(2 / FAN_IN) / TRUNCATED;
    const s = stats(new HeNormal({ seed: 8 }).call(KERNEL).data);
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(2 * stddev + 1e-6);
    expect(Math.max(-s.min, s.max)).toBeGreaterThan(1.99 * stddev);
    expect(s.std / Math.sqrt(2 / FAN_IN)).toBeGreaterThan(0.98);
    expect(s.std / Math.sqrt(2 / FAN_IN)).toBeLessThan(1.02);
  });

  it('HeUniform: limit sqrt(6 / fan_in); LecunUniform: sqrt(3 / fan_in)', () => {
    const he = stats(new HeUniform({ seed: 9 }).call(KERNEL).data);
    expect(he.max).toBeLessThanOrEqual(Math.sqrt(6 / FAN_IN));
    expect(he.max).toBeGreaterThan(0.999 * Math.sqrt(6 / FAN_IN));
    const lecun = stats(new LecunUniform({ seed: 9 }).call(KERNEL).data);
    expect(lecun.max).toBeLessThanOrEqual(Math.sqrt(3 / FAN_IN));
    expect(lecun.max).toBeGreaterThan(0.999 * Math.sqrt(3 / FAN_IN));
  });

  it('LecunNormal: variance 1 / fan_in', () => {
    const s = stats(new LecunNormal({ seed: 10 }).call(KERNEL).data);
    expect(s.std / Math.sqrt(1 / FAN_IN)).toBeGreaterThan(0.98);
    expect(s.std / Math.sqrt(1 / FAN_IN)).toBeLessThan(1.02);
  });

  it('VarianceScaling({scale: 3, mode: fan_out, distribution: untruncated_normal}) is not truncated', () => {
    const stddev = Math.sqrt(3 / FAN_OUT);
    const s = stats(new VarianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 11 }).call(KERNEL).data);
    expect(s.std / stddev).toBeGreaterThan(0.98);
    expect(s.std / stddev).toBeLessThan(1.02);
    expect(Math.max(-s.min, s.max)).toBeGreaterThan(3 * stddev);
  });

  it("VarianceScaling mode 'fan_avg', distribution 'uniform' equals GlorotUniform with the same seed", () => {
    const a = new VarianceScaling({ mode: 'fan_avg', distribution: 'uniform', seed: 12 }).call([3, 3, 4, 8]);
    const b = new GlorotUniform({ seed: 12 }).call([3, 3, 4, 8]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it('tfjs spellings fanAvg / truncatedNormal and Keras alias normal are accepted', () => {
    const v = new VarianceScaling({ mode: 'fanAvg', distribution: 'normal' });
    expect([v.mode, v.distribution]).toEqual(['fan_avg', 'truncated_normal']);
  });
});

describe('seeding', () => {
  it('a seeded initializer gives the same values on every call and for every fallback seed', () => {
    const init = new GlorotUniform({ seed: 42 });
    expect(Array.from(init.call([3, 3, 2, 4], 1).data)).toEqual(Array.from(init.call([3, 3, 2, 4], 2).data));
  });

  it('different seeds give different values', () => {
    const a = new RandomNormal({ seed: 1 }).call([16]).data;
    const b = new RandomNormal({ seed: 2 }).call([16]).data;
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('an unseeded initializer follows the fallback seed the layer passes', () => {
    const init = new HeNormal();
    const a = init.call([3, 3, 2, 4], 100).data;
    expect(Array.from(init.call([3, 3, 2, 4], 100).data)).toEqual(Array.from(a));
    expect(Array.from(init.call([3, 3, 2, 4], 101).data)).not.toEqual(Array.from(a));
  });
});

describe('Orthogonal', () => {
  function gram(data: Float32Array, rows: number, cols: number, byColumns: boolean): number[][] {
    const n = byColumns ? cols : rows;
    const g: number[][] = [];
    for (let i = 0; i < n; i++) {
      g.push([]);
      for (let j = 0; j < n; j++) {
        let dot = 0;
        const len = byColumns ? rows : cols;
        for (let k = 0; k < len; k++) {
          dot += byColumns ? data[k * cols + i] * data[k * cols + j] : data[i * cols + k] * data[j * cols + k];
        }
        g[i].push(dot);
      }
    }
    return g;
  }

  it('[3,3,4,8] seen as 36x8: the 8 columns are orthonormal', () => {
    const w = new Orthogonal({ seed: 1 }).call([3, 3, 4, 8]);
    const g = gram(w.data, 36, 8, true);
    g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
  });

  it('[2,5] with gain 2: the 2 rows are orthogonal with norm 2', () => {
    const w = new Orthogonal({ gain: 2, seed: 1 }).call([2, 5]);
    const g = gram(w.data, 2, 5, false);
    expect(g[0][0]).toBeCloseTo(4, 4);
    expect(g[1][1]).toBeCloseTo(4, 4);
    expect(g[0][1]).toBeCloseTo(0, 5);
  });

  it('rejects a rank-1 shape', () => {
    expect(() => new Orthogonal().call([5])).toThrow('Orthogonal: shape: the weight must have at least two dimensions, got [5]');
  });
});

describe('getInitializer', () => {
  it("reads 'he_normal', 'HeNormal', 'heNormal' and {className} / {class_name} forms", () => {
    for (const id of ['he_normal', 'HeNormal', 'heNormal', { className: 'HeNormal' }, { class_name: 'HeNormal', config: {} }]) {
      expect(getInitializer(id as never)).toBeInstanceOf(HeNormal);
    }
  });

  it('passes config through, accepting snake_case keys', () => {
    const init = getInitializer({ class_name: 'RandomNormal', config: { mean: 1, stddev: 2, seed: 3 } }) as RandomNormal;
    expect([init.mean, init.stddev, init.seed]).toEqual([1, 2, 3]);
    const vs = getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', distribution: 'uniform' } }) as VarianceScaling;
    expect(vs.getConfig()).toEqual({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: null });
  });

  it('returns an Initializer as it is and wraps a function (shape) => values', () => {
    const init = new Ones();
    expect(getInitializer(init)).toBe(init);
    const fn = getInitializer((shape) => tensor(Array.from({ length: shape[0] * shape[1] }, (_, i) => i * 10), shape));
    expect(fn).toBeInstanceOf(Initializer);
    const t = fn.call([2, 2]);
    expect(t.shape).toEqual([2, 2]);
    expect(Array.from(t.data)).toEqual([0, 10, 20, 30]);
    expect(() => getInitializer(() => [1, 2]).call([3])).toThrow('the initializer function returned 2 values for shape [3] (needs 3)');
  });

  it('names the unknown initializer and lists the known ones', () => {
    expect(() => getInitializer('glorot')).toThrow(/unknown initializer "glorot"; expected one of zeros, ones, constant, random_normal.*orthogonal/);
    expect(() => getInitializer({ className: 'Xavier' })).toThrow('unknown initializer "Xavier"');
  });

  it('rejects unknown and invalid options', () => {
    expect(() => getInitializer({ className: 'RandomNormal', config: { std: 1 } })).toThrow('RandomNormal: std: unknown option; RandomNormal takes mean, stddev, seed');
    expect(() => new GlorotUniform({ scale: 2 })).toThrow('GlorotUniform: scale: unknown option; GlorotUniform takes seed');
    expect(() => new VarianceScaling({ scale: 0 })).toThrow('VarianceScaling: scale: expected a number > 0, got 0');
    expect(() => new VarianceScaling({ mode: 'fan_sum' })).toThrow(`VarianceScaling: mode: unknown mode "fan_sum"; expected 'fan_in', 'fan_out' or 'fan_avg'`);
    expect(() => new VarianceScaling({ distribution: 'cauchy' })).toThrow('VarianceScaling: distribution: unknown distribution "cauchy"');
    expect(() => new RandomNormal({ seed: 1.5 })).toThrow('RandomNormal: seed: expected an integer or null, got 1.5');
    expect(() => new RandomUniform({ minval: 1, maxval: 0 })).toThrow('RandomUniform: maxval: maxval 0 is below minval 1');
  });

  it('serializes to {className, config} that getInitializer reads back', () => {
    const init = new TruncatedNormal({ mean: 0.5, stddev: 0.1, seed: 9 });
    const copy = getInitializer(init.serialize());
    expect(Array.from(copy.call([10]).data)).toEqual(Array.from(init.call([10]).data));
  });
});
