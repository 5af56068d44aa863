// The four convolutions, synchronous and exact: validate through the shape
// maths, then run the reference loops. Results match tfjs-backend-cpu bit for
// bit (see engine/reference/), so these are also what faster kernels are
// checked against.
import { asTensor, Tensor, sizeOf } from './tensor.js';
import { invalidArgument, shapeString } from './errors.js';
import { checkActivation, type Activation } from './activations.js';
import { computeConvInfo, computeSeparableInfo, pointwiseFilterShape, type ConvInfo, type ConvOp, type ConvOptions } from './conv-info.js';
import { conv2dReference, depthwiseReference, pointwiseReference, separableReference } from './reference/index.js';

/** A Tensor, or any `{ shape, data }` with as many values as the shape holds. */
export type TensorLike = Tensor | { shape: readonly number[]; data: ArrayLike<number> };

/**
 * The bias of an op: a Tensor of shape [channels] or a plain array of
 * `channels` numbers, where channels are the op's output channels.
 */
export function checkBias(op: ConvOp, bias: ConvOptions['bias'], channels: number, filterShape: readonly number[]): Float32Array | null {
  if (bias === undefined || bias === null) return null;
  let values: ArrayLike<number>;
  if (typeof bias === 'object' && 'shape' in bias && 'data' in bias) {
    const t = asTensor(op, 'bias', bias);
    if (t.shape.length !== 1) {
      throw invalidArgument(op, 'bias', `expected a rank-1 bias of ${channels} values (one per output channel), got shape ${shapeString(t.shape)}`);
    }
    values = t.data;
  } else if (typeof bias === 'object' && typeof (bias as ArrayLike<number>).length === 'number') {
    values = bias as ArrayLike<number>;
  } else {
    throw invalidArgument(op, 'bias', `expected a Tensor or an array of ${channels} numbers, got ${typeof bias}`);
  }
  if (values.length !== channels) {
    throw invalidArgument(op, 'bias', `${values.length} values but the output has ${channels} channel${channels === 1 ? '' : 's'} (filter ${shapeString(filterShape)}); expected one bias per output channel`);
  }
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

function output(info: ConvInfo): Float32Array {
  return new Float32Array(sizeOf(info.outShape));
}

/** A validated call of one op: everything a kernel needs, nothing allocated for the output yet. */
export interface ConvCall {
  op: Exclude<ConvOp, 'separableConv2d'>;
  info: ConvInfo;
  x: Tensor;
  /** As given: HWIO, [kh, kw, in, M], or a pointwise [in, out] / [1, 1, in, out]. */
  filter: Tensor;
  bias: Float32Array | null;
  activation: Activation;
}

export interface SeparableCall {
  op: 'separableConv2d';
  depthwise: ConvInfo;
  pointwise: ConvInfo;
  x: Tensor;
  depthwiseFilter: Tensor;
  pointwiseFilter: Tensor;
  bias: Float32Array | null;
  activation: Activation;
}

/**
 * Validates the arguments of conv2d, depthwiseConv2d or pointwiseConv2d
 * exactly as the ops do, so any engine running its own kernels throws the
 * same errors.
 */
export function prepareConv(op: ConvCall['op'], x: TensorLike, filter: TensorLike, options: ConvOptions = {}): ConvCall {
  const xt = asTensor(op, 'x', x);
  const ft = asTensor(op, 'filter', filter);
  const filterShape = op === 'pointwiseConv2d' ? pointwiseFilterShape(op, 'filter', ft.shape) : ft.shape;
  const info = computeConvInfo(op, xt.shape, filterShape, options);
  const bias = checkBias(op, options.bias, info.outChannels, ft.shape);
  return { op, info, x: xt, filter: ft, bias, activation: checkActivation(op, options.activation) };
}

/** Validates the arguments of separableConv2d exactly as the op does. */
export function prepareSeparable(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: ConvOptions = {}): SeparableCall {
  const op = 'separableConv2d';
  const xt = asTensor(op, 'x', x);
  const dw = asTensor(op, 'depthwiseFilter', depthwiseFilter);
  const pw = asTensor(op, 'pointwiseFilter', pointwiseFilter);
  const { depthwise, pointwise } = computeSeparableInfo(xt.shape, dw.shape, pw.shape, options);
  const bias = checkBias(op, options.bias, pointwise.outChannels, pw.shape);
  return { op, depthwise, pointwise, x: xt, depthwiseFilter: dw, pointwiseFilter: pw, bias, activation: checkActivation(op, options.activation) };
}

/**
 * tf.nn.conv2d (+ bias, activation). `filter` is HWIO [filterHeight,
 * filterWidth, inChannels, outChannels]; output channels = outChannels.
 */
export function conv2d(x: TensorLike, filter: TensorLike, options: ConvOptions = {}): Tensor {
  const call = prepareConv('conv2d', x, filter, options);
  const out = output(call.info);
  conv2dReference(call.info, call.x.data, call.filter.data, out, call.bias, call.activation);
  return new Tensor(out, call.info.outShape);
}

/**
 * tf.nn.depthwise_conv2d (+ bias, activation). `filter` is [filterHeight,
 * filterWidth, inChannels, depthMultiplier]; output channel c * M + m is input
 * channel c convolved with multiplier m's filter, never summed across channels.
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, options: ConvOptions = {}): Tensor {
  const call = prepareConv('depthwiseConv2d', x, filter, options);
  const out = output(call.info);
  depthwiseReference(call.info, call.x.data, call.filter.data, out, call.bias, call.activation);
  return new Tensor(out, call.info.outShape);
}

/**
 * A 1x1 convolution (+ bias, activation) mixing channels pixel by pixel.
 * `filter` is [1, 1, inChannels, outChannels] or [inChannels, outChannels].
 */
export function pointwiseConv2d(x: TensorLike, filter: TensorLike, options: ConvOptions = {}): Tensor {
  const call = prepareConv('pointwiseConv2d', x, filter, options);
  const out = output(call.info);
  pointwiseReference(call.info, call.x.data, call.filter.data, out, call.bias, call.activation);
  return new Tensor(out, call.info.outShape);
}

/**
 * tf.nn.separable_conv2d (+ bias, activation): depthwise with the strides,
 * padding and dilations given, its float32 result then mixed by a 1x1
 * convolution `pointwiseFilter` ([1, 1, in * M, out] or [in * M, out]).
 */
export function separableConv2d(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: ConvOptions = {}): Tensor {
  const call = prepareSeparable(x, depthwiseFilter, pointwiseFilter, options);
  const out = output(call.pointwise);
  separableReference(call.depthwise, call.pointwise, call.x.data, call.depthwiseFilter.data, call.pointwiseFilter.data, out, call.bias, call.activation);
  return new Tensor(out, call.pointwise.outShape);
}
