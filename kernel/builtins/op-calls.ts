// Results remember the call that made them: every Tensor the `engine`
// builtin's ops return (sync, reference, async, profile, chain, and the
// layers' ops) is mapped here to its op, inputs and options, so
// `explain(y, index)` and `featureMaps(y)` can derive any of its values
// later. A WeakMap: remembering never keeps a tensor alive, and the engine
// itself knows nothing of it.
import type { ChainCall, OpCall } from '../views/explain/call.js';

export type RecordedCall = OpCall | ChainCall;

const calls = new WeakMap<object, RecordedCall>();

/** The call that made `result`, if an engine op in a cell made it. */
export function callOf(result: unknown): RecordedCall | undefined {
  return typeof result === 'object' && result !== null ? calls.get(result) : undefined;
}

/** Where each op takes its options, and how its positional arguments map to a call. */
const RECORDERS: Record<string, (args: unknown[]) => RecordedCall> = {
  conv2d: ([x, filter, options]) => ({ op: 'conv2d', x, filter, options } as RecordedCall),
  depthwiseConv2d: ([x, filter, options]) => ({ op: 'depthwiseConv2d', x, filter, options } as RecordedCall),
  pointwiseConv2d: ([x, filter, options]) => ({ op: 'pointwiseConv2d', x, filter, options } as RecordedCall),
  separableConv2d: ([x, depthwiseFilter, pointwiseFilter, options]) => ({ op: 'separableConv2d', x, depthwiseFilter, pointwiseFilter, options } as RecordedCall),
  chain: ([x, stages, options]) => ({ op: 'chain', x, stages, options } as RecordedCall),
};

function remember(op: string, args: unknown[], result: unknown): void {
  const record = RECORDERS[op];
  if (record && typeof result === 'object' && result !== null) calls.set(result, record(args));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any op's own signature passes through
type Op = (...args: any[]) => unknown;

const kernels = new WeakMap<object, Op>();

/** The function a remembering op runs (the sync engine's kernel, the reference op): how tests see which it is. */
export function kernelOf(op: unknown): Op | undefined {
  return typeof op === 'function' ? kernels.get(op) : undefined;
}

/** A synchronous op whose results remember their call. */
export function remembering<F extends Op>(op: string, run: F): F {
  const wrapped = ((...args: unknown[]) => {
    const result = run(...args);
    remember(op, args, result);
    return result;
  }) as F;
  kernels.set(wrapped, run);
  return wrapped;
}

/** An async op (a Promise of a Tensor) whose results remember their call. */
export function rememberingAsync<F extends Op>(op: string, run: F): F {
  return ((...args: unknown[]) => Promise.resolve(run(...args)).then((result) => {
    remember(op, args, result);
    return result;
  })) as F;
}

/** profile(op, ...args) gives { result, profile }: the result remembers the op's call. */
export function rememberingProfile<F extends Op>(run: F): F {
  return ((op: unknown, ...args: unknown[]) => Promise.resolve(run(op, ...args)).then((measured) => {
    if (typeof op === 'string' && measured && typeof measured === 'object') remember(op, args, (measured as { result?: unknown }).result);
    return measured;
  })) as F;
}
