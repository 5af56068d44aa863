// The four convolutions, synchronous and exact: validate through the shape
// maths, then run the reference loops. Results match tfjs-backend-cpu bit for
// bit (see engine/reference/), so these are also what faster kernels are
// checked against.
import { asTensor, Tensor, sizeOf } from './tensor.js';
import { invalidArgument, shapeString } from './errors.js';
import { checkActivation, type Activation } from './activations.js';
import { CONV_OPS, computeConvInfo, computeSeparableInfo, pointwiseFilterShape, type ConvInfo, type ConvOp, type ConvOptions } from './conv-info.js';
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
  return { ...prepareConvOnShape(op, xt.shape, filter, options), x: xt };
}

/**
 * conv2d, depthwiseConv2d or pointwiseConv2d validated against an input
 * shape alone (a chain's later stages have no input data yet).
 */
function prepareConvOnShape(op: ConvCall['op'], xShape: readonly number[], filter: TensorLike, options: ConvOptions): Omit<ConvCall, 'x'> {
  const ft = asTensor(op, 'filter', filter);
  const filterShape = op === 'pointwiseConv2d' ? pointwiseFilterShape(op, 'filter', ft.shape) : ft.shape;
  const info = computeConvInfo(op, xShape, filterShape, options);
  const bias = checkBias(op, options.bias, info.outChannels, ft.shape);
  return { op, info, filter: ft, bias, activation: checkActivation(op, options.activation) };
}

function prepareSeparableOnShape(xShape: readonly number[], depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: ConvOptions): Omit<SeparableCall, 'x'> {
  const op = 'separableConv2d';
  const dw = asTensor(op, 'depthwiseFilter', depthwiseFilter);
  const pw = asTensor(op, 'pointwiseFilter', pointwiseFilter);
  const { depthwise, pointwise } = computeSeparableInfo(xShape, dw.shape, pw.shape, options);
  const bias = checkBias(op, options.bias, pointwise.outChannels, pw.shape);
  return { op, depthwise, pointwise, depthwiseFilter: dw, pointwiseFilter: pw, bias, activation: checkActivation(op, options.activation) };
}

/**
 * One op of a chain: the op's name, its filter(s), and its options but the
 * data format, which is the chain's.
 */
export type ChainStage = (
  | { op: 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d'; filter: TensorLike }
  | { op: 'separableConv2d'; depthwiseFilter: TensorLike; pointwiseFilter: TensorLike }
) & Omit<ConvOptions, 'dataFormat'>;

export interface ChainOptions {
  /** The layout of the chain's input and output (and so of every stage). */
  dataFormat?: ConvOptions['dataFormat'];
}

export type StageCall = Omit<ConvCall, 'x'> | Omit<SeparableCall, 'x'>;

/**
 * Validates a chain before anything runs: each stage as its op validates
 * it, against the shape the stage before it gives, every error prefixed
 * `chain: stage i: ` (stages count from 0).
 */
export function prepareChain(xShape: readonly number[], stages: unknown, options: ChainOptions = {}): StageCall[] {
  if (!Array.isArray(stages) || stages.length === 0) {
    throw invalidArgument('chain', 'stages', `expected a non-empty array of { op, filter, ...options }, got ${Array.isArray(stages) ? 'an empty array' : typeof stages}`);
  }
  let shape = xShape;
  return stages.map((stage: unknown, i) => {
    const where = `chain: stage ${i}`;
    if (!stage || typeof stage !== 'object') throw new Error(`${where}: expected { op, filter, ...options }, got ${stage === null ? 'null' : typeof stage}`);
    const s = stage as ChainStage & { dataFormat?: unknown };
    if (!(CONV_OPS as readonly string[]).includes(s.op)) throw new Error(`${where}: op: unknown op ${JSON.stringify(s.op)}; expected ${CONV_OPS.join(', ')}`);
    if (s.dataFormat !== undefined) throw new Error(`${where}: dataFormat: a chain has one data format; give it in the chain's options`);
    const stageOptions = { ...s, dataFormat: options.dataFormat };
    let call: StageCall;
    try {
      call = s.op === 'separableConv2d'
        ? prepareSeparableOnShape(shape, s.depthwiseFilter, s.pointwiseFilter, stageOptions)
        : prepareConvOnShape(s.op, shape, s.filter, stageOptions);
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    shape = call.op === 'separableConv2d' ? call.pointwise.outShape : call.info.outShape;
    return call;
  });
}

/**
 * Runs the ops one after another, each on the previous one's result: the
 * same numbers as calling them in turn. The fast engines keep the results
 * between stages in their own memory.
 */
export function chain(x: TensorLike, stages: readonly ChainStage[], options: ChainOptions = {}): Tensor {
  const xt = asTensor('chain', 'x', x);
  prepareChain(xt.shape, stages, options);
  return stages.reduce<Tensor>((y, stage) => {
    const stageOptions = { ...stage, dataFormat: options.dataFormat };
    if (stage.op === 'separableConv2d') return separableConv2d(y, stage.depthwiseFilter, stage.pointwiseFilter, stageOptions);
    return { conv2d, depthwiseConv2d, pointwiseConv2d }[stage.op](y, stage.filter, stageOptions);
  }, xt);
}

/** Validates the arguments of separableConv2d exactly as the op does. */
export function prepareSeparable(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: ConvOptions = {}): SeparableCall {
  const xt = asTensor('separableConv2d', 'x', x);
  return { ...prepareSeparableOnShape(xt.shape, depthwiseFilter, pointwiseFilter, options), x: xt };
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
