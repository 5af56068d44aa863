// Shape maths for every convolution, kept apart from the loops: one pure
// function turns (op, input shape, filter shape, options) into a flat record
// that reference loops, WebAssembly kernels and the cost model all index with.
import { checkInteger, formatValue, invalidArgument, shapeString } from './errors.js';
import { checkShape } from './tensor.js';
import { checkActivation, type Activation } from './activations.js';

/** The four convolutions, by the names the ops and the cost model use. */
export const CONV_OPS = ['conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d'] as const;
export type ConvOp = (typeof CONV_OPS)[number];
export type ExplicitPadding = [[number, number], [number, number]];
export type PaddingOption = string | ExplicitPadding | readonly (readonly number[])[];
export type DataFormat = 'NHWC' | 'NCHW';
export type PairOption = number | readonly number[];

export interface ConvOptions {
  strides?: PairOption;
  padding?: PaddingOption;
  dilations?: PairOption;
  dataFormat?: DataFormat | 'channels_last' | 'channels_first' | string;
  bias?: { shape: readonly number[]; data: ArrayLike<number> } | ArrayLike<number> | null;
  activation?: Activation | string | null;
}

/** Everything a kernel needs to know about one convolution, in NHWC terms. */
export interface ConvInfo {
  op: ConvOp;
  dataFormat: DataFormat;
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  /** Channels out of the spatial (first) stage: conv2d's filters, depthwise's in*M. */
  outChannels: number;
  /** Depthwise multiplier M (1 for conv2d and pointwise). */
  depthMultiplier: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  effectiveFilterHeight: number;
  effectiveFilterWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  /** 'valid' | 'same' | 'explicit', for display. */
  paddingMode: 'valid' | 'same' | 'explicit';
  outHeight: number;
  outWidth: number;
  inShape: number[];
  /** Output shape in the caller's data format. */
  outShape: number[];
}

export function normalizeDataFormat(op: string, value: unknown): DataFormat {
  if (value === undefined || value === null) return 'NHWC';
  if (typeof value === 'string') {
    const v = value.toLowerCase().replace('_', '');
    if (v === 'nhwc' || v === 'channelslast') return 'NHWC';
    if (v === 'nchw' || v === 'channelsfirst') return 'NCHW';
  }
  throw invalidArgument(op, 'dataFormat', `unknown data format ${formatValue(value)}; expected 'NHWC' ('channels_last') or 'NCHW' ('channels_first')`);
}

/**
 * Strides and dilations accept TensorFlow's forms: n, [n], [h, w], or the
 * 4-vector with 1 in the batch and channel positions of the data format.
 */
export function normalizePair(op: string, argument: string, value: unknown, dataFormat: DataFormat): [number, number] {
  if (value === undefined || value === null) return [1, 1];
  let pair: unknown[];
  if (typeof value === 'number') pair = [value, value];
  else if (Array.isArray(value) && value.length === 1) pair = [value[0], value[0]];
  else if (Array.isArray(value) && value.length === 2) pair = value;
  else if (Array.isArray(value) && value.length === 4) {
    const [b, c] = dataFormat === 'NHWC' ? [value[0], value[3]] : [value[0], value[1]];
    if (b !== 1 || c !== 1) {
      throw invalidArgument(op, argument, `${formatValue(value)} must be 1 in the batch and channel positions for ${dataFormat}`);
    }
    pair = dataFormat === 'NHWC' ? [value[1], value[2]] : [value[2], value[3]];
  } else {
    throw invalidArgument(op, argument, `expected a number, [h, w] or a 4-vector, got ${formatValue(value)}`);
  }
  return [checkInteger(op, argument, pair[0]), checkInteger(op, argument, pair[1])];
}

type NormalizedPadding = { mode: 'valid' | 'same' } | { mode: 'explicit'; pads: [number, number, number, number] };

