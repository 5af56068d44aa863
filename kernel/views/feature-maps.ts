// featureMaps: one heatmap per channel in a grid, under one colour scale.
// Each heatmap is an indexed PNG encoded in JavaScript (stored, not
// deflated: it is redrawn every time a slider moves) and drawn as an SVG
// <image> with pixelated scaling, so the app and a headless export show the
// same pixels. Small maps carry a <title> per pixel (hover works anywhere,
// even in an exported page); every map also updates a live readout on
// pointer move, which only a browser needs.
import type { Tensor } from '../../engine/tensor.js';
import { checkInteger, formatValue, invalidArgument } from '../../engine/errors.js';
import { scaleLinear } from 'd3';
import { channelLayout, layoutExtent, type ChannelLayout, type PlaneOptions } from './channel-layout.js';
import { colorScheme, palette } from './color-scheme.js';
import { mapLevels } from './map-levels.js';
import { encodeIndexedPNG, pngDataURL } from './png.js';
import { storedIndexedPNG } from './png-stored.js';
import { attachBeforeSerialise, attachPNG, attachText } from './attachments.js';
import { canPaint, paintedGrid, pixelLookup, type PlacedMap } from './map-canvas.js';
import { checkDocument, shortNumber, svgElement } from './svg.js';
import type { OpCall } from './explain/call.js';
import { embeddedValueCount, encodeSource, MAX_EMBEDDED_VALUES, type MapGeometry } from './explain/source.js';
import { languageOf, wordsFor } from './explain/words.js';
import { pixelAt } from './pixel-at.js';
import { makeExplorable } from './explain/interactive.js';

export interface FeatureMapsOptions extends PlaneOptions {
  document: Document;
  /** One colour scale for every channel (default), or each channel its own min..max. */
  scale?: 'shared' | 'per-channel';
  /** A d3-scale-chromatic scheme name: viridis (default), magma, turbo, RdBu, ... */
  scheme?: string;
  /** Fixes the colour domain instead of the data's [min, max]. */
  domain?: readonly [number, number];
  /** Screen pixels per tensor element; by default maps are drawn about 100px wide. */
  cellSize?: number;
  columns?: number;
  title?: string;
  /** Channel names, one per tensor channel or one per picked channel; default c0, c1, ... */
  labels?: readonly string[];
  /** What the legend calls the values (default "value"). */
  label?: string;
  /**
   * The op call that made the tensor: each value then explains itself on
   * hover and click (the `featureMaps` builtin passes it for engine results).
   */
  explain?: OpCall | null;
  /** The language of the explanations and their hint: 'en' (default) or 'zh-CN'. */
  language?: string;
  /**
   * Paint the maps on <canvas> while shown live (the workbook sets it): much
   * cheaper per redraw than PNG data URLs. Serialising the SVG still gives
   * PNG <image>s. Ignored where the document cannot paint (Node).
   */
  canvas?: boolean;
}

const OP = 'featureMaps';
const PAD = 10;
const GAP_X = 10;
const GAP_Y = 8;
const LABEL_HEIGHT = 14;
const TITLE_HEIGHT = 22;
const RAMP_WIDTH = 240;
const RAMP_HEIGHT = 10;
const LEGEND_HEIGHT = 14 + RAMP_HEIGHT + 18;
// Per-pixel <title>s stay cheap up to this many pixels in all maps together.
const MAX_TITLED_PIXELS = 4096;
// The montage PNG (image/png of the view) is kept under this width.
const MAX_MONTAGE_WIDTH = 2048;
const PIXELATED = 'image-rendering: optimizeSpeed; image-rendering: pixelated';

