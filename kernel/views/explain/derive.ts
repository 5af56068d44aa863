// One output value, derived by hand the way the seed article derives its
// "1 + (-1) + 0 + 1 = 1": the input window the filter sees (padding shown as
// zeros it never multiplies), each channel's products and partial sum, the
// bias, the activation. Every number is computed here in float32, rounding
// after each addition as the ops do, and the result is compared with the
// value the tensor actually holds.
//
// Order of additions: depthwise, pointwise and separable add in exactly the
// order of the reference ops (TensorFlow's CPU kernels), so a derivation of a
// reference result agrees bit for bit. conv2d is written channel by channel,
// as the seed writes it, where TensorFlow adds tap by tap across channels; on
// values whose sums are exact (integers, sixteenths) the two agree, otherwise
// they may differ in the last bit, and `agrees` says so rather than hide it.
import type { Tensor } from '../../../engine/tensor.js';
import { activationFunctions, type Activation } from '../../../engine/activations.js';
import type { ConvInfo } from '../../../engine/conv-info.js';
import { invalidArgument, shapeString } from '../../../engine/errors.js';
import { layout } from '../../../engine/reference/layout.js';
import { outputShape, prepareCall, type ExplainedOp, type OpCall, type PreparedCall } from './call.js';

/** One filter tap over one input channel: padding taps carry x = 0 and are never added. */
export interface Tap {
  /** Position in the filter. */
  fy: number;
  fx: number;
  /** Position in the unpadded input; outside 0..H-1 / 0..W-1 it is padding. */
  iy: number;
  ix: number;
  padding: boolean;
  x: number;
  w: number;
}

/** A filter slice sliding over one input channel: the seed's "channel 0: ... = 1". */
export interface WindowSum {
  /** The input channel (of x, or of the depthwise output for a separable's second stage). */
  inputChannel: number;
  /** conv2d: the filter (output channel); depthwise: the multiplier m. */
  slice: number;
  taps: Tap[];
  sum: number;
}

/** One term of a 1x1 mix: input channel k's value times its weight. */
export interface MixTerm {
  channel: number;
  x: number;
  w: number;
}

export interface Derivation {
  op: ExplainedOp;
  /** The index as given, in the output's own layout. */
  index: number[];
  /** The same position in NHWC terms. */
  batch: number;
  row: number;
  col: number;
  channel: number;
  /** The spatial stage's shape maths (the depthwise stage of a separable op). */
  info: ConvInfo;
  /** conv2d: one per input channel; depthwise: the one channel; separable: every depthwise channel feeding the mix. */
  windows: WindowSum[];
  /** pointwise and separable: the 1x1 stage's terms, in the order they are added. */
  mix: MixTerm[] | null;
  /** conv2d: the partial sums added (one per channel); otherwise the single sum before bias. */
  sum: number;
  bias: number | null;
  /** After the bias, before the activation (float32). */
  preActivation: number;
  activation: Activation;
  /** The derived value, in float32. */
  value: number;
  /** What the tensor holds at this index. */
  actual: number;
  /** Whether the derivation gives the tensor's value bit for bit. */
  agrees: boolean;
  /** Any input value of this batch item (0 in the padding), for drawing the window's surroundings. */
  neighbour(channel: number, iy: number, ix: number): number;
}

const OP = 'explain';

/**
 * Derives `y`'s value at `index` ([n, row, col, channel] for NHWC results,
 * [n, channel, row, col] for NCHW) from the call that made it.
 */
export function derive(call: OpCall, y: Pick<Tensor, 'shape' | 'data'>, index: readonly number[]): Derivation {
  const prepared = prepareCall(call);
  const shape = outputShape(prepared);
  if (shapeString(y.shape) !== shapeString(shape)) {
    throw invalidArgument(OP, 'y', `shape ${shapeString(y.shape)} is not what ${call.op} gives for this call (${shapeString(shape)})`);
  }
  const position = checkIndex(index, shape);
  const nchw = (prepared.op === 'separableConv2d' ? prepared.depthwise : prepared.info).dataFormat === 'NCHW';
  const [batch, row, col, channel] = nchw ? [position[0], position[2], position[3], position[1]] : position;
  const offset = position.reduce((at, i, axis) => at * shape[axis] + i, 0);
  const at = { batch, row, col, channel };

  const stage = spatialStage(prepared, at);
  const bias = prepared.bias ? prepared.bias[channel] : null;
  const preActivation = bias === null ? stage.sum : Math.fround(stage.sum + bias);
  const activation = prepared.activation;
  const value = activation === 'linear' ? preActivation : Math.fround(activationFunctions[activation](preActivation));
  const actual = y.data[offset];
  const input = prepared.op === 'separableConv2d' ? prepared.depthwise : prepared.info;
  const xs = layout(input.dataFormat, input.inHeight, input.inWidth, input.inChannels);
  const neighbour = (c: number, iy: number, ix: number) => (iy < 0 || iy >= input.inHeight || ix < 0 || ix >= input.inWidth
    ? 0 : prepared.x.data[batch * xs.batch + iy * xs.row + ix * xs.col + c * xs.channel]);
  return {
    op: prepared.op, index: [...position], ...at, info: stage.info, windows: stage.windows, mix: stage.mix,
    sum: stage.sum, bias, preActivation, activation, value, actual,
    agrees: Object.is(value, actual) || (Number.isNaN(value) && Number.isNaN(actual)),
    neighbour,
  };
}

