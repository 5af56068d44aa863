// Regularizers and constraints, checked against sums and norms written out here.
import { describe, expect, it } from 'vitest';
import { getRegularizer, L1, L1L2, L2, l1, l1l2, l2 } from '../../engine/layers/regularizers.js';
import { getConstraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from '../../engine/layers/constraints.js';
import { tensor, type Tensor } from '../../engine/tensor.js';

const x = tensor([1, -2, 3, -0.5], [2, 2]);

describe('regularizers', () => {
  it('l1(0.1) = 0.1 * sum|x|', () => {
    expect(l1(0.1).call(x)).toBeCloseTo(0.1 * 6.5, 12);
  });
  it('l2() defaults to 0.01 and has no factor 1/2: 0.01 * sum(x^2)', () => {
    expect(l2().call(x)).toBeCloseTo(0.01 * (1 + 4 + 9 + 0.25), 12);
  });
  it("l1_l2(l1=0.01, l2=0.01) by function and by the name 'l1_l2'", () => {
    const expected = 0.01 * 6.5 + 0.01 * 14.25;
    expect(l1l2().call(x)).toBeCloseTo(expected, 12);
    expect(getRegularizer('l1_l2').call(x)).toBeCloseTo(expected, 12);
  });
  it('the L1L2 class defaults to 0, as in Keras: {className: L1L2, config: {l1: 0.5}} is l1 only', () => {
    const r = getRegularizer({ className: 'L1L2', config: { l1: 0.5 } }) as L1L2;
    expect([r.l1, r.l2]).toEqual([0.5, 0]);
    expect(r.call(x)).toBeCloseTo(3.25, 12);
  });
  it("names 'l1', 'L2', {class_name: 'L2', config: {l2: 0.2}} and a function", () => {
    expect(getRegularizer('l1')).toBeInstanceOf(L1);
    expect((getRegularizer('L2') as L2).l2).toBe(0.01);
    expect(getRegularizer({ class_name: 'L2', config: { l2: 0.2 } }).call(x)).toBeCloseTo(0.2 * 14.25, 12);
    expect(getRegularizer((t: Tensor) => t.data[0] * 100).call(x)).toBe(100);
  });
  it('rejects unknown names and negative factors', () => {
    expect(() => getRegularizer('l3')).toThrow(/unknown regularizer "l3"; expected one of l1, l2, l1_l2/);
    expect(() => new L2({ l2: -1 })).toThrow('L2: l2: expected a number >= 0, got -1');
    expect(() => getRegularizer({ className: 'L1', config: { l2: 1 } })).toThrow('L1: l2: unknown option; L1 takes l1');
  });
});

// Norms of the columns (axis 0) of a [rows, cols] matrix, computed directly.
function columnNorms(t: Tensor): number[] {
  const [rows, cols] = t.shape;
  return Array.from({ length: cols }, (_, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += t.data[r * cols + c] ** 2;
    return Math.sqrt(s);
  });
}

// Norm of each output filter of a conv kernel [kh, kw, in, out] (axes 0, 1, 2).
function filterNorms(t: Tensor): number[] {
  const out = t.shape[3];
  const sums = new Array<number>(out).fill(0);
  t.data.forEach((v, i) => { sums[i % out] += v * v; });
  return sums.map(Math.sqrt);
}

describe('constraints', () => {
  // Columns with norms 5, 0.5 and 13.
  const w = tensor([3, 0.3, 5, 4, 0.4, 12], [2, 3]);

  it('MaxNorm() (max 2, axis 0) caps column norms at 2 and leaves smaller ones', () => {
    const out = new MaxNorm().call(w);
    const norms = columnNorms(out);
    expect(norms[0]).toBeCloseTo(2, 5);
    expect(norms[1]).toBeCloseTo(0.5, 5);
    expect(norms[2]).toBeCloseTo(2, 5);
    // Direction is kept: 3/5 of the capped norm.
    expect(out.data[0]).toBeCloseTo(2 * 3 / 5, 5);
  });

  it('MaxNorm({maxValue: 1, axis: [0, 1, 2]}) caps each filter of a [2,2,2,3] kernel', () => {
    const kernel = tensor(Array.from({ length: 24 }, (_, i) => (i % 3) * (i - 10) / 4), [2, 2, 2, 3]);
    const before = filterNorms(kernel);
    const after = filterNorms(new MaxNorm({ maxValue: 1, axis: [0, 1, 2] }).call(kernel));
    before.forEach((n, i) => expect(after[i]).toBeCloseTo(Math.min(n, 1), 5));
    expect(before.some((n) => n > 1)).toBe(true);
  });

  it('NonNeg() zeroes negative values and keeps NaN', () => {
    expect(Array.from(new NonNeg().call(tensor([-1, 0, 2, -0.5, NaN], [5])).data)).toEqual([0, 0, 2, 0, NaN]);
  });

  it('UnitNorm() gives every column norm 1; axis -1 gives every row norm 1', () => {
    columnNorms(new UnitNorm().call(w)).forEach((n) => expect(n).toBeCloseTo(1, 6));
    const rows = new UnitNorm({ axis: -1 }).call(w);
    const r0 = Math.hypot(...Array.from(rows.data.slice(0, 3)));
    expect(r0).toBeCloseTo(1, 6);
  });

  it('MinMaxNorm({minValue: 1, maxValue: 4, rate: 0.5}) moves norms half way into [1, 4]', () => {
    const norms = columnNorms(new MinMaxNorm({ minValue: 1, maxValue: 4, rate: 0.5 }).call(w));
    expect(norms[0]).toBeCloseTo(0.5 * 4 + 0.5 * 5, 5);
    expect(norms[1]).toBeCloseTo(0.5 * 1 + 0.5 * 0.5, 5);
    expect(norms[2]).toBeCloseTo(0.5 * 4 + 0.5 * 13, 5);
  });

  it('MinMaxNorm() defaults to norms in [0, 1] at rate 1', () => {
    columnNorms(new MinMaxNorm().call(w)).forEach((n, i) => expect(n).toBeCloseTo([1, 0.5, 1][i], 5));
  });

  it("reads 'max_norm', 'MaxNorm', 'maxNorm', {class_name, config: {max_value}} and functions", () => {
    for (const id of ['max_norm', 'MaxNorm', 'maxNorm']) expect(getConstraint(id)).toBeInstanceOf(MaxNorm);
    const c = getConstraint({ class_name: 'MaxNorm', config: { max_value: 1, axis: 1 } }) as MaxNorm;
    expect([c.maxValue, c.axis]).toEqual([1, [1]]);
    expect(getConstraint('non_neg')).toBeInstanceOf(NonNeg);
    expect(getConstraint('unit_norm')).toBeInstanceOf(UnitNorm);
    expect(getConstraint('min_max_norm')).toBeInstanceOf(MinMaxNorm);
    const doubled = getConstraint((t: Tensor) => tensor(Array.from(t.data, (v) => 2 * v), t.shape));
    expect(Array.from(doubled.call(tensor([1, 2], [2])).data)).toEqual([2, 4]);
  });

  it('rejects unknown names, out-of-range axes and functions returning the wrong shape', () => {
    expect(() => getConstraint('clip')).toThrow(/unknown constraint "clip"; expected one of max_norm, non_neg, unit_norm, min_max_norm/);
    expect(() => new MaxNorm({ axis: 3 }).call(w)).toThrow('MaxNorm: axis: axis 3 is out of range for a weight of shape [2,3] (rank 2)');
    expect(() => new MinMaxNorm({ minValue: 2, maxValue: 1 })).toThrow('MinMaxNorm: maxValue: maxValue 1 is below minValue 2');
    expect(() => getConstraint(() => tensor([1], [1])).call(w)).toThrow('the constraint function must return a Tensor of shape [2,3], got [1]');
  });
});