export function featureMaps(tensor: Tensor, options: FeatureMapsOptions): SVGSVGElement {
  const document = checkDocument(OP, options?.document);
  const layout = channelLayout(OP, tensor, options);
  const { height, width, channelCount } = layout;
  const planes = layout.channels.map((channel) => ({ channel }));
  const scale = options.scale ?? 'shared';
  if (scale !== 'shared' && scale !== 'per-channel') {
    throw invalidArgument(OP, 'scale', `expected 'shared' or 'per-channel', got ${formatValue(scale)}`);
  }
  const scheme = colorScheme(OP, options.scheme ?? 'viridis');
  const cellSize = checkInteger(OP, 'cellSize', options.cellSize ?? Math.max(1, Math.min(32, Math.floor(100 / Math.max(height, width)))));
  const mapWidth = width * cellSize;
  const mapHeight = height * cellSize;
  const columns = Math.min(planes.length, checkInteger(OP, 'columns', options.columns ?? Math.max(1, Math.floor((640 + GAP_X) / (mapWidth + GAP_X)))));
  const labels = channelLabels(options.labels, layout.channels, channelCount);

  const shared = options.domain ? checkDomain(options.domain) : sharedDomain(layout, layout.channels, scheme.diverging);
  const domains = planes.map((p) => (scale === 'shared' || options.domain ? shared : sharedDomain(layout, [p.channel], scheme.diverging)));
  const colours = palette(scheme.interpolate);
  // Every map's palette indices in one buffer, read from the tensor in place.
  const pixels = height * width;
  const all = new Uint8Array(planes.length * pixels);
  mapLevels(layout, domains, all);
  const indices = planes.map((_, k) => all.subarray(k * pixels, (k + 1) * pixels));
  const painting = options.canvas === true && canPaint(document);
  const lookup = painting ? lookupOf(colours) : null;
  const valueAt = (channel: number, row: number, col: number) => layout.data[layout.first(channel) + (row * width + col) * layout.pixelStride];

  const explain = options.explain ? options.explain : null;
  const rows = Math.ceil(planes.length / columns);
  const gridTop = PAD + (options.title ? TITLE_HEIGHT : 0);
  const gridWidth = columns * mapWidth + (columns - 1) * GAP_X;
  const gridHeight = rows * (LABEL_HEIGHT + mapHeight) + (rows - 1) * GAP_Y;
  const legendTop = gridTop + gridHeight + GAP_Y + 4;
  const totalWidth = PAD * 2 + Math.max(gridWidth, RAMP_WIDTH + 200);
  const totalHeight = legendTop + LEGEND_HEIGHT + PAD + (explain ? HINT_HEIGHT : 0);

  const svg = svgElement(document, 'svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'kb-feature-maps',
    width: totalWidth,
    height: totalHeight,
    viewBox: `0 0 ${totalWidth} ${totalHeight}`,
    'font-family': 'system-ui, sans-serif',
    'font-size': 10,
    fill: 'currentColor',
    style: 'max-width: 100%; height: auto;',
  }) as SVGSVGElement;
  if (options.title) {
    svg.append(svgElement(document, 'text', { x: PAD, y: PAD + 13, 'font-size': 13, 'font-weight': 'bold' }, options.title));
  }

  const readout = svgElement(document, 'text', { class: 'kb-feature-maps-readout', x: PAD + RAMP_WIDTH + 24, y: legendTop + 14 + RAMP_HEIGHT });
  const titled = planes.length * height * width <= MAX_TITLED_PIXELS;
  const placed: PlacedMap[] = [];
  planes.forEach((plane, k) => {
    const x = PAD + (k % columns) * (mapWidth + GAP_X);
    const y = gridTop + Math.floor(k / columns) * (LABEL_HEIGHT + mapHeight + GAP_Y);
    const [lo, hi] = domains[k];
    const group = svgElement(document, 'g', { class: 'kb-feature-map', 'data-channel': plane.channel, transform: `translate(${x},${y})` });
    group.append(svgElement(document, 'title', {}, `${labels[k]}: min ${shortNumber(lo)}, max ${shortNumber(hi)}`));
    group.append(svgElement(document, 'text', { x: 0, y: 10 }, labels[k]));
    const image = svgElement(document, 'image', {
      x: 0,
      y: LABEL_HEIGHT,
      width: mapWidth,
      height: mapHeight,
      preserveAspectRatio: 'none',
      'image-rendering': 'optimizeSpeed',
      style: PIXELATED,
      href: painting ? undefined : pngDataURL(storedIndexedPNG(width, height, indices[k], colours)),
      // The tensor pixels behind the picture, for mapping a pointer to a value.
      'data-rows': explain ? height : undefined,
      'data-columns': explain ? width : undefined,
    });
    group.append(image);
    if (lookup) placed.push({ left: x - PAD, top: y - gridTop + LABEL_HEIGHT, levels: indices[k] });
    if (titled) group.append(pixelTitles(document, labels[k], layout, plane.channel, cellSize));
    group.addEventListener?.('pointermove', (event) => {
      const at = pixelAt(image.getBoundingClientRect(), (event as PointerEvent).clientX, (event as PointerEvent).clientY, width, height);
      readout.textContent = at ? hoverText(labels[k], at[0], at[1], valueAt(plane.channel, at[0], at[1])) : '';
    });
    group.addEventListener?.('pointerleave', () => (readout.textContent = ''));
    svg.append(group);
  });

  // Under the maps: an explanation's cursor, drawn in a map's group, stays visible.
  if (lookup) svg.querySelector(':scope > g.kb-feature-map')!.before(paintedGrid(document, { x: PAD, y: gridTop, width: gridWidth, height: gridHeight }, placed, width, height, cellSize, lookup));
  svg.append(legend(document, scale === 'shared' || options.domain ? shared : undefined, options.label ?? 'value', legendTop, colours), readout);
  if (explain) {
    const dataFormat = options.dataFormat && /^(nchw|channels_?first)$/i.test(options.dataFormat) ? 'NCHW' : 'NHWC';
    addExplanations(svg, document, { call: explain, y: tensor }, { batch: options.batch ?? 0, dataFormat, language: languageOf(options.language) }, legendTop + LEGEND_HEIGHT);
  }
  if (painting) {
    // A file gets the pictures as PNG data URLs, as a headless run writes them.
    attachBeforeSerialise(svg, () => {
      svg.querySelector(':scope > .kb-feature-maps-canvas')?.remove();
      svg.querySelectorAll('g.kb-feature-map').forEach((group, k) => {
        group.querySelector(':scope > image')?.setAttribute('href', pngDataURL(storedIndexedPNG(width, height, indices[k], colours)));
      });
    });
  }
  attachPNG(svg, () => montage(indices, width, height, columns, cellSize, colours));
  const range = scale === 'shared' || options.domain ? `${shortNumber(shared[0])} … ${shortNumber(shared[1])}` : 'per-channel';
  const names = labels.length > 8 ? `${labels.slice(0, 8).join(', ')}, …` : labels.join(', ');
  attachText(svg, `featureMaps ${height}x${width} × ${labels.length} (${names}), ${scheme.name} ${range}`);
  return svg;
}