interface Position { batch: number; row: number; col: number; channel: number }

function spatialStage(call: PreparedCall, at: Position): { info: ConvInfo; windows: WindowSum[]; mix: MixTerm[] | null; sum: number } {
  switch (call.op) {
    case 'conv2d': {
      const { info } = call;
      const windows = Array.from({ length: info.inChannels }, (_, c) => window(info, call.x.data, call.filter.data, at, c, at.channel));
      return { info, windows, mix: null, sum: windows.reduce((s, w) => Math.fround(s + w.sum), 0) };
    }
    case 'depthwiseConv2d': {
      const { info } = call;
      const M = info.depthMultiplier;
      const one = window(info, call.x.data, call.filter.data, at, Math.floor(at.channel / M), at.channel % M);
      return { info, windows: [one], mix: null, sum: one.sum };
    }
    case 'pointwiseConv2d': {
      const { info } = call;
      const xs = layout(info.dataFormat, info.inHeight, info.inWidth, info.inChannels);
      const iy = at.row * info.strideHeight - info.padTop;
      const ix = at.col * info.strideWidth - info.padLeft;
      const inside = iy >= 0 && iy < info.inHeight && ix >= 0 && ix < info.inWidth;
      // A padded pixel mixes nothing: its value is the bias alone.
      const mix = inside ? Array.from({ length: info.inChannels }, (_, k) => ({
        channel: k,
        x: call.x.data[at.batch * xs.batch + iy * xs.row + ix * xs.col + k * xs.channel],
        w: call.filter.data[k * info.outChannels + at.channel],
      })) : [];
      return { info, windows: [], mix, sum: mixSum(mix) };
    }
    case 'separableConv2d': {
      const { depthwise, pointwise } = call;
      const M = depthwise.depthMultiplier;
      // The depthwise stage is stored as float32 before the 1x1 mixes it, as tf.nn.separable_conv2d does.
      const windows = Array.from({ length: depthwise.outChannels }, (_, k) =>
        window(depthwise, call.x.data, call.depthwiseFilter.data, at, Math.floor(k / M), k % M));
      const mix = windows.map((w, k) => ({ channel: k, x: w.sum, w: call.pointwiseFilter.data[k * pointwise.outChannels + at.channel] }));
      return { info: depthwise, windows, mix, sum: mixSum(mix) };
    }
  }
}

/**
 * The filter slice (conv2d: input channel c of filter f; depthwise: channel c,
 * multiplier m) over the window of output (row, col), row by row.
 */
function window(info: ConvInfo, x: Float32Array, filter: Float32Array, at: Position, c: number, slice: number): WindowSum {
  const xs = layout(info.dataFormat, info.inHeight, info.inWidth, info.inChannels);
  const depthwise = info.op === 'depthwiseConv2d' || info.op === 'separableConv2d';
  const taps: Tap[] = [];
  let sum = 0;
  for (let fy = 0; fy < info.filterHeight; fy++) {
    const iy = at.row * info.strideHeight - info.padTop + fy * info.dilationHeight;
    for (let fx = 0; fx < info.filterWidth; fx++) {
      const ix = at.col * info.strideWidth - info.padLeft + fx * info.dilationWidth;
      // HWIO for conv2d; [kh, kw, C, M] (output channel c * M + m) for depthwise.
      const w = depthwise
        ? filter[(fy * info.filterWidth + fx) * info.outChannels + c * info.depthMultiplier + slice]
        : filter[((fy * info.filterWidth + fx) * info.inChannels + c) * info.outChannels + slice];
      const padding = iy < 0 || iy >= info.inHeight || ix < 0 || ix >= info.inWidth;
      const xv = padding ? 0 : x[at.batch * xs.batch + iy * xs.row + ix * xs.col + c * xs.channel];
      if (!padding) sum = Math.fround(sum + xv * w);
      taps.push({ fy, fx, iy, ix, padding, x: xv, w });
    }
  }
  return { inputChannel: c, slice, taps, sum };
}

function mixSum(terms: readonly MixTerm[]): number {
  return terms.reduce((s, t) => Math.fround(s + t.x * t.w), 0);
}

function checkIndex(index: unknown, shape: readonly number[]): number[] {
  if (!Array.isArray(index) || index.length !== shape.length) {
    throw invalidArgument(OP, 'index', `expected ${shape.length} indices for an output of shape ${shapeString(shape)}, got ${Array.isArray(index) ? `[${index.join(', ')}]` : typeof index}`);
  }
  index.forEach((i, axis) => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= shape[axis]) {
      throw invalidArgument(OP, 'index', `${String(i)} is out of range for axis ${axis} of shape ${shapeString(shape)} (0..${shape[axis] - 1})`);
    }
  });
  return index as number[];
}
