// A derivation in words and numbers, line by line, in the seed's notation:
//   channel 0: 0·1 + 0·1 + 0·(-1) + … + 1·0 = 1
//   1 + (-1) + 0 + 1 = 1
// The text/plain of an explanation is these lines; the picture draws the
// same lines beside its grids, so the two never say different things.
import type { Derivation, WindowSum } from './derive.js';
import { float32Text, productText, sumText, term } from './numbers.js';

export type LineKind = 'title' | 'where' | 'window' | 'mix' | 'bias' | 'sum' | 'activation' | 'check' | 'more';

export interface Line {
  kind: LineKind;
  text: string;
  /** For 'window' lines: which of the derivation's windows. */
  window?: number;
}

/** Windows listed one per line before the rest are summarised in one. */
export const MAX_WINDOW_LINES = 12;
/** Terms of a sum written out before the rest are counted. */
const MAX_TERMS = 24;

const OP_NAMES: Record<Derivation['op'], string> = {
  conv2d: 'conv2d',
  depthwiseConv2d: 'depthwise_conv2d',
  pointwiseConv2d: 'pointwise (1×1) conv2d',
  separableConv2d: 'separable_conv2d',
};

export function derivationLines(d: Derivation): Line[] {
  const lines: Line[] = [
    { kind: 'title', text: `${OP_NAMES[d.op]}: y[${d.index.join(', ')}] = ${float32Text(d.actual)}` },
    { kind: 'where', text: where(d) },
  ];
  if (d.windows.length) lines.push({ kind: 'where', text: windowText(d) });
  const shown = d.windows.slice(0, MAX_WINDOW_LINES);
  shown.forEach((w, i) => lines.push({ kind: 'window', window: i, text: `${windowLabel(d, w)}: ${tapsText(w)} = ${float32Text(w.sum)}` }));
  if (d.windows.length > shown.length) {
    lines.push({ kind: 'more', text: `… and ${d.windows.length - shown.length} more channels, each summed the same way` });
  }
  if (d.mix) {
    const label = d.op === 'separableConv2d' ? `1×1 mix of the depthwise values into channel ${d.channel}` : `1×1 mix into channel ${d.channel}`;
    const products = d.mix.length ? capped(d.mix.map((t) => productText(t.x, t.w))) : '(a padded pixel: nothing to mix)';
    lines.push({ kind: 'mix', text: `${label}: ${products} = ${float32Text(d.sum)}` });
  }
  if (d.bias !== null) lines.push({ kind: 'bias', text: `bias b[${d.channel}] = ${float32Text(d.bias)}` });
  const addends = d.op === 'conv2d' ? d.windows.map((w) => w.sum) : [d.sum];
  if (d.bias !== null) addends.push(d.bias);
  if (addends.length > 1) lines.push({ kind: 'sum', text: `${cappedSum(addends)} = ${float32Text(d.preActivation)}` });
  if (d.activation !== 'linear') {
    lines.push({ kind: 'activation', text: `${d.activation}(${float32Text(d.preActivation)}) = ${float32Text(d.value)}` });
  }
  lines.push({ kind: 'check', text: checkText(d) });
  return lines;
}

/** text/plain: the lines, windows indented under their heading. */
export function derivationText(d: Derivation): string {
  return derivationLines(d).map((l) => (l.kind === 'title' ? l.text : `  ${l.text}`)).join('\n');
}

