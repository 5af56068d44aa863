// What "explain a value" needs to know about a result: which op made it, on
// which input and filters, with which options. The engine builtin records one
// of these for every result it returns (kernel/builtins/op-calls.ts); here it
// is validated exactly as the op validated it, so the explanation walks the
// same padding, strides and dilations the op walked.
import { chain, prepareConv, prepareSeparable, type ChainOptions, type ChainStage, type ConvCall, type SeparableCall, type TensorLike } from '../../../engine/ops.js';
import type { ConvOptions } from '../../../engine/conv-info.js';
import { invalidArgument } from '../../../engine/errors.js';

export const EXPLAINED_OPS = ['conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d'] as const;
export type ExplainedOp = (typeof EXPLAINED_OPS)[number];

/** One call of one op, as a cell made it. */
export type OpCall =
  | { op: 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d'; x: TensorLike; filter: TensorLike; options?: ConvOptions }
  | { op: 'separableConv2d'; x: TensorLike; depthwiseFilter: TensorLike; pointwiseFilter: TensorLike; options?: ConvOptions };

/** A chain's result: the last stage explains it, on the stages before it. */
export interface ChainCall { op: 'chain'; x: TensorLike; stages: readonly ChainStage[]; options?: ChainOptions }

/**
 * The one op that made a chain's result, its input recomputed by the
 * reference ops (a fast engine's intermediate may differ from them in the last
 * bit; the derivation then says the value disagrees rather than guess).
 */
export function lastStage(call: OpCall | ChainCall): OpCall {
  if (call.op !== 'chain') return call;
  if (!Array.isArray(call.stages) || call.stages.length === 0) throw invalidArgument('explain', 'call', 'a chain with no stages');
  const before = call.stages.slice(0, -1);
  const x = before.length ? chain(call.x, before, call.options) : call.x;
  const { op, ...rest } = call.stages[call.stages.length - 1] as ChainStage & Record<string, unknown>;
  const options = { ...withoutSignal(rest), dataFormat: call.options?.dataFormat };
  return op === 'separableConv2d'
    ? { op, x, depthwiseFilter: rest.depthwiseFilter as TensorLike, pointwiseFilter: rest.pointwiseFilter as TensorLike, options }
    : { op, x, filter: rest.filter as TensorLike, options };
}

/** A call after the op's own validation: shapes, pads and strides resolved. */
export type PreparedCall = ConvCall | SeparableCall;

export function prepareCall(call: OpCall): PreparedCall {
  if (!call || typeof call !== 'object' || !(EXPLAINED_OPS as readonly string[]).includes(call.op)) {
    throw invalidArgument('explain', 'call', `expected one of ${EXPLAINED_OPS.join(', ')}, got ${call && typeof call === 'object' ? JSON.stringify(call.op) : typeof call}`);
  }
  const options = withoutSignal(call.options);
  return call.op === 'separableConv2d'
    ? prepareSeparable(call.x, call.depthwiseFilter, call.pointwiseFilter, options)
    : prepareConv(call.op, call.x, call.filter, options);
}

/** The options that shape the numbers; an AbortSignal is not one of them. */
export function withoutSignal(options: ConvOptions | undefined): ConvOptions {
  if (!options || typeof options !== 'object') return {};
  const { strides, padding, dilations, dataFormat, bias, activation } = options;
  return { strides, padding, dilations, dataFormat, bias, activation };
}

/** The output's shape as the op gives it (in the call's data format). */
export function outputShape(call: PreparedCall): readonly number[] {
  return call.op === 'separableConv2d' ? call.pointwise.outShape : call.info.outShape;
}
