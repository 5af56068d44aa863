// Notebook files are UTF-8. A file that is not should fail loudly, naming the
// first bad byte, rather than be read with U+FFFD replacements that the next
// save would write back, silently destroying the original bytes.

import { NotebookFormatError } from './errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 (dropping a leading BOM, as HTML does), or throws naming the line and byte offset of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array, filename: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const hex = bytes[offset]?.toString(16).padStart(2, '0') ?? 'end of file';
    throw new NotebookFormatError(filename, line, `invalid UTF-8: byte 0x${hex} at byte offset ${offset} starts an ill-formed UTF-8 sequence; save the file as UTF-8`, { offset });
  }
}

/** Offset where the first ill-formed UTF-8 sequence starts (RFC 3629: no overlongs, surrogates or code points above U+10FFFF). */
export function firstInvalidByte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const min = k === 1 ? lo : 0x80, max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return n;
}
