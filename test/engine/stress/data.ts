// Tensors made from a shape and a seed, so a failing call prints as code that
// makes the same data again: `k16([1, 224, 224, 3], 5)`.
import { tensor, type Tensor } from '../../../engine/tensor.js';
import { mulberry32 } from '../cases.js';

/** How a tensor's values are drawn, and so how results are compared. */
export type ValueKind =
  /** k/16 in [-range, range]: products and sums exact in float32, compared bit for bit. */
  | 'k16'
  /** Integers in [-range, range]: exact through a chain's stages. */
  | 'int'
  /** Uniform floats in [-range, range]: compared within a bound on float32 rounding. */
  | 'float';

export interface TensorSpec {
  shape: number[];
  seed: number;
  kind: ValueKind;
  range: number;
  /** Positions set to Infinity, -Infinity or NaN (in turn), to check the reference's handling of them. */
  special?: number[];
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function values(spec: TensorSpec): Float32Array {
  const rand = mulberry32(spec.seed);
  const n = size(spec.shape);
  const out = new Float32Array(n);
  const { range } = spec;
  for (let i = 0; i < n; i++) {
    const u = rand();
    out[i] = spec.kind === 'float' ? (u * 2 - 1) * range
      : spec.kind === 'int' ? Math.floor(u * (2 * range + 1)) - range
        : Math.floor(u * (32 * range + 1)) / 16 - range;
  }
  const specials = [Infinity, -Infinity, NaN];
  spec.special?.forEach((at, i) => { if (n > 0) out[at % n] = specials[i % 3]; });
  return out;
}

export function make(spec: TensorSpec): Tensor {
  return tensor(values(spec), spec.shape);
}

/** The spec as code that makes it, for printed counterexamples. */
export function tensorCode(spec: TensorSpec): string {
  const special = spec.special?.length ? `, [${spec.special}]` : '';
  return `${spec.kind}([${spec.shape}], ${spec.seed}, ${spec.range}${special})`;
}

// The helpers the printed code calls.
export const k16 = (shape: number[], seed: number, range: number, special?: number[]) => make({ shape, seed, kind: 'k16', range, special });
export const int = (shape: number[], seed: number, range: number, special?: number[]) => make({ shape, seed, kind: 'int', range, special });
export const float = (shape: number[], seed: number, range: number, special?: number[]) => make({ shape, seed, kind: 'float', range, special });
