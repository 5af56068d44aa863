// costBreakdown: bar charts comparing what ops cost — MACs, parameters, bytes
// moved (stacked input/weights/output) and measured milliseconds (stacked by
// engine phase) — drawn with Plot in the caller's document and gathered into
// one SVG, so the figure is a single image/svg+xml in any export.
import * as Plot from '@observablehq/plot';
import { format } from 'd3';
import type { Cost } from '../../engine/cost.js';
import { formatValue, invalidArgument } from '../../engine/errors.js';
import { attachText } from './attachments.js';
import { checkDocument, shortNumber, svgElement } from './svg.js';

export const PHASES = ['packing', 'depthwise', 'pointwise', 'conv', 'epilogue'] as const;
export type Phase = (typeof PHASES)[number];

/** The fast engine's profile of one op call. */
export interface OpProfile {
  totalMs: number;
  phases?: Partial<Record<Phase, number>>;
  threads?: { id: number; ms: number; tiles: number }[];
  cost?: Cost;
}

export interface CostItem {
  label: string;
  cost: Pick<Cost, 'macs' | 'flops' | 'params' | 'bytes'> & Partial<Cost>;
  profile?: OpProfile;
}

export type Metric = 'macs' | 'flops' | 'params' | 'bytes' | 'ms';

export interface CostBreakdownOptions {
  document: Document;
  /** One chart, or 'all' (default): MACs, params, bytes, and ms when any item has a profile. */
  metric?: Metric | 'all';
  title?: string;
  /** Width of the whole figure (default 640). */
  width?: number;
  /** Height of each chart (default 220). */
  height?: number;
}

const OP = 'costBreakdown';
const PAD = 10;
const TITLE_HEIGHT = 22;
const CHART_TITLE_HEIGHT = 16;
const LEGEND_HEIGHT = 16;
const GAP = 16;
// Observable's categorical palette, fixed per part so a colour means one thing in every chart.
const COLOURS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#a463f2', '#97bbf5'];
const BYTE_PARTS = ['input', 'weights', 'output'] as const;

interface Row {
  label: string;
  part: string;
  value: number;
}

interface MetricInfo {
  title: string;
  unit: string;
  /** The parts a bar is stacked from; one part draws a plain bar. */
  parts: readonly string[];
  rows: (item: CostItem) => Row[] | null;
}

const METRICS: Record<Metric, MetricInfo> = {
  macs: { title: 'MACs (multiply-accumulates)', unit: '', parts: ['macs'], rows: (i) => [{ label: i.label, part: 'macs', value: i.cost.macs }] },
  flops: { title: 'FLOPs', unit: '', parts: ['flops'], rows: (i) => [{ label: i.label, part: 'flops', value: i.cost.flops }] },
  params: { title: 'Parameters', unit: '', parts: ['params'], rows: (i) => [{ label: i.label, part: 'params', value: i.cost.params }] },
  bytes: {
    title: 'Bytes moved (float32)',
    unit: 'B',
    parts: BYTE_PARTS,
    rows: (i) => BYTE_PARTS.map((part) => ({ label: i.label, part, value: i.cost.bytes[part] })),
  },
  ms: {
    title: 'Measured time by phase (ms)',
    unit: ' ms',
    parts: [...PHASES, 'total'],
    rows: (i) => {
      if (!i.profile) return null;
      const phases = i.profile.phases;
      if (!phases || PHASES.every((p) => !phases[p])) return [{ label: i.label, part: 'total', value: i.profile.totalMs }];
      return PHASES.filter((p) => phases[p]).map((part) => ({ label: i.label, part, value: phases[part]! }));
    },
  },
};

export function costBreakdown(items: readonly CostItem[], options: CostBreakdownOptions): SVGSVGElement {
  const document = checkDocument(OP, options?.document);
  checkItems(items);
  const metric = options.metric ?? 'all';
  const metrics: Metric[] = metric === 'all' ? ['macs', 'params', 'bytes', ...(items.some((i) => i.profile) ? (['ms'] as const) : [])] : [metric];
  if (metric !== 'all' && !(metric in METRICS)) {
    throw invalidArgument(OP, 'metric', `unknown metric ${formatValue(metric)}; expected one of ${Object.keys(METRICS).join(', ')} or 'all'`);
  }
  if (metric === 'ms' && !items.some((i) => i.profile)) {
    throw invalidArgument(OP, 'items', "metric 'ms' needs a profile (from the fast engine) on at least one item");
  }
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  if (!(Number.isFinite(width) && width >= 200)) throw invalidArgument(OP, 'width', `expected a number >= 200, got ${formatValue(width)}`);
  if (!(Number.isFinite(height) && height >= 100)) throw invalidArgument(OP, 'height', `expected a number >= 100, got ${formatValue(height)}`);

  const columns = metrics.length > 1 ? 2 : 1;
  const chartWidth = Math.floor((width - 2 * PAD - (columns - 1) * GAP) / columns);
  const cellHeight = CHART_TITLE_HEIGHT + LEGEND_HEIGHT + height;
  const top = PAD + (options.title ? TITLE_HEIGHT : 0);
  const rows = Math.ceil(metrics.length / columns);
  const totalHeight = top + rows * cellHeight + (rows - 1) * GAP + PAD;

  const svg = svgElement(document, 'svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'kb-cost-breakdown',
    width,
    height: totalHeight,
    viewBox: `0 0 ${width} ${totalHeight}`,
    'font-family': 'system-ui, sans-serif',
    'font-size': 10,
    fill: 'currentColor',
    style: 'max-width: 100%; height: auto;',
  }) as SVGSVGElement;
  if (options.title) svg.append(svgElement(document, 'text', { x: PAD, y: PAD + 13, 'font-size': 13, 'font-weight': 'bold' }, options.title));

  metrics.forEach((m, k) => {
    const x = PAD + (k % columns) * (chartWidth + GAP);
    const y = top + Math.floor(k / columns) * (cellHeight + GAP);
    svg.append(chart(document, items, m, chartWidth, height, x, y));
  });
  attachText(svg, costTable(items));
  return svg;
}

