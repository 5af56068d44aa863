// A derivation as a picture: for each input channel the filter touches, the
// input around the window (the taps outlined, zero padding greyed and
// marked), the filter slice beside it and the channel's partial sum; for a
// 1x1 mix, the pixel's channel values over their weights; then the lines of
// derivationLines, the sum in bold. Plain SVG in the caller's document, so
// the same picture shows in the workbook, in an exported page and as
// image/svg+xml.
import type { Derivation, Tap, WindowSum } from './derive.js';
import { derivationLines, derivationText, type Line } from './lines.js';
import { float32Text } from './numbers.js';
import { attachText } from '../attachments.js';
import type { Language } from './words.js';
import { svgElement } from '../svg.js';

export const PANEL_WIDTH = 640;
const CELL = 20;
const GAP = 16;
const LINE = 15;
/** Characters of a line before it wraps (11px monospace is about 6.6px a character). */
const WRAP = 94;
/** Input channels drawn as grids; the others are written out only. */
const MAX_GRIDS = 4;
/** The input shown around a window: the whole padded input up to this size, else the window and a margin. */
const MAX_GRID_SIDE = 11;
const MARGIN = 1;
/** Channels of a 1x1 mix drawn as cells. */
const MAX_MIX_CELLS = 16;

const COLOURS = { tap: '#d9480f', padding: '#e9ecef', paddingText: '#868e96', cell: '#ffffff', grid: '#ced4da', agree: '#2b8a3e', disagree: '#c92a2a' };
const MONO = 'ui-monospace, SFMono-Regular, Menlo, monospace';

export interface ExplanationOptions {
  document: Document;
  /** The words around the numbers: 'en' (default) or 'zh-CN'. */
  language?: Language;
}

/** The derivation as one standalone <svg class="kb-explanation">, its text/plain the derivation's lines. */
export function explanationSvg(d: Derivation, options: ExplanationOptions): SVGSVGElement {
  const { document } = options;
  const body = svgElement(document, 'g', { class: 'kb-explanation-body' });
  const height = drawDerivation(document, body, d, options.language ?? 'en');
  const svg = svgElement(document, 'svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'kb-explanation',
    width: PANEL_WIDTH,
    height,
    viewBox: `0 0 ${PANEL_WIDTH} ${height}`,
    'font-family': 'system-ui, sans-serif',
    'font-size': 11,
    fill: 'currentColor',
    style: 'max-width: 100%; height: auto;',
  }) as SVGSVGElement;
  svg.append(body);
  attachText(svg, derivationText(d, options.language ?? 'en'));
  return svg;
}

/** Draws into `group` from y = 0 down; returns the height used. */
function drawDerivation(document: Document, group: SVGElement, d: Derivation, language: Language): number {
  const lines = derivationLines(d, language);
  let y = 0;
  const text = (line: Line, attributes: Record<string, string | number> = {}) => {
    for (const part of wrap(line.text)) {
      y += LINE;
      group.append(svgElement(document, 'text', { x: 0, y: y - 4, class: `kb-explain-${line.kind}`, ...attributes }, part));
    }
  };
  for (const line of lines.filter((l) => l.kind === 'title' || l.kind === 'where')) {
    text(line, line.kind === 'title' ? { 'font-weight': 'bold', 'font-size': 13 } : { fill: '#495057' });
  }
  y += 6;
  for (const line of lines.filter((l) => l.kind === 'window')) {
    const w = d.windows[line.window!];
    if (line.window! < MAX_GRIDS) y = drawWindow(document, group, d, w, y);
    text(line, { 'font-family': MONO });
    y += 4;
  }
  for (const line of lines.filter((l) => l.kind === 'more')) text(line, { fill: '#495057' });
  if (d.mix && d.mix.length) y = drawMix(document, group, d, y + 4);
  for (const line of lines.filter((l) => l.kind === 'mix' || l.kind === 'bias')) text(line, { 'font-family': MONO });
  for (const line of lines.filter((l) => l.kind === 'sum' || l.kind === 'activation')) {
    text(line, { 'font-family': MONO, 'font-weight': 'bold', 'font-size': 12 });
  }
  for (const line of lines.filter((l) => l.kind === 'check')) text(line, { fill: d.agrees ? COLOURS.agree : COLOURS.disagree });
  return y + 6;
}

