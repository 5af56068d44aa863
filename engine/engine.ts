// The fast engines: the four convolutions (and chains of them) on WebAssembly
// SIMD kernels. createEngine runs them asynchronously on a pool of threads
// sharing one memory; createSyncEngine runs the same op bodies synchronously
// on the calling thread. The parts, each in engine/fast/:
//   calls.ts          arguments → validated calls (the reference's validators)
//   scheduler.ts      one op at a time, abort, dispose (the only way in)
//   plan.ts, stages.ts  a validated call → kernel jobs (kernel choice, tiling)
//   packing-cache.ts  packed filters kept between ops, checked against their filters
//   pool-driver.ts, run-here.ts  jobs run on the pool or on the calling thread
//   profiler.ts       where an op's time went, as an observer of its jobs
import type { Tensor } from './tensor.js';
import type { ConvOptions } from './conv-info.js';
import type { ChainOptions, ChainStage, TensorLike } from './ops.js';
import { loadKernelModule, instantiate, type Flavour } from './wasm/load.js';
import { Pool } from './pool/pool.js';
import { checkOpName, costOf, optionsOf, validate, type OpName } from './fast/calls.js';
import { abortError, disposedError, type Phase } from './fast/job.js';
import { plan, type Call } from './fast/plan.js';
import { PoolDriver } from './fast/pool-driver.js';
import { Profiler, UNOBSERVED, type Observer, type Profile } from './fast/profiler.js';
import { runHere } from './fast/run-here.js';
import { Scheduler } from './fast/scheduler.js';
import type { Stop } from './fast/stop.js';
import { createWorkspace, type Workspace } from './fast/workspace.js';
import { registerDebug } from './debug.js';

export type { Phase, Profile };

export interface EngineOptions {
  /** Threads to compute on (default: the hardware's, at most 8). 1 runs on the calling thread. */
  threads?: number;
  /** false runs single-threaded on private memory, as where SharedArrayBuffer is missing. */
  sharedMemory?: boolean;
  /** Force plain or relaxed SIMD (default: relaxed when the runtime has it). */
  simd?: Flavour;
  /** Jobs under this many multiply-adds run on the calling thread (waking the pool costs more). */
  smallJobMacs?: number;
  /** Bytes kept for packed filters between ops (default 64 MiB); when full, it starts over. */
  cacheBytes?: number;
}

export interface OpOptions extends ConvOptions {
  signal?: AbortSignal;
}

export interface Engine {
  readonly threads: number;
  /** Why the engine runs on fewer threads than asked, or null. */
  readonly reason: string | null;
  readonly simd: Flavour;
  conv2d(x: TensorLike, filter: TensorLike, options?: OpOptions): Promise<Tensor>;
  depthwiseConv2d(x: TensorLike, filter: TensorLike, options?: OpOptions): Promise<Tensor>;
  pointwiseConv2d(x: TensorLike, filter: TensorLike, options?: OpOptions): Promise<Tensor>;
  separableConv2d(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options?: OpOptions): Promise<Tensor>;
  /** The ops one after another, each on the one before's result, which stays in the engine's memory. */
  chain(x: TensorLike, stages: readonly ChainStage[], options?: ChainOptions & { signal?: AbortSignal }): Promise<Tensor>;
  /** Runs an op and returns its result with time by phase and by thread. */
  profile(op: OpName, ...args: unknown[]): Promise<{ result: Tensor; profile: Profile }>;
  /** Ends the workers; calls still pending settle (rejected as disposed unless they finished), later calls reject. */
  dispose(): Promise<void>;
}

/** The four ops on the WebAssembly kernels, synchronously, on the calling thread alone. */
export interface SyncEngine {
  readonly threads: 1;
  readonly simd: Flavour;
  conv2d(x: TensorLike, filter: TensorLike, options?: ConvOptions): Tensor;
  depthwiseConv2d(x: TensorLike, filter: TensorLike, options?: ConvOptions): Tensor;
  pointwiseConv2d(x: TensorLike, filter: TensorLike, options?: ConvOptions): Tensor;
  separableConv2d(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options?: ConvOptions): Tensor;
  chain(x: TensorLike, stages: readonly ChainStage[], options?: ChainOptions): Tensor;
  /** Runs an op and returns its result with time by phase. */
  profile(op: OpName, ...args: unknown[]): { result: Tensor; profile: Profile };
}

const MAX_PAGES = 16384;

async function defaultThreads(): Promise<number> {
  let n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (n === undefined && typeof process !== 'undefined' && process.versions?.node) {
    n = (await import('node:os')).availableParallelism();
  }
  return Math.max(1, Math.min(8, n ?? 2));
}

class AsyncEngine implements Engine {
  readonly threads: number;
  readonly reason: string | null;
  readonly simd: Flavour;
  readonly #workspace: Workspace;
  readonly #driver: PoolDriver;
  readonly #scheduler: Scheduler;

  constructor(workspace: Workspace, driver: PoolDriver, scheduler: Scheduler, simd: Flavour, reason: string | null) {
    this.#workspace = workspace;
    this.#driver = driver;
    this.#scheduler = scheduler;
    this.threads = driver.threads;
    this.simd = simd;
    this.reason = reason;
  }

  conv2d(...args: unknown[]): Promise<Tensor> {
    return this.#call('conv2d', args);
  }

