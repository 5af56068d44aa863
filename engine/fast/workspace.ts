// One engine's memory and what lives in it: the kernels instantiated on it,
// the packed-filter cache at the bottom, the per-op arena above it, and the
// tuning that decides how ops are tiled and where their jobs run.
import { Arena } from '../wasm/arena.js';
import type { KernelExports } from '../wasm/load.js';
import { PackingCache } from './packing-cache.js';
import type { OpRun } from './job.js';
import { UNOBSERVED, type Observer } from './profiler.js';

// The cache starts past the first page (the kernels' own static data).
const CACHE_BASE = 65536;
/** Bytes kept for packed filters between ops, reserved and touched only as used. */
export const CACHE_BYTES = 64 << 20;
// Jobs under this many multiply-adds run on the calling thread: waking the
// pool (~50 µs) costs more than it saves.
const SMALL_JOB_MACS = 1_000_000;
// Depthwise jobs without a multiplier are bound by memory, not arithmetic:
// measured on two machines, a second thread only pays for itself past ~10M
// MACs (3x3 on 112x112x32, 3.6M MACs, ran 0.8x as fast on two threads as on
// one). With a multiplier of 2 the same layer gained 1.05-1.15x.
const SMALL_DEPTHWISE_MACS = 8_000_000;

export interface Tuning {
  /** Threads an op's jobs may be split across: tiles are sized so each gets several. */
  threads: number;
  smallJobMacs: number;
  smallDepthwiseMacs: number;
}

export interface Workspace {
  readonly kernels: KernelExports;
  readonly arena: Arena;
  readonly cache: PackingCache;
  readonly tuning: Tuning;
}

/** What an op body works with: the workspace, and who is told where the time goes. */
export interface OpContext extends Workspace {
  readonly observer: Observer;
}

// Most ops run unobserved: their context is made once per workspace, not per call.
const unobserved = new WeakMap<Workspace, OpContext>();

/** The context an op body runs in: the workspace, and who is told where the time goes. */
export function contextOf(ws: Workspace, observer: Observer): OpContext {
  if (observer !== UNOBSERVED) return { ...ws, observer };
  let ctx = unobserved.get(ws);
  if (!ctx) unobserved.set(ws, ctx = { ...ws, observer });
  return ctx;
}

/** An op's body as the drivers start it, once per attempt. */
export type OpBody<T> = (ctx: OpContext) => OpRun<T>;

export function createWorkspace(kernels: KernelExports, memory: WebAssembly.Memory, options: { threads: number; smallJobMacs?: number; cacheBytes?: number }): Workspace {
  const cacheBytes = (options.cacheBytes ?? CACHE_BYTES) & ~15;
  return {
    kernels,
    arena: new Arena(memory, CACHE_BASE + cacheBytes),
    cache: new PackingCache(CACHE_BASE, cacheBytes),
    tuning: {
      threads: options.threads,
      smallJobMacs: options.smallJobMacs ?? SMALL_JOB_MACS,
      smallDepthwiseMacs: options.smallJobMacs ?? SMALL_DEPTHWISE_MACS,
    },
  };
}
