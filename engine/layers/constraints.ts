// Keras's weight constraints: projections applied to a weight's values.
// Keras applies them after each optimizer update; there is no optimizer in
// Kernelbook, so layers apply them after initialization and after every
// setWeights instead, which is when weights change here.
import { formatValue, invalidArgument, shapeString } from '../errors.js';
import { Tensor } from '../tensor.js';
import { readConfig, readNumber, readSerialized, registryKey } from './identifier.js';

// keras.backend.epsilon(), added to norms before dividing.
const EPSILON = 1e-7;

export abstract class Constraint {
  abstract readonly className: string;
  abstract call(w: Tensor): Tensor;
  abstract getConfig(): Record<string, unknown>;
  serialize(): { className: string; config: Record<string, unknown> } {
    return { className: this.className, config: this.getConfig() };
  }
}

function readAxis(op: string, value: unknown): number[] {
  if (value === undefined || value === null) return [0];
  const axes = Array.isArray(value) ? value : [value];
  if (axes.length === 0 || !axes.every((a) => Number.isInteger(a))) {
    throw invalidArgument(op, 'axis', `expected an integer or a list of integers, got ${formatValue(value)}`);
  }
  return axes as number[];
}

/**
 * sqrt(sum(w^2)) over `axes` (negative counting from the end), one norm per
 * position of the other axes, with each element's index into those norms.
 */
export function norms(op: string, w: Tensor, axes: readonly number[]): { norms: Float64Array; group: Int32Array } {
  const rank = w.shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of axes) {
    const axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank) {
      throw invalidArgument(op, 'axis', `axis ${a} is out of range for a weight of shape ${shapeString(w.shape)} (rank ${rank})`);
    }
    reduced[axis] = true;
  }
  // Group id = the element's index with the reduced axes dropped.
  const group = new Int32Array(w.size);
  const index = new Array<number>(rank).fill(0);
  let groups = 1;
  for (let d = 0; d < rank; d++) if (!reduced[d]) groups *= w.shape[d];
  for (let i = 0; i < w.size; i++) {
    let g = 0;
    for (let d = 0; d < rank; d++) if (!reduced[d]) g = g * w.shape[d] + index[d];
    group[i] = g;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < w.shape[d]) break;
      index[d] = 0;
    }
  }
  const sums = new Float64Array(groups);
  for (let i = 0; i < w.size; i++) sums[group[i]] += w.data[i] * w.data[i];
  for (let g = 0; g < groups; g++) sums[g] = Math.sqrt(sums[g]);
  return { norms: sums, group };
}

/** w * desired / (epsilon + norm), with desired computed from each norm. */
function rescale(op: string, w: Tensor, axes: readonly number[], desired: (norm: number) => number): Tensor {
  const { norms: n, group } = norms(op, w, axes);
  const out = new Float32Array(w.size);
  for (let i = 0; i < w.size; i++) {
    const norm = n[group[i]];
    out[i] = w.data[i] * (desired(norm) / (EPSILON + norm));
  }
  return new Tensor(out, w.shape);
}

/** Caps the norm along `axis` at maxValue. For a conv kernel [kh, kw, in, out], axis [0, 1, 2] caps each filter. */
export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number[];
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('MaxNorm', config, ['maxValue', 'axis']);
    this.maxValue = readNumber('MaxNorm', 'maxValue', c.maxValue, 2, { min: 0 });
    this.axis = readAxis('MaxNorm', c.axis);
  }
  call(w: Tensor): Tensor {
    return rescale(this.className, w, this.axis, (norm) => Math.min(Math.max(norm, 0), this.maxValue));
  }
  getConfig() {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Zeroes negative values. */
export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  constructor(config?: Record<string, unknown>) {
    super();
    readConfig('NonNeg', config, []);
  }
  call(w: Tensor): Tensor {
    // Keras computes w * (w >= 0), which turns negatives into -0 (printed
    // "-0"); a plain clamp gives +0 and, like Keras, leaves NaN as NaN.
    return new Tensor(w.data.map((v) => (v < 0 ? 0 : v)), w.shape);
  }
  getConfig() {
    return {};
  }
}

/** Divides by the norm along `axis`, so each slice has norm 1. */
export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  readonly axis: number[];
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('UnitNorm', config, ['axis']);
    this.axis = readAxis('UnitNorm', c.axis);
  }
  call(w: Tensor): Tensor {
    return rescale(this.className, w, this.axis, () => 1);
  }
  getConfig() {
    return { axis: this.axis };
  }
}

/** Moves norms into [minValue, maxValue]; rate < 1 moves them only part of the way. */
export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number[];
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('MinMaxNorm', config, ['minValue', 'maxValue', 'rate', 'axis']);
    this.minValue = readNumber('MinMaxNorm', 'minValue', c.minValue, 0, { min: 0 });
    this.maxValue = readNumber('MinMaxNorm', 'maxValue', c.maxValue, 1, { min: 0 });
    if (this.maxValue < this.minValue) {
      throw invalidArgument('MinMaxNorm', 'maxValue', `maxValue ${this.maxValue} is below minValue ${this.minValue}`);
    }
    this.rate = readNumber('MinMaxNorm', 'rate', c.rate, 1, { min: 0 });
    this.axis = readAxis('MinMaxNorm', c.axis);
  }
  call(w: Tensor): Tensor {
    return rescale(this.className, w, this.axis, (norm) =>
      this.rate * Math.min(Math.max(norm, this.minValue), this.maxValue) + (1 - this.rate) * norm);
  }
  getConfig() {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export class FunctionConstraint extends Constraint {
  readonly className = 'Function';
  constructor(readonly fn: (w: Tensor) => Tensor) {
    super();
  }
  call(w: Tensor): Tensor {
    const out = this.fn(w);
    if (!(out instanceof Tensor) || out.shape.join() !== w.shape.join()) {
      throw new Error(`the constraint function must return a Tensor of shape ${shapeString(w.shape)}, got ${out instanceof Tensor ? shapeString(out.shape) : formatValue(out)}`);
    }
    return out;
  }
  getConfig() {
    return {};
  }
}

const REGISTRY: Record<string, new (config?: Record<string, unknown>) => Constraint> = {
  max_norm: MaxNorm, non_neg: NonNeg, unit_norm: UnitNorm, min_max_norm: MinMaxNorm,
};
export const CONSTRAINTS = Object.keys(REGISTRY);
const BY_KEY = new Map(Object.entries(REGISTRY).map(([name, cls]) => [registryKey(name), cls]));

export type ConstraintIdentifier =
  | string
  | { className?: string; class_name?: string; config?: Record<string, unknown> }
  | Constraint
  | ((w: Tensor) => Tensor);

export function getConstraint(identifier: ConstraintIdentifier): Constraint {
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === 'function') return new FunctionConstraint(identifier);
  const serialized = readSerialized('constraint', identifier);
  const cls = serialized && BY_KEY.get(registryKey(serialized.name));
  if (!serialized || !cls) {
    throw new Error(`unknown constraint ${formatValue(serialized ? serialized.name : identifier)}; expected one of ${CONSTRAINTS.join(', ')}, {className, config}, a Constraint or a function (w) => Tensor`);
  }
  return new cls(serialized.config);
}
