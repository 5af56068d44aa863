// The `engine` builtin: the engine's API (tensor, layers, cost) with the four
// ops on the WebAssembly kernels, synchronously (`engine.conv2d(x, f)` is a
// Tensor, from createSyncEngine); `engine.reference`, the same four ops as the
// plain-JavaScript reference; and `engine.async`, the four ops on the shared
// multithreaded engine plus `engine.async.profile(op, ...args)`, which
// measures one by phase and thread for the cost charts. Each run of a cell
// gets its own view whose async ops carry the run's AbortSignal, so
// re-running or interrupting a cell aborts its ops in flight.
import * as api from '../../engine/index.js';
import { LAYER_STEMS } from './layer-names.js';
import { remembering, rememberingAsync, rememberingProfile } from './op-calls.js';

/** The ops `engine.async` offers (and `engine`, `engine.reference`), and where each takes its options argument. */
export const ASYNC_OPS = { conv2d: 2, depthwiseConv2d: 2, pointwiseConv2d: 2, separableConv2d: 3, chain: 2 } as const;
type AsyncOp = keyof typeof ASYNC_OPS;

interface SharedEngine extends Record<AsyncOp | 'profile', (...args: unknown[]) => Promise<unknown>> {
  dispose(): void | Promise<void>;
}

let shared: Promise<SharedEngine> | null = null;
let sync: Promise<api.SyncEngine | null> | null = null;

/**
 * The one-thread engine whose ops a cell calls synchronously, created once;
 * null where WebAssembly SIMD cannot load (cells then run the reference).
 */
export function syncEngine(): Promise<api.SyncEngine | null> {
  return (sync ??= api.createSyncEngine().catch(() => null));
}

/** The one multithreaded engine every notebook shares, created on first use. */
export function sharedEngine(): Promise<SharedEngine> {
  return (shared ??= api.createEngine() as unknown as Promise<SharedEngine>);
}

/** Ends the shared engine's workers (a headless run calls this before exiting). */
export async function disposeSharedEngine(): Promise<void> {
  const engine = shared;
  shared = null;
  if (engine) await (await engine).dispose();
}

/**
 * The engine as one run of a cell sees it: async ops aborted by `signal`, and,
 * given `nameLayer`, layer classes whose unnamed layers are named by it
 * (see layer-names.ts), so a re-run cell rebuilds the same weights.
 */
export function engineFor(signal: AbortSignal, nameLayer?: (stem: string) => string, fast: api.SyncEngine | null = null): Record<string, unknown> {
  const call = (method: AsyncOp | 'profile', args: unknown[]) => {
    signal.throwIfAborted();
    return raceAbort(sharedEngine().then((engine) => engine[method](...args)), signal);
  };
  // Every result remembers its call (op-calls.ts), so `explain` can derive its values.
  const ops: Record<string, unknown> = Object.fromEntries(Object.entries(ASYNC_OPS).map(([op, at]) =>
    [op, rememberingAsync(op, (...args: unknown[]) => call(op as AsyncOp, withSignal(args, at, signal)))]));
  /** profile(op, ...args): the op's result and its measured time by phase and thread, next to cost(). */
  ops.profile = rememberingProfile((op: unknown, ...args: unknown[]) => {
    const at = Object.hasOwn(ASYNC_OPS, op as string) ? ASYNC_OPS[op as AsyncOp] : -1;
    return call('profile', [op, ...(at < 0 ? args : withSignal(args, at, signal))]);
  });
  const layers = nameLayer ? namedLayers(nameLayer, fast) : {};
  const reference = Object.freeze(Object.fromEntries(Object.keys(ASYNC_OPS).map((op) => [op, remembering(op, api[op as AsyncOp])])));
  const sync = Object.fromEntries(Object.keys(ASYNC_OPS).map((op) => [op, fast ? remembering(op, fast[op as AsyncOp]) : reference[op]]));
  // `signal` lets a cell hand the same abort to its own async work.
  return Object.freeze({ ...api, ...layers, ...sync, reference, async: Object.freeze(ops), signal });
}

type LayerClass = new (options: unknown) => object;

/**
 * Layer classes whose unnamed layers take their names from `nameLayer` and
 * which compute on the sync engine's kernels when there is one; their
 * results remember the call that made them.
 */
function namedLayers(nameLayer: (stem: string) => string, fast: api.SyncEngine | null): Record<string, LayerClass> {
  const kernels: api.LayerOps = fast ?? { conv2d: api.conv2d, depthwiseConv2d: api.depthwiseConv2d, separableConv2d: api.separableConv2d };
  const ops: api.LayerOps = {
    conv2d: remembering('conv2d', kernels.conv2d),
    depthwiseConv2d: remembering('depthwiseConv2d', kernels.depthwiseConv2d),
    separableConv2d: remembering('separableConv2d', kernels.separableConv2d),
  };
  const entries = Object.entries(LAYER_STEMS).map(([className, stem]) => {
    const Base = (api as unknown as Record<string, LayerClass>)[className];
    // A subclass, so `instanceof engine.Conv2D` and the layer's own checks hold.
    const Named = class extends Base {
      constructor(options: unknown) {
        const unnamed = options !== null && typeof options === 'object' && (options as { name?: unknown }).name == null;
        super(unnamed ? { ...(options as object), name: nameLayer(stem) } : options);
      }
    };
    Object.defineProperty(Named, 'name', { value: className });
    // ConvLayer's `ops` hook: the same semantics, on WebAssembly when there is
    // one, and each result remembers its call so a layer's output can be explained.
    Object.defineProperty(Named.prototype, 'ops', { get: () => ops, configurable: true });
    return [className, Named];
  });
  return Object.fromEntries(entries);
}

function withSignal(args: unknown[], index: number, signal: AbortSignal): unknown[] {
  const copy = args.slice();
  const options = copy[index];
  copy[index] = options && typeof options === 'object' ? { ...options, signal } : { signal };
  return copy;
}

/**
 * `work`, or the signal's reason as soon as it aborts; the listener goes when
 * the work settles, so a cell awaiting many ops does not pile them up.
 */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return fail();
    signal.addEventListener('abort', fail, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', fail));
  });
}
