// A derivation in words and numbers, line by line, in the seed's notation:
//   channel 0: 0·1 + 0·1 + 0·(-1) + … + 1·0 = 1
//   1 + (-1) + 0 + 1 = 1
// The text/plain of an explanation is these lines; the picture draws the
// same lines beside its grids, so the two never say different things.
import type { Derivation, WindowSum } from './derive.js';
import { float32Text, productText, sumText, term } from './numbers.js';
import { wordsFor, type Language, type Words } from './words.js';

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

export function derivationLines(d: Derivation, language: Language = 'en'): Line[] {
  const words = wordsFor(language);
  const lines: Line[] = [
    { kind: 'title', text: `${OP_NAMES[d.op]}: y[${d.index.join(', ')}] = ${float32Text(d.actual)}` },
    { kind: 'where', text: where(d, words) },
  ];
  if (d.windows.length) lines.push({ kind: 'where', text: windowText(d, words) });
  const shown = d.windows.slice(0, MAX_WINDOW_LINES);
  shown.forEach((w, i) => lines.push({ kind: 'window', window: i, text: `${windowLabel(d, w, words)}${words.colon}${capped(w.taps.map((t) => productText(t.x, t.w)), words)} = ${float32Text(w.sum)}` }));
  if (d.windows.length > shown.length) lines.push({ kind: 'more', text: words.more(d.windows.length - shown.length) });
  if (d.mix) {
    const label = d.op === 'separableConv2d' ? words.separableMix(d.channel) : words.mix(d.channel);
    const products = d.mix.length ? capped(d.mix.map((t) => productText(t.x, t.w)), words) : words.paddedPixel;
    lines.push({ kind: 'mix', text: `${label}${words.colon}${products} = ${float32Text(d.sum)}` });
  }
  if (d.bias !== null) lines.push({ kind: 'bias', text: words.bias(d.channel, float32Text(d.bias)) });
  const addends = d.op === 'conv2d' ? d.windows.map((w) => w.sum) : [d.sum];
  if (d.bias !== null) addends.push(d.bias);
  if (addends.length > 1) lines.push({ kind: 'sum', text: `${cappedSum(addends, words)} = ${float32Text(d.preActivation)}` });
  if (d.activation !== 'linear') {
    lines.push({ kind: 'activation', text: `${d.activation}(${float32Text(d.preActivation)}) = ${float32Text(d.value)}` });
  }
  const at = `y[${d.index.join(', ')}]`;
  lines.push({ kind: 'check', text: d.agrees ? words.agrees(at) : words.disagrees(float32Text(d.actual), float32Text(d.value)) });
  return lines;
}

/** text/plain: the lines, each under the title. */
export function derivationText(d: Derivation, language: Language = 'en'): string {
  return derivationLines(d, language).map((l) => (l.kind === 'title' ? l.text : `  ${l.text}`)).join('\n');
}

function where(d: Derivation, words: Words): string {
  const at = words.at(d.batch, d.row, d.col, d.channel);
  switch (d.op) {
    case 'conv2d': return `${at}${words.colon}${words.conv2d(d.channel, d.info.inChannels)}`;
    case 'depthwiseConv2d': {
      const M = d.info.depthMultiplier;
      const from = M > 1 ? words.depthwiseMultiplier(Math.floor(d.channel / M), d.channel % M, M) : words.depthwiseAlone(d.channel);
      return `${at} = ${from}${words.colon}${words.notSummed}`;
    }
    case 'pointwiseConv2d': {
      const iy = d.row * d.info.strideHeight - d.info.padTop;
      const ix = d.col * d.info.strideWidth - d.info.padLeft;
      return `${at}${words.colon}${words.pointwise(d.channel, d.info.inChannels, iy === d.row && ix === d.col ? words.samePixel : words.inputPixel(iy, ix))}`;
    }
    case 'separableConv2d': return `${at}${words.colon}${words.separable(d.info.filterHeight, d.info.filterWidth, d.info.outChannels)}`;
  }
}

/** Where the window sits in the input, and which of its rows and columns are padding. */
function windowText(d: Derivation, words: Words): string {
  const { info } = d;
  const taps = d.windows[0].taps;
  const rows = [...new Set(taps.map((t) => t.iy))];
  const cols = [...new Set(taps.map((t) => t.ix))];
  // A dilated window skips rows and columns, so those are listed one by one.
  const span = (v: number[], dilation: number) => (v.length === 1 ? `${v[0]}` : dilation > 1 ? v.join(', ') : `${v[0]}…${v[v.length - 1]}`);
  const outside = (v: number[], size: number) => v.filter((i) => i < 0 || i >= size);
  const padRows = outside(rows, info.inHeight);
  const padCols = outside(cols, info.inWidth);
  const padding = padRows.length || padCols.length ? words.padding(padRows, padCols) : '';
  return words.window(span(rows, info.dilationHeight), span(cols, info.dilationWidth), pair(info.strideHeight, info.strideWidth), pair(info.dilationHeight, info.dilationWidth), padding);
}

function pair(a: number, b: number): string {
  return a === b ? `${a}` : `${a}×${b}`;
}

function windowLabel(d: Derivation, w: WindowSum, words: Words): string {
  if (d.op === 'conv2d') return words.channel(w.inputChannel);
  const M = d.info.depthMultiplier;
  if (d.op === 'separableConv2d') return words.depthwiseValue(w.inputChannel * M + w.slice, w.inputChannel, M > 1 ? w.slice : null);
  return M > 1 ? words.channelMultiplier(w.inputChannel, w.slice) : words.channel(w.inputChannel);
}

function capped(items: string[], words: Words): string {
  if (items.length <= MAX_TERMS) return items.join(' + ');
  return `${items.slice(0, MAX_TERMS - 2).join(' + ')} + ${words.moreTerms(items.length - MAX_TERMS + 1)} + ${items[items.length - 1]}`;
}

function cappedSum(values: number[], words: Words): string {
  if (values.length <= MAX_TERMS) return sumText(values);
  return `${sumText(values.slice(0, MAX_TERMS - 2))} + ${words.moreTerms(values.length - MAX_TERMS + 1)} + ${term(values[values.length - 1])}`;
}
