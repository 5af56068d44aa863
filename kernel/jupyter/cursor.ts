// The word under the cursor for completion and inspection: `engine.async.co|`
// is the path [engine, async] and the partial name "co". Jupyter counts the
// cursor in Unicode code points; JavaScript strings count UTF-16 units.

export interface Word {
  /** The names before the last dot: [] for a plain name. */
  path: string[];
  /** The (partial) name at the cursor. */
  name: string;
  /** Where `name` starts and ends, in UTF-16 units. */
  start: number;
  end: number;
}

const NAME_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;
const CHAIN = /(?:[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*\s*\.\s*)*[\p{ID_Start}$_]?[\p{ID_Continue}$\u200c\u200d]*$/u;

/** UTF-16 offset of a code-point offset. */
export function toUtf16(code: string, codePoints: number): number {
  let units = 0;
  for (let n = 0; n < codePoints && units < code.length; n++) units += code.codePointAt(units)! > 0xffff ? 2 : 1;
  return units;
}

/** Code-point offset of a UTF-16 offset. */
export function toCodePoints(code: string, units: number): number {
  return [...code.slice(0, units)].length;
}

/**
 * The dotted name ending at `cursor` (completion) or, with `through`, the one
 * the cursor is in, up to its end (inspection).
 */
export function wordAt(code: string, cursor: number, through = false): Word | null {
  let end = cursor;
  if (through) while (end < code.length && NAME_CHAR.test(code[end])) end++;
  // A cursor is never more than a line or two into a name: a window keeps the match linear on long cells.
  const before = code.slice(Math.max(0, end - 1000), end);
  const match = CHAIN.exec(before);
  const text = match?.[0] ?? '';
  const parts = text.split('.').map((p) => p.trim());
  const name = parts.pop() ?? '';
  if (!text || /^\d/.test(name)) return name === '' && !parts.length ? { path: [], name: '', start: end, end } : null;
  // A name right after a dot that does not start the chain (x[0].y, f().y) is a member of something we cannot resolve.
  const preceding = before.slice(0, before.length - text.length).trimEnd();
  if (preceding.endsWith('.') || preceding.endsWith('?.')) return null;
  return { path: parts, name, start: end - name.length, end };
}