function checkItems(items: unknown): asserts items is CostItem[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw invalidArgument(OP, 'items', `expected a non-empty array of { label, cost, profile? }, got ${formatValue(items)}`);
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!item || typeof item.label !== 'string' || !item.label) throw invalidArgument(OP, `items[${i}]`, 'needs a label (a non-empty string)');
    if (seen.has(item.label)) throw invalidArgument(OP, `items[${i}]`, `label ${formatValue(item.label)} is used twice; bars are told apart by label`);
    seen.add(item.label);
    const c = item.cost;
    if (!c || !Number.isFinite(c.macs) || !Number.isFinite(c.params) || !c.bytes) {
      throw invalidArgument(OP, `items[${i}]`, `${formatValue(item.label)} needs a cost from engine cost() ({ macs, params, bytes, ... })`);
    }
    if (item.profile !== undefined && !Number.isFinite(item.profile?.totalMs)) {
      throw invalidArgument(OP, `items[${i}]`, `${formatValue(item.label)}'s profile needs totalMs`);
    }
  });
}

function chart(document: Document, items: readonly CostItem[], metric: Metric, width: number, height: number, x: number, y: number): SVGElement {
  const info = METRICS[metric];
  const rows = items.flatMap((item) => info.rows(item) ?? []);
  const labels = items.map((i) => i.label);
  const totals = labels.map((label) => ({ label, total: rows.filter((r) => r.label === label).reduce((s, r) => s + r.value, 0) }));
  const parts = info.parts.filter((p) => rows.some((r) => r.part === p));
  const stacked = info.parts.length > 1;
  const valueFormat = metric === 'ms' ? (v: number) => `${shortNumber(Number(v.toPrecision(3)))} ms` : (v: number) => `${format('.3~s')(v)}${info.unit}`;

  const group = svgElement(document, 'g', { class: 'kb-cost-chart', 'data-metric': metric, transform: `translate(${x},${y})` });
  group.append(svgElement(document, 'text', { x: 0, y: 12, 'font-size': 12, 'font-weight': 'bold' }, info.title));
  if (stacked) group.append(swatches(document, parts, info.parts));

  // Labels that would run into their neighbours break at spaces.
  const band = (width - 60) / labels.length;
  const wrap = labels.some((l) => l.length * 6 > band);
  const lines = wrap ? Math.max(...labels.map((l) => l.split(' ').length)) : 1;
  const plot = Plot.plot({
    document,
    width,
    height,
    marginTop: 18,
    marginLeft: 48,
    marginBottom: 18 + 11 * lines,
    x: { domain: labels, label: null, padding: 0.25, tickFormat: (l: string) => (wrap ? l.split(' ').join('\n') : l) },
    y: { label: null, grid: true, tickFormat: metric === 'ms' ? undefined : (v: number) => format('~s')(v) },
    color: { domain: info.parts as string[], range: COLOURS.slice(0, info.parts.length) },
    marks: [
      Plot.barY(rows, { x: 'label', y: 'value', fill: stacked ? 'part' : () => COLOURS[0], title: (r: Row) => `${r.label}${stacked ? ` · ${r.part}` : ''}: ${valueFormat(r.value)}` }),
      Plot.text(totals.filter((t) => rows.some((r) => r.label === t.label)), { x: 'label', y: 'total', text: (t: { total: number }) => valueFormat(t.total), dy: -4, lineAnchor: 'bottom' }),
      Plot.ruleY([0]),
    ],
  }) as unknown as SVGSVGElement;
  plot.setAttribute('x', '0');
  plot.setAttribute('y', String(CHART_TITLE_HEIGHT + LEGEND_HEIGHT));
  group.append(plot);
  return group;
}

function swatches(document: Document, parts: readonly string[], all: readonly string[]): SVGElement {
  const legend = svgElement(document, 'g', { class: 'kb-cost-legend', transform: `translate(0,${CHART_TITLE_HEIGHT + 2})` });
  let x = 0;
  for (const part of parts) {
    legend.append(svgElement(document, 'rect', { x, y: 0, width: 10, height: 10, fill: COLOURS[all.indexOf(part)] }));
    legend.append(svgElement(document, 'text', { x: x + 13, y: 9 }, part));
    // About 5.2px a character at 10px system-ui.
    x += Math.round(13 + part.length * 5.2 + 8);
  }
  return legend;
}

/** The numbers behind the charts, as a fixed-width table for text/plain. */
export function costTable(items: readonly CostItem[]): string {
  const header = ['op', 'MACs', 'params', 'bytes', 'ms'];
  const body = items.map((i) => [
    i.label,
    String(i.cost.macs),
    String(i.cost.params),
    String(i.cost.bytes.input + i.cost.bytes.weights + i.cost.bytes.output),
    i.profile ? shortNumber(i.profile.totalMs) : '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