const HINT_HEIGHT = 16;

/**
 * Hover and click explain each value (live here; in an exported page, the
 * page's script reads the call from <metadata> and does the same). The
 * metadata carries the input and the result as base64 — megabytes for a
 * 112x112x32 layer — so it is written only when the SVG is serialised, not on
 * every slider step of the live workbook.
 */
function addExplanations(svg: SVGSVGElement, document: Document, source: { call: OpCall; y: Tensor }, geometry: MapGeometry, top: number): void {
  if (source.y.shape.length !== 4) throw invalidArgument(OP, 'explain', `only a rank-4 result of an op can explain its values, got shape [${source.y.shape.join(',')}]`);
  const fits = embeddedValueCount(source) <= MAX_EMBEDDED_VALUES;
  svg.append(svgElement(document, 'text', { class: 'kb-feature-maps-hint', x: PAD, y: top + 12, fill: '#495057' },
    fits ? wordsFor(geometry.language).hint : wordsFor(geometry.language).hintTooLarge));
  if (fits) {
    attachBeforeSerialise(svg, () => {
      const embedded = encodeSource(source, geometry);
      // Before the explanation panel, if one is showing, as it would be when made eagerly.
      if (embedded) svg.insertBefore(svgElement(document, 'metadata', { class: 'kb-explain' }, embedded), svg.querySelector(':scope > .kb-explain-panel'));
    });
  }
  makeExplorable(svg, source, geometry, document);
}

export { pixelAt };

function channelLabels(labels: readonly string[] | undefined, picked: number[], channelCount: number): string[] {
  if (labels === undefined) return picked.map((c) => `c${c}`);
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
    throw invalidArgument(OP, 'labels', `expected an array of strings, got ${formatValue(labels)}`);
  }
  if (labels.length === channelCount) return picked.map((c) => labels[c]);
  if (labels.length === picked.length) return [...labels];
  throw invalidArgument(OP, 'labels', `${labels.length} labels for ${channelCount} channels (${picked.length} shown); give one per channel`);
}

function checkDomain(domain: unknown): [number, number] {
  if (!Array.isArray(domain) || domain.length !== 2 || !domain.every(Number.isFinite) || !(domain[0] < domain[1])) {
    throw invalidArgument(OP, 'domain', `expected [min, max] with finite min < max, got ${formatValue(domain)}`);
  }
  return [domain[0], domain[1]];
}

