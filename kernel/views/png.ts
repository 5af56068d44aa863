// PNG encoding in plain JavaScript, so a heatmap is the same picture in the
// app and in a headless export (Plot's raster mark needs a canvas; Node has none).
import { encode } from 'fast-png';
import { base64 } from './base64.js';

/** An indexed-colour PNG: one palette index per pixel, row-major. */
export function encodeIndexedPNG(width: number, height: number, indices: Uint8Array, colours: [number, number, number, number][]): Uint8Array {
  // fast-png writes tRNS for the palette entries that are not opaque, in
  // order; keeping the one transparent entry first keeps that list positional.
  return encode({ width, height, data: indices, channels: 1, depth: 8, palette: colours });
}

export { base64 };

export function pngDataURL(png: Uint8Array): string {
  return `data:image/png;base64,${base64(png)}`;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function isPNG(bytes: unknown): bytes is Uint8Array {
  return bytes instanceof Uint8Array && bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}
