// Numbers in an explanation: each float32 printed as the shortest decimal
// that reads back as the same float32, so what the reader sees identifies the
// value exactly (0.1 rather than 0.10000000149011612), and negative terms in
// parentheses after the first, as the seed writes "1 + (-1) + 0 + 1 = 1".

/** The shortest decimal that rounds to the same float32. */
export function float32Text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Object.is(value, -0)) return '-0';
  const f = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = f.toPrecision(digits);
    if (Math.fround(Number(text)) === f) return String(Number(text));
  }
  return String(f);
}

/** A term in a sum or product: negatives (and -0) in parentheses. */
export function term(value: number): string {
  const text = float32Text(value);
  return text.startsWith('-') ? `(${text})` : text;
}

/** "a + b + c", the first term bare, later negatives in parentheses: the seed's own notation. */
export function sumText(values: readonly number[]): string {
  return values.map((v, i) => (i === 0 ? float32Text(v) : term(v))).join(' + ');
}

/** "x·w" with both factors as terms. */
export function productText(x: number, w: number): string {
  return `${term(x)}·${term(w)}`;
}