function where(d: Derivation): string {
  const at = `batch ${d.batch}, row ${d.row}, col ${d.col}`;
  switch (d.op) {
    case 'conv2d': return `${at}, channel ${d.channel}: filter ${d.channel} over all ${d.info.inChannels} input channels, summed`;
    case 'depthwiseConv2d': {
      const M = d.info.depthMultiplier;
      const from = M > 1 ? `input channel ${Math.floor(d.channel / M)}, multiplier ${d.channel % M} (channel = c·${M} + m)` : `input channel ${d.channel} alone`;
      return `${at}, channel ${d.channel} = ${from}: never summed across channels`;
    }
    case 'pointwiseConv2d': {
      const iy = d.row * d.info.strideHeight - d.info.padTop;
      const ix = d.col * d.info.strideWidth - d.info.padLeft;
      const pixel = iy === d.row && ix === d.col ? 'the same pixel' : `input pixel row ${iy}, col ${ix}`;
      return `${at}, channel ${d.channel}: filter ${d.channel} weighs the ${d.info.inChannels} channels of ${pixel}`;
    }
    case 'separableConv2d': return `${at}, channel ${d.channel}: a depthwise ${d.info.filterHeight}×${d.info.filterWidth} per channel, then a 1×1 mix of its ${d.info.outChannels} values`;
  }
}

/** Where the window sits in the input, and which of its rows and columns are padding. */
function windowText(d: Derivation): string {
  const { info } = d;
  const taps = d.windows[0].taps;
  const rows = [...new Set(taps.map((t) => t.iy))];
  const cols = [...new Set(taps.map((t) => t.ix))];
  // A dilated window skips rows and columns, so those are listed one by one.
  const span = (v: number[], dilation: number) => (v.length === 1 ? `${v[0]}` : dilation > 1 ? v.join(', ') : `${v[0]}…${v[v.length - 1]}`);
  const outside = (v: number[], size: number) => v.filter((i) => i < 0 || i >= size);
  const padRows = outside(rows, info.inHeight);
  const padCols = outside(cols, info.inWidth);
  const padding = padRows.length || padCols.length
    ? `; zero padding: ${[padRows.length ? `row${padRows.length > 1 ? 's' : ''} ${padRows.join(', ')}` : '', padCols.length ? `col${padCols.length > 1 ? 's' : ''} ${padCols.join(', ')}` : ''].filter(Boolean).join(', ')}`
    : '';
  return `window: input rows ${span(rows, info.dilationHeight)}, cols ${span(cols, info.dilationWidth)} (stride ${pair(info.strideHeight, info.strideWidth)}, dilation ${pair(info.dilationHeight, info.dilationWidth)}${padding})`;
}

function pair(a: number, b: number): string {
  return a === b ? `${a}` : `${a}×${b}`;
}

function windowLabel(d: Derivation, w: WindowSum): string {
  if (d.op === 'conv2d') return `channel ${w.inputChannel}`;
  const M = d.info.depthMultiplier;
  const k = w.inputChannel * M + w.slice;
  if (d.op === 'separableConv2d') return M > 1 ? `depthwise d${k} (channel ${w.inputChannel}, multiplier ${w.slice})` : `depthwise d${k} (channel ${w.inputChannel})`;
  return M > 1 ? `channel ${w.inputChannel}, multiplier ${w.slice}` : `channel ${w.inputChannel}`;
}

function tapsText(w: WindowSum): string {
  return capped(w.taps.map((t) => productText(t.x, t.w)));
}

function capped(items: string[]): string {
  if (items.length <= MAX_TERMS) return items.join(' + ');
  return `${items.slice(0, MAX_TERMS - 2).join(' + ')} + … (${items.length - MAX_TERMS + 1} more) + ${items[items.length - 1]}`;
}

function cappedSum(values: number[]): string {
  if (values.length <= MAX_TERMS) return sumText(values);
  const head = sumText(values.slice(0, MAX_TERMS - 2));
  return `${head} + … (${values.length - MAX_TERMS + 1} more) + ${term(values[values.length - 1])}`;
}

function checkText(d: Derivation): string {
  const at = `y[${d.index.join(', ')}]`;
  if (d.agrees) return `= ${at}, the value the op returned, exactly`;
  return `the tensor holds ${float32Text(d.actual)} where this derivation gives ${float32Text(d.value)}: ` +
    'the engine added the same products in another order, and float32 rounds every addition';
}
