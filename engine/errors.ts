// One place builds every engine error, so each names the op, the argument and
// the shapes involved in the same words.

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** An error about one argument of one op: `conv2d: filter: ...`. */
export function invalidArgument(op: string, argument: string, message: string): Error {
  return new Error(`${op}: ${argument}: ${message}`);
}

/** Throws unless `value` is a whole number >= `min` (1 unless said otherwise). */
export function checkInteger(op: string, argument: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidArgument(op, argument, `expected an integer >= ${min}, got ${formatValue(value)}`);
  }
  return value;
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  return String(value);
}