  depthwiseConv2d(...args: unknown[]): Promise<Tensor> {
    return this.#call('depthwiseConv2d', args);
  }

  pointwiseConv2d(...args: unknown[]): Promise<Tensor> {
    return this.#call('pointwiseConv2d', args);
  }

  separableConv2d(...args: unknown[]): Promise<Tensor> {
    return this.#call('separableConv2d', args);
  }

  chain(...args: unknown[]): Promise<Tensor> {
    return this.#call('chain', args);
  }

  async profile(op: OpName, ...args: unknown[]): Promise<{ result: Tensor; profile: Profile }> {
    checkOpName(op);
    const call = this.#validate(op, args);
    return this.#scheduler.run(optionsOf(op, args).signal, async (stop) => {
      const profiler = new Profiler();
      const result = await this.#run(call, profiler, stop);
      return { result, profile: profiler.finish(() => costOf(op, args)) };
    });
  }

  dispose(): Promise<void> {
    return this.#scheduler.dispose(() => this.#driver.dispose());
  }

  /** A call refused before it is queued: on a disposed engine, with an aborted signal, or with bad arguments. */
  #validate(op: OpName | 'chain', args: unknown[]): Call {
    if (this.#scheduler.disposed) throw disposedError();
    if (optionsOf(op, args).signal?.aborted) throw abortError();
    return validate(op, args);
  }

  async #call(op: OpName | 'chain', args: unknown[]): Promise<Tensor> {
    const call = this.#validate(op, args);
    return this.#scheduler.run(optionsOf(op, args).signal, (stop) => this.#run(call, UNOBSERVED, stop));
  }

  #run(call: Call, observer: Observer, stop: Stop): Promise<Tensor> {
    return this.#driver.run(this.#workspace, (ctx) => plan(ctx, call), observer, stop);
  }
}

/**
 * The fast engine. Threads share one WebAssembly.Memory; where
 * SharedArrayBuffer is unavailable (a page that is not cross-origin
 * isolated) it runs single-threaded and says why in `engine.reason`.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  let threads = options.threads ?? await defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`createEngine: threads: expected an integer >= 1, got ${String(options.threads)}`);
  }
  if (options.cacheBytes !== undefined && !(Number.isInteger(options.cacheBytes) && options.cacheBytes >= 0)) {
    throw new Error(`createEngine: cacheBytes: expected an integer >= 0, got ${String(options.cacheBytes)}`);
  }
  let reason: string | null = null;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  const haveShared = typeof SharedArrayBuffer !== 'undefined' && (typeof isolated !== 'boolean' || isolated);
  let shared = threads > 1;
  if (threads > 1 && options.sharedMemory === false) { reason = 'shared memory was turned off (sharedMemory: false)'; shared = false; }
  else if (threads > 1 && !haveShared) { reason = 'SharedArrayBuffer is unavailable (the page is not cross-origin isolated)'; shared = false; }
  if (!shared) threads = 1;
  const { module, flavour } = await loadKernelModule(shared, options.simd);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared });
  const spawn = () => Pool.create(threads, module, memory);
  const pool = threads > 1 ? await spawn() : null;
  const driver = new PoolDriver(pool, pool && spawn);
  const workspace = createWorkspace(instantiate(module, memory), memory, { ...options, threads: driver.threads });
  const scheduler = new Scheduler();
  const engine = new AsyncEngine(workspace, driver, scheduler, flavour, reason);
  registerDebug(engine, {
    get liveWorkers() { return driver.liveWorkers; },
    lastJob: () => driver.lastJob,
    killWorker: (id) => driver.killWorker(id),
    holdWorkers: (held) => driver.holdWorkers(held),
    schedule: (body) => scheduler.run(undefined, (stop) => driver.run(workspace, body, UNOBSERVED, stop)),
  });
  return engine;
}

/**
 * The fast kernels as plain functions: what a notebook cell calls when it
 * wants a Tensor now rather than a Promise. One thread on its own private
 * memory (so it never shares an arena with an async engine's op in flight);
 * the results agree with the reference as createEngine's do. Only creating
 * it is async (compiling the WebAssembly).
 */
export async function createSyncEngine(options: { simd?: Flavour } = {}): Promise<SyncEngine> {
  const { module, flavour } = await loadKernelModule(false, options.simd);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES });
  const workspace = createWorkspace(instantiate(module, memory), memory, { threads: 1 });
  const run = (op: OpName | 'chain', args: unknown[], observer: Observer = UNOBSERVED): Tensor => {
    if (optionsOf(op, args).signal?.aborted) throw abortError();
    const call = validate(op, args);
    return runHere(workspace, (ctx) => plan(ctx, call), observer);
  };
  return Object.freeze({
    threads: 1 as const,
    simd: flavour,
    conv2d: (...args: unknown[]) => run('conv2d', args),
    depthwiseConv2d: (...args: unknown[]) => run('depthwiseConv2d', args),
    pointwiseConv2d: (...args: unknown[]) => run('pointwiseConv2d', args),
    separableConv2d: (...args: unknown[]) => run('separableConv2d', args),
    chain: (...args: unknown[]) => run('chain', args),
    profile: (op: OpName, ...args: unknown[]) => {
      checkOpName(op);
      const profiler = new Profiler();
      const result = run(op, args, profiler);
      return { result, profile: profiler.finish(() => costOf(op, args)) };
    },
  });
}
