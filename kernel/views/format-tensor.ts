// A Tensor's text/plain: a header naming shape and dtype, then the values laid
// out the way NumPy (and so TensorFlow's `print(t.numpy())`) lays them out:
// nested brackets, one column width for every element, blank lines between
// blocks, lines wrapped at 75 characters, and `...` standing in for the middle
// of every long axis once the tensor holds more than `maxElements` values.
import type { Tensor } from '../../engine/tensor.js';
import { checkInteger, invalidArgument, shapeString } from '../../engine/errors.js';

export interface FormatTensorOptions {
  /** Summarise tensors with more elements than this (NumPy's threshold, 1000). */
  maxElements?: number;
  /** Items kept at each end of a summarised axis (NumPy's edgeitems, 3). */
  edgeItems?: number;
  /** Wrap rows longer than this (NumPy's linewidth, 75). */
  lineWidth?: number;
}

const SEPARATOR = ', ';
const NEXT_LINE_PREFIX = ' ';
const SUMMARY = '...';
// NumPy's default precision: at most 8 digits after the point.
const PRECISION = 8;

export function formatTensor(t: Pick<Tensor, 'shape' | 'data'>, options: FormatTensorOptions = {}): string {
  if (!t || !Array.isArray(t.shape) || !(t.data instanceof Float32Array)) {
    throw invalidArgument('formatTensor', 'tensor', 'expected a Tensor with shape and float32 data');
  }
  const maxElements = checkInteger('formatTensor', 'maxElements', options.maxElements ?? 1000, 0);
  const edgeItems = checkInteger('formatTensor', 'edgeItems', options.edgeItems ?? 3, 1);
  const lineWidth = checkInteger('formatTensor', 'lineWidth', options.lineWidth ?? 75, 10);
  const shape = t.shape;
  const header = `Tensor shape=${shapeString(shape)} dtype=float32`;
  const summarise = t.data.length > maxElements;
  const strides = stridesOf(shape);

  // Which indices along each axis are shown; the column width comes only from them, as in NumPy.
  const shown = shape.map((n) => (summarise && n > 2 * edgeItems ? [...range(0, edgeItems), ...range(n - edgeItems, n)] : range(0, n)));
  const format = chooseFormat(shownValues(t.data, shown, strides));
  if (shape.length === 0) return `${header}\n${format(t.data[0])}`;

  const recurse = (axis: number, offset: number, hangingIndent: string, width: number): string => {
    const n = shape[axis];
    const elided = summarise && n > 2 * edgeItems;
    const indices = shown[axis];
    const childIndent = hangingIndent + ' ';
    const childWidth = width - 1;
    let s = '';
    if (axis === shape.length - 1) {
      // Rows wrap before a word would cross the width; a lone word never wraps.
      const elementWidth = width - 1;
      let line = hangingIndent;
      const extend = (word: string, last: boolean) => {
        if (line.length + word.length > elementWidth && line.length > hangingIndent.length) {
          s += line.trimEnd() + '\n';
          line = hangingIndent;
        }
        line += word;
        if (!last) line += SEPARATOR;
      };
      indices.forEach((i, k) => {
        if (elided && k === edgeItems) extend(SUMMARY, false);
        extend(format(t.data[offset + i]), k === indices.length - 1);
      });
      s += line;
    } else {
      // Blocks of rank r are separated by r - 1 blank lines.
      const lineSeparator = SEPARATOR.trimEnd() + '\n'.repeat(shape.length - axis - 1);
      indices.forEach((i, k) => {
        if (elided && k === edgeItems) s += hangingIndent + SUMMARY + lineSeparator;
        s += hangingIndent + recurse(axis + 1, offset + i * strides[axis], childIndent, childWidth);
        if (k < indices.length - 1) s += lineSeparator;
      });
    }
    return '[' + s.slice(hangingIndent.length) + ']';
  };
  return `${header}\n${recurse(0, 0, NEXT_LINE_PREFIX, lineWidth)}`;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  return strides;
}

function shownValues(data: Float32Array, shown: number[][], strides: number[]): number[] {
  if (shown.length === 0) return [data[0]];
  const out: number[] = [];
  const walk = (axis: number, offset: number) => {
    for (const i of shown[axis]) {
      if (axis === shown.length - 1) out.push(data[offset + i]);
      else walk(axis + 1, offset + i * strides[axis]);
    }
  };
  walk(0, 0);
  return out;
}

/**
 * Picks one notation for all shown values, as NumPy's FloatingFormat does:
 * integers when every value is whole (as tfjs prints them, without NumPy's
 * trailing dot), scientific when magnitudes span more than 1e3 or leave
 * [1e-4, 1e8), otherwise positional with the digits each value needs.
 * Every result is padded to one width so columns line up.
 */
export function chooseFormat(values: number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  const maxAbs = nonZero.length ? Math.max(...nonZero) : 0;
  const minAbs = nonZero.length ? Math.min(...nonZero) : 0;
  let body: (v: number) => string;
  if (finite.every(Number.isInteger) && maxAbs < 1e8) {
    body = (v) => (Object.is(v, -0) ? '-0' : String(v));
  } else if (nonZero.length && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3)) {
    body = scientific(finite);
  } else {
    body = positional(finite);
  }
  const text = (v: number) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : body(v));
  const width = Math.max(...values.map((v) => text(v).length));
  return (v) => text(v).padStart(width);
}

/** The fewest fraction digits (at most 8) that read back as the same float32. */
function fractionDigits(v: number): number {
  for (let f = 0; f < PRECISION; f++) {
    if (Math.fround(Number(v.toFixed(f))) === v) return f;
  }
  return PRECISION;
}

function positional(finite: number[]): (v: number) => string {
  const parts = (v: number) => {
    const text = v.toFixed(fractionDigits(v));
    const [whole, fraction = ''] = text.split('.');
    return { whole: Object.is(v, -0) ? '-0' : whole, fraction: fraction.replace(/0+$/, '') };
  };
  const padRight = Math.max(0, ...finite.map((v) => parts(v).fraction.length));
  return (v) => {
    const { whole, fraction } = parts(v);
    return `${whole}.${fraction.padEnd(padRight)}`;
  };
}

function scientific(finite: number[]): (v: number) => string {
  // Mantissa digits: the most any value needs to read back, shared by all (zero-padded).
  const digits = (v: number) => {
    for (let p = 1; p <= PRECISION + 1; p++) {
      if (Math.fround(Number(v.toExponential(p - 1))) === v) return p - 1;
    }
    return PRECISION;
  };
  const precision = Math.max(0, ...finite.map(digits));
  return (v) => {
    const [mantissa, exponent] = v.toExponential(precision).split('e');
    const sign = exponent[0] === '-' ? '-' : '+';
    const e = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${precision === 0 ? mantissa + '.' : mantissa}e${sign}${e}`;
  };
}