export function normalizePadding(op: string, value: unknown, dataFormat: DataFormat): NormalizedPadding {
  if (value === undefined || value === null) return { mode: 'valid' };
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (v === 'valid' || v === 'same') return { mode: v };
    throw invalidArgument(op, 'padding', `unknown padding ${formatValue(value)}; expected 'valid', 'same' or [[top, bottom], [left, right]]`);
  }
  if (Array.isArray(value) && (value.length === 2 || value.length === 4) && value.every((p) => Array.isArray(p) && p.length === 2)) {
    let rows = value as number[][];
    if (rows.length === 4) {
      const [b, c] = dataFormat === 'NHWC' ? [rows[0], rows[3]] : [rows[0], rows[1]];
      if (b[0] !== 0 || b[1] !== 0 || c[0] !== 0 || c[1] !== 0) {
        throw invalidArgument(op, 'padding', `explicit padding ${formatValue(value)} must be 0 in the batch and channel dimensions`);
      }
      rows = dataFormat === 'NHWC' ? [rows[1], rows[2]] : [rows[2], rows[3]];
    }
    const pads = [rows[0][0], rows[0][1], rows[1][0], rows[1][1]].map((p) => checkInteger(op, 'padding', p, 0));
    return { mode: 'explicit', pads: pads as [number, number, number, number] };
  }
  throw invalidArgument(op, 'padding', `unknown padding ${formatValue(value)}; expected 'valid', 'same' or [[top, bottom], [left, right]]`);
}

/** Output size and leading/trailing pads along one spatial axis, as TensorFlow computes them. */
export function outputSize(
  op: string, axis: 'height' | 'width', size: number, filter: number, stride: number, dilation: number,
  padding: NormalizedPadding, explicitPads: [number, number], shapes: () => string = () => '',
): { out: number; before: number; after: number } {
  const effective = (filter - 1) * dilation + 1;
  let out: number, before = 0, after = 0;
  if (padding.mode === 'same') {
    // TensorFlow puts the odd pixel of SAME padding at the bottom/right.
    out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + effective - size, 0);
    before = Math.floor(total / 2);
    after = total - before;
  } else if (padding.mode === 'valid') {
    out = Math.ceil((size - effective + 1) / stride);
  } else {
    [before, after] = explicitPads;
    out = Math.floor((size + before + after - effective) / stride) + 1;
  }
  if (out < 1) {
    const dilated = effective !== filter ? `, dilated to ${effective}` : '';
    throw invalidArgument(op, op === 'separableConv2d' ? 'depthwiseFilter' : 'filter', `the ${axis} of the filter (${filter}${dilated}) is larger than the ${padding.mode === 'explicit' ? 'padded ' : ''}input ${axis} (${size + before + after}) with ${padding.mode} padding${shapes()}; the output would be empty`);
  }
  return { out, before, after };
}

function checkRank(op: string, argument: string, shape: readonly number[], rank: number, what: string): void {
  if (shape.length !== rank) {
    throw invalidArgument(op, argument, `expected a rank-${rank} tensor ${what}, got shape ${shapeString(shape)} (rank ${shape.length})`);
  }
}

/**
 * The spatial stage of any of the four ops. `filterShape` is HWIO for conv2d
 * and [kh, kw, in, M] for depthwise; filter layout never follows dataFormat.
 */