function sharedDomain(layout: ChannelLayout, channels: readonly number[], diverging: boolean): [number, number] {
  const [lo, hi] = layoutExtent(layout, channels);
  if (!diverging) return [lo, hi];
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return [-m, m];
}

export function hoverText(label: string, y: number, x: number, value: number): string {
  return `${label} [y=${y}, x=${x}] = ${shortNumber(value)}`;
}

// One transparent cell per pixel, each with its value as a tooltip.
function pixelTitles(document: Document, label: string, layout: ChannelLayout, channel: number, cellSize: number): SVGElement {
  const layer = svgElement(document, 'g', { class: 'kb-feature-map-pixels', fill: 'transparent', transform: `translate(0,${LABEL_HEIGHT})` });
  const { width, data, pixelStride } = layout;
  const first = layout.first(channel);
  for (let i = 0; i < width * layout.height; i++) {
    const y = Math.floor(i / width);
    const x = i % width;
    const cell = svgElement(document, 'rect', { x: x * cellSize, y: y * cellSize, width: cellSize, height: cellSize });
    cell.append(svgElement(document, 'title', {}, hoverText(label, y, x, data[first + i * pixelStride])));
    layer.append(cell);
  }
  return layer;
}

function legend(document: Document, domain: [number, number] | undefined, label: string, top: number, colours: [number, number, number, number][]): SVGElement {
  const group = svgElement(document, 'g', { class: 'kb-feature-maps-legend', transform: `translate(${PAD},${top})` });
  const caption = domain ? `${label}: ${shortNumber(domain[0])} … ${shortNumber(domain[1])} (shared scale)` : `${label}: each map from its own min to its max (per-channel scale)`;
  group.append(svgElement(document, 'text', { x: 0, y: 10 }, caption));
  group.append(svgElement(document, 'image', {
    x: 0, y: 14, width: RAMP_WIDTH, height: RAMP_HEIGHT, preserveAspectRatio: 'none',
    href: rampURL(colours),
  }));
  if (domain) {
    const x = scaleLinear().domain(domain).range([0, RAMP_WIDTH]);
    const format = x.tickFormat(5);
    for (const tick of x.ticks(5)) {
      const at = Math.round(x(tick) * 10) / 10;
      group.append(svgElement(document, 'line', { x1: at, x2: at, y1: 14 + RAMP_HEIGHT, y2: 14 + RAMP_HEIGHT + 3, stroke: 'currentColor' }));
      group.append(svgElement(document, 'text', { x: at, y: 14 + RAMP_HEIGHT + 13, 'text-anchor': 'middle' }, format(tick)));
    }
  }
  return group;
}

const lookups = new WeakMap<object, Uint32Array>();
function lookupOf(colours: [number, number, number, number][]): Uint32Array {
  let lookup = lookups.get(colours);
  if (!lookup) lookups.set(colours, (lookup = pixelLookup(colours)));
  return lookup;
}

// The legend's ramp, one PNG per palette (palettes are made once per scheme).
const ramps = new WeakMap<object, string>();
function rampURL(colours: [number, number, number, number][]): string {
  let url = ramps.get(colours);
  if (url === undefined) {
    const ramp = new Uint8Array(colours.length - 1).map((_, i) => i + 1);
    ramps.set(colours, (url = pngDataURL(storedIndexedPNG(ramp.length, 1, ramp, colours))));
  }
  return url;
}

// The grid as one PNG, each map enlarged by whole pixels, gaps transparent.
function montage(indices: Uint8Array[], width: number, height: number, columns: number, cellSize: number, colours: [number, number, number, number][]): Uint8Array {
  const gap = 4;
  const rows = Math.ceil(indices.length / columns);
  const scale = Math.max(1, Math.min(cellSize, Math.floor((MAX_MONTAGE_WIDTH - (columns - 1) * gap) / (columns * width))));
  const outWidth = columns * width * scale + (columns - 1) * gap;
  const outHeight = rows * height * scale + (rows - 1) * gap;
  const out = new Uint8Array(outWidth * outHeight);
  indices.forEach((map, k) => {
    const left = (k % columns) * (width * scale + gap);
    const top = Math.floor(k / columns) * (height * scale + gap);
    for (let y = 0; y < height * scale; y++) {
      const row = (top + y) * outWidth + left;
      const source = Math.floor(y / scale) * width;
      for (let x = 0; x < width * scale; x++) out[row + x] = map[source + Math.floor(x / scale)];
    }
  });
  return encodeIndexedPNG(outWidth, outHeight, out, colours);
}
