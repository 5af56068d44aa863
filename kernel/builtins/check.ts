// The `check` builtin: a walkthrough states a claim in its text and checks
// it in a cell, so `kernelbook run` fails when the lesson drifts from the
// truth. A failed check throws with the claim, what was expected and what
// was found; a passing one shows nothing.
import { inspect } from '../views/inspect.js';

export interface Check {
  /** Throws unless `condition` holds. */
  (condition: unknown, claim: string): void;
  /** Throws unless `actual` equals `expected`: numbers exactly, arrays element by element, a Tensor by its toArray(). */
  equal(actual: unknown, expected: unknown, claim: string): void;
  /** Throws unless every number of `actual` is within `tolerance` (absolute) of `expected`'s. */
  close(actual: unknown, expected: unknown, tolerance: number, claim: string): void;
}

export function createCheck(): Check {
  const check = ((condition: unknown, claim: string) => {
    if (!condition) throw new Error(`check failed: ${claim}`);
  }) as Check;
  check.equal = (actual, expected, claim) => {
    const [a, e] = [plain(actual), plain(expected)];
    const where = difference(a, e, 0);
    if (where !== null) throw new Error(`check failed: ${claim}: expected ${inspect(e)}, got ${inspect(a)}${where ? ` (${where})` : ''}`);
  };
  check.close = (actual, expected, tolerance, claim) => {
    if (!(tolerance >= 0)) throw new Error(`check.close: tolerance: expected a number >= 0, got ${String(tolerance)}`);
    const [a, e] = [plain(actual), plain(expected)];
    const where = difference(a, e, tolerance);
    if (where !== null) throw new Error(`check failed: ${claim}: expected ${inspect(e)} within ${tolerance}, got ${inspect(a)}${where ? ` (${where})` : ''}`);
  };
  return Object.freeze(check);
}

/** A Tensor as nested arrays, typed arrays as arrays: what a reader would write. */
function plain(value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { toArray?: unknown }).toArray === 'function') return (value as { toArray(): unknown }).toArray();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** null when equal; otherwise where they first differ ('' at the top). */
function difference(a: unknown, e: unknown, tolerance: number, path = ''): string | null {
  if (typeof a === 'number' && typeof e === 'number') {
    const same = tolerance === 0 ? a === e || (Number.isNaN(a) && Number.isNaN(e)) : Math.abs(a - e) <= tolerance;
    return same ? null : path && `at ${path}`;
  }
  if (Array.isArray(a) && Array.isArray(e)) {
    if (a.length !== e.length) return `${path ? `at ${path}: ` : ''}${a.length} items where ${e.length} were expected`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], e[i], tolerance, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, e) ? null : path && `at ${path}`;
}
