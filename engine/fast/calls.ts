// The engines' arguments turned into validated calls, by the reference's own
// validators (prepareConv, prepareSeparable, prepareChain), so every engine
// accepts and refuses exactly the same arguments with the same messages.
import { asTensor } from '../tensor.js';
import { CONV_OPS, type ConvOp } from '../conv-info.js';
import { cost, type Cost } from '../cost.js';
import { prepareChain, prepareConv, prepareSeparable, type TensorLike } from '../ops.js';
import type { Call } from './plan.js';

export type OpName = ConvOp;

/** Where an op (or chain) takes its options: after the filter, or after both filters of separableConv2d. */
export function optionsIndex(op: OpName | 'chain'): number {
  return op === 'separableConv2d' ? 3 : 2;
}

/** The options argument of a call (where a signal would be). */
export function optionsOf(op: OpName | 'chain', args: readonly unknown[]): { signal?: AbortSignal } {
  return (args[optionsIndex(op)] ?? {}) as { signal?: AbortSignal };
}

export function checkOpName(op: unknown): asserts op is OpName {
  if (!(CONV_OPS as readonly unknown[]).includes(op)) {
    throw new Error(`profile: op: unknown op ${JSON.stringify(op)}; expected conv2d, depthwiseConv2d, pointwiseConv2d or separableConv2d`);
  }
}

/** Validates a call of `op` with the arguments it was given. */
export function validate(op: OpName | 'chain', args: readonly unknown[]): Call {
  const [x, a, b, c] = args as [TensorLike, TensorLike, unknown, unknown];
  switch (op) {
    case 'separableConv2d': return prepareSeparable(x, a, b as TensorLike, (c ?? {}) as object);
    case 'chain': {
      const xt = asTensor('chain', 'x', x);
      return { op: 'chain', x: xt, stages: prepareChain(xt.shape, a, (b ?? {}) as object) };
    }
    default: return prepareConv(op, x, a, (b ?? {}) as object);
  }
}

/** cost() of a profiled op, from the arguments it was called with. */
export function costOf(op: OpName, args: readonly unknown[]): Cost {
  const options = optionsOf(op, args);
  const [x, filter, second] = args as [TensorLike, TensorLike, TensorLike];
  const spec = { ...options, signal: undefined, input: x, filter, bias: (options as { bias?: unknown }).bias != null };
  return op === 'separableConv2d' ? cost(op, { ...spec, pointwiseFilter: second }) : cost(op, spec);
}
