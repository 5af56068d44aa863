// PNG encoding in plain JavaScript, so a heatmap is the same picture in the
// app and in a headless export (Plot's raster mark needs a canvas; Node has none).
import { encode } from 'fast-png';

/** An indexed-colour PNG: one palette index per pixel, row-major. */
export function encodeIndexedPNG(width: number, height: number, indices: Uint8Array, colours: [number, number, number, number][]): Uint8Array {
  // fast-png writes tRNS for the palette entries that are not opaque, in
  // order; keeping the one transparent entry first keeps that list positional.
  return encode({ width, height, data: indices, channels: 1, depth: 8, palette: colours });
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Standard base64: Uint8Array's own toBase64 where the engine has it (Chromium
 * 140+, so Electron 40), else btoa (browsers, Node), else plain JavaScript.
 */
export function base64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  if (typeof btoa === 'function') {
    // btoa takes a binary string; build it in slices so no call gets too many arguments.
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
    return btoa(binary);
  }
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    chunk += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function pngDataURL(png: Uint8Array): string {
  return `data:image/png;base64,${base64(png)}`;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function isPNG(bytes: unknown): bytes is Uint8Array {
  return bytes instanceof Uint8Array && bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}
