import { checkInteger, invalidArgument, shapeString } from './errors.js';

export type NestedArray = number | NestedArray[];

/** A dense float32 tensor in row-major order. Immutable by convention. */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;

  constructor(data: Float32Array, shape: readonly number[]) {
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** Nested arrays, as TensorFlow's `tensor.numpy().tolist()` / tfjs `arraySync()`. */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (axis: number, offset: number): NestedArray[] => {
      const n = this.shape[axis];
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) {
        out.push(axis === this.shape.length - 1 ? this.data[offset + i] : build(axis + 1, offset + i * stride));
      }
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `Tensor ${shapeString(this.shape)}`;
  }
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Validates a shape: every dimension a whole number >= 1. */
export function checkShape(op: string, argument: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw invalidArgument(op, argument, `shape must be an array of integers, got ${String(shape)}`);
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw invalidArgument(op, argument, `shape ${shapeString(shape)} has ${d === 0 ? 'a zero' : 'an invalid'} size ${String(d)} at axis ${i}; sizes must be integers >= 1`);
    }
  });
  return shape as number[];
}

/** Creates a tensor from flat values (copied to float32) and a shape. */
export function tensor(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  checkShape('tensor', 'shape', shape);
  const n = sizeOf(shape);
  if (values == null || typeof values.length !== 'number') {
    throw invalidArgument('tensor', 'values', `expected an array of numbers, got ${String(values)}`);
  }
  if (values.length !== n) {
    throw invalidArgument('tensor', 'values', `${values.length} values do not fill shape ${shapeString(shape)} (needs ${n})`);
  }
  return new Tensor(Float32Array.from(values), shape);
}

export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}

/** Accepts a Tensor or `{ shape, data }`; used by ops to validate their inputs. */
export function asTensor(op: string, argument: string, value: unknown): Tensor {
  if (value && typeof value === 'object' && 'shape' in value && 'data' in value) {
    const { shape, data } = value as { shape: number[]; data: ArrayLike<number> };
    checkShape(op, argument, shape);
    // A Tensor built with `new Tensor(data, shape)` is not checked on the way in.
    if (data == null || typeof data.length !== 'number' || data.length !== sizeOf(shape)) {
      const count = data == null || typeof data.length !== 'number' ? 'no' : data.length;
      throw invalidArgument(op, argument, `${count} values do not fill shape ${shapeString(shape)} (needs ${sizeOf(shape)})`);
    }
    if (value instanceof Tensor) return value;
    return new Tensor(data instanceof Float32Array ? data : Float32Array.from(data), shape);
  }
  throw invalidArgument(op, argument, `expected a Tensor or { shape, data }, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
}

export { checkInteger };
