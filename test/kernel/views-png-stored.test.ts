// storedIndexedPNG: the uncompressed indexed PNG feature maps draw with. A
// standard decoder (fast-png's) must read back exactly the pixels, palette
// and transparency, at sizes that fit one stored block and sizes that need several.
import { expect, test } from 'vitest';
import { decode } from 'fast-png';
import { crc32, inflateSync } from 'node:zlib';
import { storedIndexedPNG } from '../../kernel/views/png-stored.js';
import { encodeIndexedPNG, base64 } from '../../kernel/views/png.js';

const palette: [number, number, number, number][] = [[0, 0, 0, 0], ...Array.from({ length: 255 }, (_, i) => [i, 255 - i, (i * 7) % 256, 255] as [number, number, number, number])];

function pixels(width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, i) => (i * 37 + (i >> 5)) % 256);
}

test.each([
  [1, 1], [3, 2], [112, 112], [300, 250], [1024, 70],
])('storedIndexedPNG(%i x %i) decodes to the same indices, palette and tRNS', (width, height) => {
  const indices = pixels(width, height);
  const png = decode(storedIndexedPNG(width, height, indices, palette));
  expect([png.width, png.height, png.depth, png.channels]).toEqual([width, height, 8, 1]);
  expect(Array.from(png.data as Uint8Array)).toEqual(Array.from(indices));
  // fast-png's decoder folds tRNS into the palette as each entry's alpha.
  expect(png.palette).toEqual(palette);
});

test('storedIndexedPNG needs several stored blocks past 65535 bytes of scanlines (300x250 = 75,250 bytes)', () => {
  const png = storedIndexedPNG(300, 250, pixels(300, 250), palette);
  // Two blocks of at most 65535 bytes: 2 x 5 header bytes around the 75,250 raw bytes.
  // The rest: signature, IHDR, PLTE (256 colours), tRNS (one alpha), IDAT's own 12 bytes, IEND.
  const idat = png.length - 8 - (12 + 13) - (12 + 256 * 3) - (12 + 1) - 12 - 12;
  expect(idat).toBe(2 + 75_250 + 2 * 5 + 4);
});

test('storedIndexedPNG shows the same picture as the deflated encoder', () => {
  const indices = pixels(40, 30);
  const a = decode(storedIndexedPNG(40, 30, indices, palette));
  const b = decode(encodeIndexedPNG(40, 30, indices, palette));
  expect(Array.from(a.data as Uint8Array)).toEqual(Array.from(b.data as Uint8Array));
  expect(a.palette).toEqual(b.palette);
});

test('storedIndexedPNG refuses indices that do not fill the picture', () => {
  expect(() => storedIndexedPNG(4, 4, new Uint8Array(15), palette)).toThrow('storedIndexedPNG: 15 indices for 4x4 pixels');
});

test('base64 of PNG bytes is standard base64 (as Node\'s Buffer writes it)', () => {
  const bytes = storedIndexedPNG(50, 50, pixels(50, 50), palette);
  for (const n of [0, 1, 2, 3, bytes.length]) expect(base64(bytes.subarray(0, n))).toBe(Buffer.from(bytes.subarray(0, n)).toString('base64'));
});

test('storedIndexedPNG\'s checksums are PNG\'s and zlib\'s: every chunk\'s CRC-32 as Node\'s zlib computes it, and IDAT inflates (Adler-32 checked) to the scanlines', () => {
  const width = 333;
  const height = 250; // 83,500 bytes of scanlines: two stored blocks
  const png = storedIndexedPNG(width, height, pixels(width, height), palette);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  let idat: Uint8Array | null = null;
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    types.push(type);
    expect(view.getUint32(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IDAT') idat = png.subarray(at + 8, at + 8 + length);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
  const scanlines = inflateSync(idat!);
  expect(scanlines.length).toBe(height * (width + 1));
  expect(Array.from(scanlines.subarray(width + 1, 2 * (width + 1)))).toEqual([0, ...pixels(width, height).subarray(width, 2 * width)]);
});
