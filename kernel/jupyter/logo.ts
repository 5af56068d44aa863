// The kernel's icon in JupyterLab's launcher: a 3x3 kernel, its weights as
// shades, the picture the seed article draws for a filter. Drawn here, so the
// kernelspec needs no image files in the package.
import { encodeIndexedPNG } from '../views/png.js';

// Weights of the seed's first filter, w0 channel 0, rescaled to shades 0..1.
const SHADES = [0.85, 0.35, 0.6, 0.2, 1, 0.45, 0.7, 0.3, 0.55];
const INK: [number, number, number] = [36, 99, 173];

export function logoSvg(): string {
  const cells = SHADES.map((s, i) => `<rect x="${2 + (i % 3) * 10}" y="${2 + Math.floor(i / 3) * 10}" width="9" height="9" rx="1" fill="rgb(${INK.join(',')})" fill-opacity="${s}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">${cells.join('')}</svg>\n`;
}

/** The same grid as a size x size PNG (Jupyter asks for 32 and 64). */
export function logoPng(size: number): Uint8Array {
  const palette: [number, number, number, number][] = [[0, 0, 0, 0], ...SHADES.map((s): [number, number, number, number] => [...INK, Math.round(255 * s)])];
  const indices = new Uint8Array(size * size);
  const cell = size / 32;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x / cell - 2) / 10;
      const gy = (y / cell - 2) / 10;
      const inside = gx >= 0 && gy >= 0 && gx < 3 && gy < 3 && gx % 1 < 0.9 && gy % 1 < 0.9;
      indices[y * size + x] = inside ? 1 + Math.floor(gy) * 3 + Math.floor(gx) : 0;
    }
  }
  return encodeIndexedPNG(size, size, indices, palette);
}
