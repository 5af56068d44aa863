// Feature maps painted on <canvas>, for a page that shows them live (the
// workbook while a slider moves): a palette lookup into RGBA and one
// putImageData per map, where the PNG path encodes 32 PNGs, base64s them and
// has the browser parse 32 data URLs every step (measured in bench/RESULTS.md).
// One canvas lies under the grid's map <image>s (left empty), which keep the
// geometry that hovering, zooming and explanations read; when the SVG is serialised (an
// export) the canvases give way to the same pixels as PNG data URLs, so a
// file never depends on a canvas.

const XHTML = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';

const painting = new WeakMap<Document, boolean>();

/** Whether `document` can paint canvases (a browser's, not a DOM shim's); asked once per document. */
export function canPaint(document: Document): boolean {
  let can = painting.get(document);
  if (can === undefined) {
    try {
      const canvas = document.createElementNS(XHTML, 'canvas') as HTMLCanvasElement;
      can = typeof canvas.getContext === 'function' && canvas.getContext('2d') !== null && typeof ImageData === 'function';
    } catch {
      can = false;
    }
    painting.set(document, can);
  }
  return can;
}

/** The palette as 32-bit pixels in the platform's byte order (RGBA in memory). */
export function pixelLookup(colours: readonly (readonly number[])[]): Uint32Array {
  const lookup = new Uint32Array(256);
  const bytes = new Uint8Array(lookup.buffer);
  colours.forEach((c, i) => bytes.set([c[0], c[1], c[2], c[3] ?? 255], i * 4));
  return lookup;
}

// One scratch image, reused by every grid of its size and every step: putImageData copies it.
let scratch: ImageData | null = null;

/** Where one map goes in the grid, in the grid's pixels. */
export interface PlacedMap {
  left: number;
  top: number;
  levels: Uint8Array;
}

/**
 * One canvas for a whole grid (a canvas per map made the compositor produce
 * 32 resources a step), in the grid's own pixels: each map's `levels`
 * (palette indices, row-major, `columns` x `rows`) enlarged by `cellSize`,
 * the gaps between maps transparent. Returned in a <foreignObject> to lie
 * under the maps' (empty) <image>s, which keep the geometry.
 */
export function paintedGrid(document: Document, box: { x: number; y: number; width: number; height: number }, maps: readonly PlacedMap[], columns: number, rows: number, cellSize: number, lookup: Uint32Array): SVGForeignObjectElement {
  const object = document.createElementNS(SVG_NS, 'foreignObject') as SVGForeignObjectElement;
  for (const [name, value] of Object.entries(box)) object.setAttribute(name, String(value));
  object.setAttribute('class', 'kb-feature-maps-canvas');
  object.setAttribute('pointer-events', 'none');
  const canvas = document.createElementNS(XHTML, 'canvas') as HTMLCanvasElement;
  canvas.width = box.width;
  canvas.height = box.height;
  canvas.setAttribute('style', 'display: block; width: 100%; height: 100%; image-rendering: pixelated; pointer-events: none');
  if (!scratch || scratch.width !== box.width || scratch.height !== box.height) scratch = new ImageData(box.width, box.height);
  const pixels = new Uint32Array(scratch.data.buffer, scratch.data.byteOffset, box.width * box.height);
  pixels.fill(0);
  const stride = box.width;
  for (const { left, top, levels } of maps) {
    for (let y = 0; y < rows; y++) {
      const source = y * columns;
      for (let dy = 0; dy < cellSize; dy++) {
        let at = (top + y * cellSize + dy) * stride + left;
        if (cellSize === 1) {
          for (let x = 0; x < columns; x++) pixels[at + x] = lookup[levels[source + x]];
        } else {
          for (let x = 0; x < columns; x++) {
            const colour = lookup[levels[source + x]];
            for (let dx = 0; dx < cellSize; dx++) pixels[at++] = colour;
          }
        }
      }
    }
  }
  canvas.getContext('2d')!.putImageData(scratch, 0, 0);
  object.append(canvas);
  return object;
}