/** Input neighbourhood and filter slice of one window, side by side; returns the new y. */
function drawWindow(document: Document, group: SVGElement, d: Derivation, w: WindowSum, top: number): number {
  const { info } = d;
  const rows = range(w.taps.map((t) => t.iy), -info.padTop, info.inHeight - 1 + info.padBottom);
  const cols = range(w.taps.map((t) => t.ix), -info.padLeft, info.inWidth - 1 + info.padRight);
  const byPosition = new Map(w.taps.map((t) => [`${t.iy},${t.ix}`, t]));
  const label = `x[:, :, ${w.inputChannel}]`;
  // A separable op has two filters: the depthwise one is dw, the 1x1 one pw.
  const filterLabel = d.op === 'conv2d' ? `w[:, :, ${w.inputChannel}, ${d.channel}]` : `${d.op === 'separableConv2d' ? 'dw' : 'w'}[:, :, ${w.inputChannel}, ${w.slice}]`;
  group.append(svgElement(document, 'text', { x: 0, y: top + 11, fill: '#495057' }, label));
  const gridTop = top + 16;
  const values = rows.map((iy) => cols.map((ix) => (iy < 0 || iy >= info.inHeight || ix < 0 || ix >= info.inWidth ? null : valueAt(d, w, iy, ix))));
  // Cells widen to fit their longest number (pixel values and integers fit the square).
  const inputWidth = cellWidth(values.flat().map((v) => (v === null ? '0' : shortText(v))));
  const filterWidth = cellWidth(w.taps.map((t) => shortText(t.w)));
  const input = svgElement(document, 'g', { class: 'kb-explain-input', transform: `translate(0,${gridTop})` });
  rows.forEach((iy, r) => cols.forEach((ix, c) => {
    const tap = byPosition.get(`${iy},${ix}`);
    const value = values[r][c];
    input.append(cell(document, c * inputWidth, r * CELL, value === null ? '0' : shortText(value), {
      fill: value === null ? COLOURS.padding : COLOURS.cell,
      text: value === null ? COLOURS.paddingText : 'currentColor',
      tap: tap !== undefined,
      title: value === null ? `row ${iy}, col ${ix}: zero padding` : `x[${d.batch}, ${iy}, ${ix}, ${w.inputChannel}] = ${float32Text(value)}`,
      width: inputWidth,
    }));
  }));
  group.append(input);
  // The filter sits right of the input grid, and right of the input's label.
  const filterLeft = Math.max(cols.length * inputWidth, label.length * 6.5) + GAP + 14;
  group.append(svgElement(document, 'text', { x: filterLeft - 12, y: gridTop + (info.filterHeight * CELL) / 2 + 4, 'font-size': 14 }, '·'));
  group.append(svgElement(document, 'text', { x: filterLeft, y: top + 11, fill: '#495057' }, filterLabel));
  const filter = svgElement(document, 'g', { class: 'kb-explain-filter', transform: `translate(${filterLeft},${gridTop})` });
  for (const t of w.taps) {
    filter.append(cell(document, t.fx * filterWidth, t.fy * CELL, shortText(t.w), { fill: '#fff4e6', text: 'currentColor', tap: true, title: `w[${t.fy}, ${t.fx}] = ${float32Text(t.w)}`, width: filterWidth }));
  }
  group.append(filter);
  const sumLeft = filterLeft + Math.max(info.filterWidth * filterWidth, filterLabel.length * 6.5) + GAP;
  group.append(svgElement(document, 'text', { x: sumLeft, y: gridTop + (info.filterHeight * CELL) / 2 + 5, 'font-size': 13, 'font-weight': 'bold', class: 'kb-explain-partial' }, `= ${float32Text(w.sum)}`));
  return gridTop + Math.max(rows.length, info.filterHeight) * CELL + 4;
}