export function computeConvInfo(op: ConvOp, xShape: readonly number[], filterShape: readonly number[], options: ConvOptions = {}): ConvInfo {
  const dataFormat = normalizeDataFormat(op, options.dataFormat);
  checkShape(op, 'x', xShape as number[]);
  checkRank(op, 'x', xShape, 4, dataFormat === 'NHWC' ? '[batch, height, width, channels]' : '[batch, channels, height, width]');
  const filterName = op === 'separableConv2d' ? 'depthwiseFilter' : 'filter';
  checkShape(op, filterName, filterShape as number[]);
  checkRank(op, filterName, filterShape, 4, op === 'conv2d' ? '[height, width, inChannels, outChannels]' : '[height, width, inChannels, depthMultiplier]');

  const [batch, inHeight, inWidth, inChannels] = dataFormat === 'NHWC'
    ? xShape : [xShape[0], xShape[2], xShape[3], xShape[1]];
  const [filterHeight, filterWidth, filterIn, filterOut] = filterShape;
  if (filterIn !== inChannels) {
    throw invalidArgument(op, filterName, `filter ${shapeString(filterShape)} expects ${filterIn} input channels but x ${shapeString(xShape)} (${dataFormat}) has ${inChannels}`);
  }
  if (op === 'pointwiseConv2d' && (filterHeight !== 1 || filterWidth !== 1)) {
    throw invalidArgument(op, 'filter', `a pointwise filter must be 1x1, got ${shapeString(filterShape)}`);
  }

  const [strideHeight, strideWidth] = normalizePair(op, 'strides', options.strides, dataFormat);
  const [dilationHeight, dilationWidth] = normalizePair(op, 'dilations', options.dilations, dataFormat);
  if ((strideHeight > 1 || strideWidth > 1) && (dilationHeight > 1 || dilationWidth > 1)) {
    throw invalidArgument(op, 'strides', `strides [${strideHeight},${strideWidth}] cannot be combined with dilations [${dilationHeight},${dilationWidth}]: TensorFlow refuses a stride > 1 together with a dilation > 1`);
  }
  const padding = normalizePadding(op, options.padding, dataFormat);
  const pads = padding.mode === 'explicit' ? padding.pads : [0, 0, 0, 0];
  // Only an error message needs the shapes spelled out: built then, not on every call.
  const shapes = () => ` (filter ${shapeString(filterShape)}, x ${shapeString(xShape)} ${dataFormat})`;
  const rows = outputSize(op, 'height', inHeight, filterHeight, strideHeight, dilationHeight, padding, [pads[0], pads[1]], shapes);
  const cols = outputSize(op, 'width', inWidth, filterWidth, strideWidth, dilationWidth, padding, [pads[2], pads[3]], shapes);

  const depthwise = op === 'depthwiseConv2d' || op === 'separableConv2d';
  const depthMultiplier = depthwise ? filterOut : 1;
  const outChannels = depthwise ? inChannels * filterOut : filterOut;
  const outShape = dataFormat === 'NHWC'
    ? [batch, rows.out, cols.out, outChannels]
    : [batch, outChannels, rows.out, cols.out];
  if (options.activation !== undefined && options.activation !== null) checkActivation(op, options.activation);

  return {
    op, dataFormat, batch, inHeight, inWidth, inChannels, filterHeight, filterWidth,
    outChannels, depthMultiplier, strideHeight, strideWidth, dilationHeight, dilationWidth,
    effectiveFilterHeight: (filterHeight - 1) * dilationHeight + 1,
    effectiveFilterWidth: (filterWidth - 1) * dilationWidth + 1,
    padTop: rows.before, padBottom: rows.after, padLeft: cols.before, padRight: cols.after,
    paddingMode: padding.mode,
    outHeight: rows.out, outWidth: cols.out,
    inShape: [...xShape], outShape,
  };
}

/** Pointwise filters may be [in, out] or [1, 1, in, out]; kernels see [1, 1, in, out]. */
export function pointwiseFilterShape(op: string, argument: string, shape: readonly number[]): number[] {
  checkShape(op, argument, shape as number[]);
  if (shape.length === 2) return [1, 1, shape[0], shape[1]];
  if (shape.length === 4) return [...shape];
  throw invalidArgument(op, argument, `expected a pointwise filter [inChannels, outChannels] or [1, 1, inChannels, outChannels], got shape ${shapeString(shape)}`);
}

/**
 * separableConv2d = depthwise (strides, padding, dilations) then a 1x1
 * convolution with stride 1, as tf.nn.separable_conv2d.
 */
export function computeSeparableInfo(
  xShape: readonly number[], depthwiseShape: readonly number[], pointwiseShape: readonly number[], options: ConvOptions = {},
): { depthwise: ConvInfo; pointwise: ConvInfo } {
  const depthwise = computeConvInfo('separableConv2d', xShape, depthwiseShape, { ...options, bias: undefined });
  const pw = pointwiseFilterShape('separableConv2d', 'pointwiseFilter', pointwiseShape);
  if (pw[0] !== 1 || pw[1] !== 1) {
    throw invalidArgument('separableConv2d', 'pointwiseFilter', `a pointwise filter must be 1x1, got ${shapeString(pointwiseShape)}`);
  }
  if (pw[2] !== depthwise.outChannels) {
    throw invalidArgument('separableConv2d', 'pointwiseFilter', `pointwise filter ${shapeString(pointwiseShape)} expects ${pw[2]} input channels but the depthwise stage (filter ${shapeString(depthwiseShape)} on x ${shapeString(xShape)}) gives ${depthwise.inChannels}x${depthwise.depthMultiplier} = ${depthwise.outChannels}`);
  }
  const pointwise = computeConvInfo('pointwiseConv2d', depthwise.outShape, pw, {
    dataFormat: depthwise.dataFormat, activation: options.activation,
  });
  return { depthwise, pointwise };
}
