// An indexed-colour PNG whose image data is stored, not compressed: zlib's
// "stored" deflate blocks around the raw scanlines. Making one is copying
// bytes and two checksums — about fifty times faster than deflating — for a
// file about three times larger. Feature maps use it for the pictures that
// are redrawn while a slider moves; the montage that exports carry (rarely
// made, often kept) stays compressed (png.ts).

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
// A stored deflate block holds at most 65535 bytes.
const BLOCK = 65535;

// CRC-32 four bytes at a time ("slicing by 4"): table k holds the CRC of a
// byte followed by k zero bytes, so four lookups advance four bytes.
const CRC_TABLES = (() => {
  const tables = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) tables[k * 256 + n] = (tables[(k - 1) * 256 + n] >>> 8) ^ tables[tables[(k - 1) * 256 + n] & 0xff];
  }
  return tables;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  const t = CRC_TABLES;
  let c = 0xffffffff;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before the modulo overflows 32 bits.
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * One palette index per pixel, row-major; `colours` as [r, g, b, a]. Entries
 * up to the last one that is not opaque get a tRNS alpha, as fast-png writes them.
 */
export function storedIndexedPNG(width: number, height: number, indices: Uint8Array, colours: readonly (readonly number[])[]): Uint8Array {
  if (indices.length !== width * height) throw new Error(`storedIndexedPNG: ${indices.length} indices for ${width}x${height} pixels`);
  // Scanlines, each led by filter type 0 (none).
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const blocks = Math.max(1, Math.ceil(raw.length / BLOCK));
  const idat = 2 + raw.length + blocks * 5 + 4;
  let alphas = 0;
  colours.forEach((c, i) => { if ((c[3] ?? 255) !== 255) alphas = i + 1; });
  const chunks = 12 + 13 + 12 + colours.length * 3 + (alphas ? 12 + alphas : 0) + 12 + idat + 12;
  const out = new Uint8Array(8 + chunks);
  const view = new DataView(out.buffer);
  out.set(SIGNATURE, 0);
  let at = 8;
  const chunk = (type: string, length: number, fill: (offset: number) => void) => {
    view.setUint32(at, length);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
    fill(at + 8);
    view.setUint32(at + 8 + length, crc32(out, at + 4, at + 8 + length));
    at += 12 + length;
  };
  chunk('IHDR', 13, (o) => {
    view.setUint32(o, width);
    view.setUint32(o + 4, height);
    out.set([8, 3, 0, 0, 0], o + 8); // 8-bit, indexed colour, deflate, adaptive filtering, no interlace
  });
  chunk('PLTE', colours.length * 3, (o) => colours.forEach((c, i) => out.set([c[0], c[1], c[2]], o + i * 3)));
  if (alphas) chunk('tRNS', alphas, (o) => { for (let i = 0; i < alphas; i++) out[o + i] = colours[i][3] ?? 255; });
  chunk('IDAT', idat, (o) => {
    out[o] = 0x78; // deflate, 32K window
    out[o + 1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0
    let p = o + 2;
    for (let start = 0; start < raw.length || start === 0; start += BLOCK) {
      const length = Math.min(BLOCK, raw.length - start);
      out[p] = start + length >= raw.length ? 1 : 0;
      view.setUint16(p + 1, length, true);
      view.setUint16(p + 3, ~length & 0xffff, true);
      out.set(raw.subarray(start, start + length), p + 5);
      p += 5 + length;
      if (raw.length === 0) break;
    }
    view.setUint32(p, adler32(raw));
  });
  chunk('IEND', 0, () => {});
  return out;
}
