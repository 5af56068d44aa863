// A Tensor's text/html: the caption of its text/plain, then, for a tensor
// small enough to read, every 2-D slice over its last two spatial axes as a
// grid, each labelled with its index ([0, :, :, 1] is batch 0, channel 1 of
// an NHWC tensor) and shaded by value (blue below zero, red above), so the
// channels the seed article draws one by one sit side by side. Bigger
// tensors, and ranks above 4, get the text/plain form in a <pre>.
import type { Tensor } from '../../engine/tensor.js';
import { formatTensor } from './format-tensor.js';

export interface TensorHtmlOptions {
  /** Draw grids only up to this many elements (beyond it, the summarised text). */
  maxElements?: number;
}

export function tensorHtml(t: Pick<Tensor, 'shape' | 'data'>, options: TensorHtmlOptions = {}): string {
  const text = formatTensor(t);
  const caption = escape(text.slice(0, text.indexOf('\n')));
  const { shape, data } = t;
  if (shape.length === 0 || shape.length > 4 || data.length > (options.maxElements ?? 1024) || data.length === 0) {
    return `<pre class="kernelbook-tensor">${escape(text)}</pre>`;
  }
  // Rank 1 is one row; rank 2 one grid; rank 3 is [H, W, C]; rank 4 is [N, H, W, C].
  const [n, h, w, c] = shape.length === 1 ? [1, 1, shape[0], 1] : shape.length === 2 ? [1, shape[0], shape[1], 1] : shape.length === 3 ? [1, ...shape] : shape;
  const scale = Math.max(...Array.from(data, Math.abs)) || 1;
  const grids: string[] = [];
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const rows: string[] = [];
      for (let y = 0; y < h; y++) {
        const cells: string[] = [];
        for (let x = 0; x < w; x++) {
          const v = data[((b * h + y) * w + x) * c + ch];
          cells.push(`<td style="${shade(v / scale)}">${number(v)}</td>`);
        }
        rows.push(`<tr>${cells.join('')}</tr>`);
      }
      const label = shape.length > 2 ? `<caption>${sliceLabel(shape.length, b, ch)}</caption>` : '';
      grids.push(`<table style="border-collapse:collapse;font:12px monospace;text-align:right">${label}${rows.join('')}</table>`);
    }
  }
  return `<div class="kernelbook-tensor"><div style="font:12px monospace;margin-bottom:4px">${caption}</div>`
    + `<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start">${grids.join('')}</div></div>`;
}

function sliceLabel(rank: number, batch: number, channel: number): string {
  return rank === 3 ? `[:, :, ${channel}]` : `[${batch}, :, :, ${channel}]`;
}

/** Diverging shade, transparent at zero, so the grid reads like the feature map it is. */
function shade(t: number): string {
  const alpha = Math.min(1, Math.abs(t)) * 0.45;
  const rgb = t < 0 ? '33,102,172' : '178,24,43';
  return `padding:2px 6px;border:1px solid #ddd;background:rgba(${rgb},${alpha.toFixed(3)})`;
}

function number(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

function escape(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!);
}
