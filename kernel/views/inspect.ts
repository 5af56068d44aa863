// A compact one-line text of any value, for text/plain and the runner's
// per-cell line: enough to recognise the value, never the whole of a big one.
import { formatTensor } from './format-tensor.js';

const MAX_ITEMS = 20;
const MAX_DEPTH = 2;
// A small nested array of numbers (a tensor's toArray(), a kernel written out)
// is shown whole at any depth, the way TensorFlow prints it.
const MAX_NUMBERS = 64;

export function inspect(value: unknown): string {
  return text(value, 0, new Set());
}

function text(value: unknown, depth: number, seen: Set<object>): string {
  if (typeof value === 'string') return depth ? JSON.stringify(value) : value;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `ƒ ${value.name || '(anonymous)'}()`;
  if (value === null || typeof value !== 'object') return Object.is(value, -0) ? '-0' : String(value);
  if (isTensorLike(value)) return depth ? `Tensor [${value.shape.join(',')}]` : formatTensor(value);
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof RegExp) return String(value);
  if (typeof (value as Promise<unknown>).then === 'function') return 'Promise {}';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = value as unknown as ArrayLike<number>;
    return `${value.constructor.name}(${items.length}) ${list(Array.from(Array.prototype.slice.call(items, 0, MAX_ITEMS), (v) => text(v, depth + 1, seen)), items.length, '[', ']')}`;
  }
  if (Array.isArray(value) && numbersIn(value, MAX_NUMBERS) >= 0) return numbers(value);
  if (depth > MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  seen.add(value);
  try {
    if (Array.isArray(value)) return list(value.slice(0, MAX_ITEMS).map((v) => text(v, depth + 1, seen)), value.length, '[', ']');
    if (value instanceof Map) {
      const entries = [...value].slice(0, MAX_ITEMS).map(([k, v]) => `${text(k, depth + 1, seen)} => ${text(v, depth + 1, seen)}`);
      return `Map(${value.size}) ${list(entries, value.size, '{', '}')}`;
    }
    if (value instanceof Set) return `Set(${value.size}) ${list([...value].slice(0, MAX_ITEMS).map((v) => text(v, depth + 1, seen)), value.size, '{', '}')}`;
    const keys = Object.keys(value);
    const entries = keys.slice(0, MAX_ITEMS).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${text((value as Record<string, unknown>)[k], depth + 1, seen)}`);
    const proto = Object.getPrototypeOf(value);
    const name = proto && proto !== Object.prototype && proto.constructor?.name ? `${proto.constructor.name} ` : '';
    return `${name}${list(entries, keys.length, '{', '}')}`;
  } finally {
    seen.delete(value);
  }
}

/** How many numbers a nested array of numbers holds; -1 if it holds anything else, more than `budget`, or a long row. */
function numbersIn(value: unknown[], budget: number): number {
  if (value.length > MAX_ITEMS) return -1;
  let count = 0;
  for (const item of value) {
    const n = typeof item === 'number' ? 1 : Array.isArray(item) ? numbersIn(item, budget - count) : -1;
    if (n < 0 || (count += n) > budget) return -1;
  }
  return count;
}

function numbers(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(numbers).join(', ')}]` : text(value, 1, new Set());
}

function list(items: string[], total: number, open: string, close: string): string {
  if (total > items.length) items.push(`… ${total - items.length} more`);
  return items.length ? `${open}${open === '{' ? ' ' : ''}${items.join(', ')}${close === '}' ? ' ' : ''}${close}` : `${open}${close}`;
}

export function isTensorLike(value: unknown): value is { shape: readonly number[]; data: Float32Array } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { shape?: unknown }).shape) && (value as { data?: unknown }).data instanceof Float32Array && typeof (value as { toArray?: unknown }).toArray === 'function';
}