/** The pixel's channel values over their weights, one column per channel. */
function drawMix(document: Document, group: SVGElement, d: Derivation, top: number): number {
  const terms = d.mix!.slice(0, MAX_MIX_CELLS);
  const left = 22;
  const mix = svgElement(document, 'g', { class: 'kb-explain-mix', transform: `translate(0,${top})` });
  const source = d.op === 'separableConv2d' ? 'd' : 'x';
  mix.append(svgElement(document, 'text', { x: 0, y: 10 + CELL / 2 + 4, fill: '#495057' }, source));
  const weight = d.op === 'separableConv2d' ? 'pw' : 'w';
  mix.append(svgElement(document, 'text', { x: 0, y: 10 + CELL * 1.5 + 4, fill: '#495057' }, weight));
  const width = cellWidth(terms.flatMap((t) => [shortText(t.x), shortText(t.w)]));
  terms.forEach((t, i) => {
    const x = left + i * (width + 4);
    mix.append(svgElement(document, 'text', { x: x + width / 2, y: 8, 'text-anchor': 'middle', 'font-size': 9, fill: '#868e96' }, `${t.channel}`));
    mix.append(cell(document, x, 10, shortText(t.x), { fill: COLOURS.cell, text: 'currentColor', tap: true, title: `${source}[${t.channel}] = ${float32Text(t.x)}`, width }));
    mix.append(cell(document, x, 10 + CELL, shortText(t.w), { fill: '#fff4e6', text: 'currentColor', tap: true, title: `${weight}[${t.channel}, ${d.channel}] = ${float32Text(t.w)}`, width }));
  });
  if (d.mix!.length > terms.length) {
    mix.append(svgElement(document, 'text', { x: left + terms.length * (width + 4), y: 10 + CELL + 4 }, `… ${d.mix!.length - terms.length}`));
  }
  group.append(mix);
  return top + 10 + 2 * CELL + 8;
}

interface CellStyle { fill: string; text: string; tap: boolean; title: string; width?: number }

function cell(document: Document, x: number, y: number, label: string, style: CellStyle): SVGElement {
  const g = svgElement(document, 'g', { class: style.tap ? 'kb-explain-cell kb-explain-tap' : 'kb-explain-cell' });
  const width = style.width ?? CELL;
  g.append(svgElement(document, 'rect', {
    x, y, width, height: CELL, fill: style.fill,
    stroke: style.tap ? COLOURS.tap : COLOURS.grid, 'stroke-width': style.tap ? 2 : 1,
  }));
  g.append(svgElement(document, 'text', { x: x + width / 2, y: y + CELL / 2 + 4, 'text-anchor': 'middle', 'font-size': label.length > 3 ? 9 : 10, fill: style.text }, label));
  g.append(svgElement(document, 'title', {}, style.title));
  return g;
}

/** The rows (or columns) to draw: the whole padded extent when small, else the taps and a margin. */
function range(positions: number[], lo: number, hi: number): number[] {
  const first = Math.min(...positions);
  const last = Math.max(...positions);
  const [from, to] = hi - lo + 1 <= MAX_GRID_SIDE ? [lo, hi] : [Math.max(lo, first - MARGIN), Math.min(hi, last + MARGIN)];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** An input value next to the window: the taps carry their own; neighbours come from the same channel. */
function valueAt(d: Derivation, w: WindowSum, iy: number, ix: number): number {
  const tap = w.taps.find((t: Tap) => t.iy === iy && t.ix === ix);
  return tap ? tap.x : d.neighbour(w.inputChannel, iy, ix);
}

/** A number short enough for a cell (its exact value is in the cell's title and in the lines below). */
function shortText(value: number): string {
  const text = float32Text(value);
  if (text.length <= 5) return text;
  const rounded = Number(value.toPrecision(2));
  return Math.abs(rounded) >= 1e4 || (rounded !== 0 && Math.abs(rounded) < 1e-2) ? value.toExponential(0) : String(rounded);
}

/** Wide enough for the longest label at 9px monospace-ish digits, never narrower than a square. */
function cellWidth(labels: string[]): number {
  return Math.max(CELL, 6 * Math.max(...labels.map((l) => l.length)) + 8);
}

/** Splits a long line at " + " so each part fits the panel. */
function wrap(text: string): string[] {
  if (text.length <= WRAP) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > WRAP) {
    let at = rest.lastIndexOf(' + ', WRAP);
    if (at <= 0) at = rest.lastIndexOf(' ', WRAP);
    if (at <= 0) at = WRAP;
    parts.push(rest.slice(0, at));
    rest = `    ${rest.slice(at).trimStart()}`;
  }
  parts.push(rest);
  return parts;
}
