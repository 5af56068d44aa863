// createEngine: the four convolutions on WebAssembly SIMD kernels, split
// across a pool of threads sharing one memory. Validation and shape maths are
// the reference ops' own (computeConvInfo, checkBias), so both engines accept
// and refuse exactly the same arguments.
import { asTensor, Tensor, sizeOf } from './tensor.js';
import { checkActivation, applyActivation, type Activation } from './activations.js';
import { CONV_OPS, computeConvInfo, computeSeparableInfo, pointwiseFilterShape, type ConvInfo, type ConvOp, type ConvOptions } from './conv-info.js';
import { checkBias, conv2d as referenceConv2d, pointwiseConv2d as referencePointwise, prepareChain, type ChainOptions, type ChainStage, type StageCall, type TensorLike } from './ops.js';
import { conv2dReference, pointwiseReference } from './reference/index.js';
import { Arena } from './wasm/arena.js';
import { loadKernelModule, instantiate, type Flavour, type KernelExports } from './wasm/load.js';
import { P, paramWords, KERNELS, FUSED_ACTIVATIONS, type KernelName } from './wasm/params.js';
import { Pool, type JobStats } from './pool/pool.js';
import { cost, type Cost } from './cost.js';

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

export type Phase = 'packing' | 'depthwise' | 'pointwise' | 'conv' | 'epilogue';

export interface Profile {
  totalMs: number;
  phases: Record<Phase, number>;
  /** Per thread: id 0 is the calling thread (which also runs small jobs alone), 1..n-1 the workers. */
  threads: { id: number; ms: number; tiles: number }[];
  /** cost() of the op: MACs, FLOPs, params and bytes from the shapes. */
  cost: Cost;
}

type OpName = ConvOp;

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
  dispose(): Promise<void>;
}

// Jobs under this many multiply-adds run on the calling thread: waking the
// pool (~50 µs) costs more than it saves.
const SMALL_JOB_MACS = 1_000_000;
// Depthwise jobs without a multiplier are bound by memory, not arithmetic:
// measured on two machines, a second thread only pays for itself past ~10M
// MACs (3x3 on 112x112x32, 3.6M MACs, ran 0.8x as fast on two threads as on
// one). With a multiplier of 2 the same layer gained 1.05-1.15x.
const SMALL_DEPTHWISE_MACS = 8_000_000;
const MAX_PAGES = 16384;
// Packed filters (and copies of the values they were packed from) are kept
// between ops in a region below the per-op arena.
const CACHE_BASE = 65536;
const CACHE_BYTES = 64 << 20;
// Below this many input channels, conv2d gathers patches (im2col) instead of igemm.
const IM2COL_CHANNELS = 8;

/**
 * Whether `data` still holds the values copied to byte `snap` of `buffer`
 * when its packing was made. Compared 8 bytes at a time as doubles, 4 at once
 * (~0.5 ns a value). Equal doubles have equal bits but for +0 and -0, so a
 * weight that flips between +0 and -0 next to a zero goes unseen, and
 * harmlessly: every product with it is a zero or NaN either way and the sums
 * start at +0, so no output changes. NaN never equals itself: a NaN filter
 * is repacked every time.
 */
function matchesSnapshot(buffer: ArrayBufferLike, snap: number, data: Float32Array): boolean {
  const length = data.length;
  const copy = new Float32Array(buffer, snap, length);
  if (data.byteOffset % 8 !== 0) {
    for (let i = 0; i < length; i++) if (!Object.is(copy[i], data[i])) return false;
    return true;
  }
  const n = length >> 1;
  const x = new Float64Array(buffer, snap, n), y = new Float64Array(data.buffer, data.byteOffset, n);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    if (x[j] !== y[j] || x[j + 1] !== y[j + 1] || x[j + 2] !== y[j + 2] || x[j + 3] !== y[j + 3]) return false;
  }
  for (; j < n; j++) if (x[j] !== y[j]) return false;
  return (length & 1) === 0 || Object.is(copy[length - 1], data[length - 1]);
}

/**
 * One kernel run over `tiles` tiles, as an op yields it: the async engine
 * runs it on the pool (when `macs` reach `small`), the sync engine here.
 */
interface Job {
  kernel: KernelName;
  params: number;
  tiles: number;
  macs: number;
  phase: Phase;
  /** Runs on the calling thread while the workers compute (after the tiles when alone). */
  meanwhile?: () => void;
  small?: number;
}

/** An op's body: yields its jobs in order and returns its result. */
type OpRun<T> = Generator<Job, T, void>;

function checkOpName(op: unknown): asserts op is OpName {
  if (!(CONV_OPS as readonly unknown[]).includes(op)) {
    throw new Error(`profile: op: unknown op ${JSON.stringify(op)}; expected conv2d, depthwiseConv2d, pointwiseConv2d or separableConv2d`);
  }
}

/** Where an op (or chain) takes its options: after the filter, or after both filters of separableConv2d. */
function optionsIndex(op: OpName | 'chain'): number {
  return op === 'separableConv2d' ? 3 : 2;
}

function newProfile(): Profile {
  return { totalMs: 0, phases: { packing: 0, depthwise: 0, pointwise: 0, conv: 0, epilogue: 0 }, threads: [], cost: null as unknown as Cost };
}

/** A filter's packed form in the memory, and whether every weight in it is finite. */
interface Packing { ptr: number; finite: boolean }

/** A cached packing and, at `snap`, a copy of the values it was packed from. */
interface CacheEntry extends Packing { snap: number; serial: number }

/** Thrown inside an op whose reused packing no longer matches its filter: the op runs again. */
const STALE = Symbol('stale packing');

/** The cache key of a GEMM filter's packing. */
function gemmKey(info: ConvInfo): string {
  return `gemm:${info.filterHeight * info.filterWidth * info.inChannels}:${info.outChannels}`;
}

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

async function defaultThreads(): Promise<number> {
  let n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (n === undefined && typeof process !== 'undefined' && process.versions?.node) {
    n = (await import('node:os')).availableParallelism();
  }
  return Math.max(1, Math.min(8, n ?? 2));
}

class FastEngine implements Engine {
  threads: number;
  reason: string | null;
  simd: Flavour;
  private readonly kernels: KernelExports;
  private readonly arena: Arena;
  private pool: Pool | null;
  private readonly respawn: (() => Promise<Pool>) | null;
  private queue: Promise<unknown> = Promise.resolve();
  private prof: Profile | null = null;
  private disposed = false;
  private readonly smallJobMacs: number;
  private readonly smallDepthwiseMacs: number;

  constructor(kernels: KernelExports, memory: WebAssembly.Memory, pool: Pool | null, respawn: (() => Promise<Pool>) | null, simd: Flavour, reason: string | null, tuning: Pick<EngineOptions, 'smallJobMacs' | 'cacheBytes'> = {}) {
    this.respawn = respawn;
    this.smallJobMacs = tuning.smallJobMacs ?? SMALL_JOB_MACS;
    this.smallDepthwiseMacs = tuning.smallJobMacs ?? SMALL_DEPTHWISE_MACS;
    this.cacheBytes = (tuning.cacheBytes ?? CACHE_BYTES) & ~15;
    this.kernels = kernels;
    this.arena = new Arena(memory, CACHE_BASE + this.cacheBytes);
    this.pool = pool;
    this.threads = pool ? pool.size : 1;
    this.simd = simd;
    this.reason = reason;
  }

  conv2d(x: TensorLike, filter: TensorLike, options: OpOptions = {}): Promise<Tensor> {
    return this.enqueue(options.signal, () => this.drive(() => this.runConv2d(x, filter, options)));
  }

  depthwiseConv2d(x: TensorLike, filter: TensorLike, options: OpOptions = {}): Promise<Tensor> {
    return this.enqueue(options.signal, () => this.drive(() => this.runDepthwise(x, filter, options)));
  }

  pointwiseConv2d(x: TensorLike, filter: TensorLike, options: OpOptions = {}): Promise<Tensor> {
    return this.enqueue(options.signal, () => this.drive(() => this.runPointwise(x, filter, options)));
  }

  separableConv2d(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: OpOptions = {}): Promise<Tensor> {
    return this.enqueue(options.signal, () => this.drive(() => this.runSeparable(x, depthwiseFilter, pointwiseFilter, options)));
  }

  chain(x: TensorLike, stages: readonly ChainStage[], options: ChainOptions & { signal?: AbortSignal } = {}): Promise<Tensor> {
    return this.enqueue(options.signal, () => this.drive(() => this.runChain(x, stages, options)));
  }

  /**
   * Runs an op to the end on the calling thread alone, synchronously. Only
   * for an engine without a pool whose async ops are not in use (the sync
   * engine of createSyncEngine): ops share the arena.
   */
  runSync(op: OpName | 'chain', args: unknown[]): Tensor {
    const run = this.ops[op] as (...a: unknown[]) => OpRun<Tensor>;
    const at = optionsIndex(op);
    const options = (args[at] ?? {}) as OpOptions;
    if (options.signal?.aborted) throw abortError();
    args = [...args.slice(0, at), options];
    for (;;) {
      this.startAttempt();
      const ops = run.apply(this, args);
      try {
        for (let step = ops.next(); ; step = ops.next()) {
          if (step.done) return step.value;
          this.jobHere(step.value, performance.now());
        }
      } catch (error) {
        if (error !== STALE) throw error;
      }
    }
  }

  /** Profiles an op run by runSync(). */
  profileSync(op: OpName, args: unknown[]): { result: Tensor; profile: Profile } {
    checkOpName(op);
    this.prof = newProfile();
    const t0 = performance.now();
    try {
      const result = this.runSync(op, args);
      return { result, profile: this.finishProfile(op, args, t0) };
    } finally {
      this.prof = null;
    }
  }

  private readonly ops: Record<OpName | 'chain', (...args: never[]) => OpRun<Tensor>> = {
    conv2d: this.runConv2d, depthwiseConv2d: this.runDepthwise, pointwiseConv2d: this.runPointwise, separableConv2d: this.runSeparable,
    chain: this.runChain,
  };

  /** Runs an op's jobs as it yields them, on the pool where they are big enough. */
  private async drive<T>(start: () => OpRun<T>): Promise<T> {
    const ops = start();
    for (let step = ops.next(); ; step = ops.next()) {
      if (step.done) return step.value;
      await this.job(step.value);
    }
  }

  async profile(op: OpName, ...args: unknown[]): Promise<{ result: Tensor; profile: Profile }> {
    checkOpName(op);
    const fn = (this as unknown as Record<OpName, (...a: unknown[]) => Promise<Tensor>>)[op];
    const options = (args[optionsIndex(op)] ?? {}) as OpOptions;
    let profile!: Profile;
    const result = await this.enqueue(options.signal, async () => {
      this.prof = newProfile();
      const t0 = performance.now();
      try {
        const r = await (fn.call(this, ...args) as Promise<Tensor>);
        profile = this.finishProfile(op, args, t0);
        return r;
      } finally {
        this.prof = null;
      }
    }, true);
    return { result, profile };
  }

  private finishProfile(op: OpName, args: unknown[], t0: number): Profile {
    const prof = this.prof!;
    prof.totalMs = performance.now() - t0;
    const options = (args[optionsIndex(op)] ?? {}) as OpOptions;
    const [x, filter, second] = args as [TensorLike, TensorLike, TensorLike];
    const spec = { ...options, signal: undefined, input: x, filter, bias: options.bias != null };
    prof.cost = op === 'separableConv2d' ? cost(op, { ...spec, pointwiseFilter: second }) : cost(op, spec);
    return prof;
  }

  /** Worker threads still running (0 after dispose). */
  get liveWorkers(): number {
    return this.pool?.live ?? 0;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.pool?.dispose();
  }

  /** Test hook: runs a kernel that traps on tile `tile`, on the workers if there are any. */
  async debugTrap(tile: number, tiles = 64): Promise<void> {
    return this.enqueue(undefined, async () => {
      this.arena.reset();
      const p = this.arena.alloc(4);
      this.arena.ints[p >> 2] = tile;
      await this.job({ kernel: 'debug_trap', params: p, tiles, macs: this.pool ? Infinity : 0, phase: 'conv' });
    });
  }

  /** Test hook: how many of the last pool job's tiles were computed, of how many. */
  debugLastJob(): { tiles: number; computed: number } | null {
    return this.lastJob;
  }
  private lastJob: { tiles: number; computed: number } | null = null;

  /** Test hook: ends worker `id` as a crash would. */
  async debugKillWorker(id: number): Promise<void> {
    await this.pool?.debugTerminate(id);
  }

  // Ops run one at a time: they share the arena. `nested` runs inside a queued task.
  private enqueue<T>(signal: AbortSignal | undefined, task: () => Promise<T>, wrapper = false): Promise<T> {
    if (this.prof && !wrapper) return this.fresh(task);
    const run = async () => {
      if (this.disposed) throw new Error('engine: the engine was disposed');
      if (signal?.aborted) throw abortError();
      const result = wrapper ? await task() : await this.fresh(task);
      if (signal?.aborted) throw abortError();
      return result;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  /** Runs an op until none of the packings it reused turns out stale (each retry drops one from the cache). */
  private async fresh<T>(task: () => Promise<T>): Promise<T> {
    for (;;) {
      this.startAttempt();
      try {
        return await task();
      } catch (error) {
        if (error !== STALE) throw error;
      }
    }
  }

  /** A new attempt at an op: no reused packing to check yet, none held, and packings made from now on are its own. */
  private startAttempt(): void {
    this.unchecked.length = 0;
    this.holding = false;
    this.serial++;
  }

  private time(phase: keyof Profile['phases'], t0: number): void {
    if (this.prof) this.prof.phases[phase] += performance.now() - t0;
  }

  private signal: AbortSignal | undefined;
  private result: Float32Array | null = null;

  private cache = new WeakMap<Float32Array, Map<string, CacheEntry>>();
  private cacheTop = CACHE_BASE;
  private readonly cacheBytes: number;
  /** Whether the op being run holds a packing in the cache, which starting the cache over would overwrite. */
  private holding = false;
  /** Counts attempts at ops: a packing made in this attempt needs no check. */
  private serial = 0;

  /**
   * The packed form of a filter, packed once per filter array and reused
   * while the array holds the same bits as when it was packed. Tensors are
   * immutable by convention, but a filter changed in place must never give a
   * stale answer, so a reused packing is checked against the copy of the
   * values it was packed from. The check (as long as the GEMM itself on a
   * 7x7x1024->1024 pointwise) runs on the calling thread while the workers
   * already compute with the packing; a failed check stops the job and the op
   * runs again with a fresh packing (see job() and fresh()). `pack` returns
   * whether every weight was finite; non-finite packings are not kept.
   */
  private packed(key: string, data: Float32Array, floats: number, pack: (raw: number, dst: number) => number): Packing {
    const hit = this.cache.get(data)?.get(key);
    if (hit) {
      if (hit.serial !== this.serial) this.unchecked.push({ data, key, entry: hit });
      this.holding = true;
      return hit;
    }
    const packedBytes = (floats * 4 + 16 + 15) & ~15;
    const bytes = packedBytes + ((data.length * 4 + 15) & ~15);
    const full = this.cacheTop + bytes > CACHE_BASE + this.cacheBytes;
    // Too big to keep, or the cache is full and this op already holds a
    // packing in it: packed into the op's own arena, for this op only.
    if (bytes > this.cacheBytes || (full && this.holding)) {
      const raw = this.copyArray(data), ptr = this.arena.alloc(floats);
      return { ptr, finite: pack(raw, ptr) !== 0 };
    }
    if (full) {
      this.cache = new WeakMap();
      this.cacheTop = CACHE_BASE;
    }
    const ptr = this.cacheTop, snap = ptr + packedBytes;
    this.arena.floats.set(data, snap >> 2);
    const entry: CacheEntry = { ptr, snap, serial: this.serial, finite: pack(snap, ptr) !== 0 };
    if (!entry.finite) return entry;
    this.cacheTop += bytes;
    this.holding = true;
    let entries = this.cache.get(data);
    if (!entries) this.cache.set(data, entries = new Map());
    entries.set(key, entry);
    return entry;
  }

  /** Reused packings this op has not yet checked against their filters. */
  private unchecked: { data: Float32Array; key: string; entry: CacheEntry }[] = [];

  /**
   * Checks the reused packings handed out so far; one whose filter changed in
   * place leaves the cache. False if any did (the op must run again).
   */
  private checkPackings(): boolean {
    let ok = true;
    const buffer = this.arena.floats.buffer;
    for (const { data, key, entry } of this.unchecked) {
      if (matchesSnapshot(buffer, entry.snap, data)) continue;
      this.cache.get(data)?.delete(key);
      ok = false;
    }
    this.unchecked.length = 0;
    return ok;
  }

  /**
   * A conv2d / pointwise filter packed for the GEMM. Whether it is finite
   * decides the path: the GEMM multiplies padding taps by zero, and 0 * Inf
   * is NaN where the reference skips the tap.
   */
  private gemmPacking(info: ConvInfo, filter: Float32Array): Packing {
    const t0 = performance.now();
    const K = info.filterHeight * info.filterWidth * info.inChannels, N = info.outChannels;
    const packing = this.packed(gemmKey(info), filter, K * ((N + 7) & ~7), (raw, dst) => this.kernels.pack_gemm_weights(raw, dst, K, N));
    this.time('packing', t0);
    return packing;
  }

  /**
   * Allocates the result array and touches its pages (~2 µs each when fresh)
   * while the workers compute the last stage, off the critical path.
   */
  private prepareResult(info: ConvInfo): () => void {
    return () => {
      const out = new Float32Array(sizeOf(info.outShape));
      for (let i = 0; i < out.length; i += 1024) out[i] = 0;
      this.result = out;
    };
  }

  private async job(job: Job): Promise<void> {
    const { kernel, params, tiles, macs, phase, meanwhile, small = this.smallJobMacs } = job;
    const t0 = performance.now();
    if (this.signal?.aborted) throw abortError();
    if (!(this.pool && macs >= small && tiles > 1)) return this.jobHere(job, t0);
    let stale = false;
    const checkThenMeanwhile = () => {
      if (this.unchecked.length && !this.checkPackings()) { stale = true; this.pool!.stop(); }
      meanwhile?.();
    };
    // A pool whose thread died is replaced, so one crash costs one op.
    if (this.pool.failed) await this.replacePool();
    let stats: JobStats;
    try {
      const local = this.kernels[kernel] as (p: number, t: number) => void;
      stats = await this.pool!.run(KERNELS.indexOf(kernel), local, params, tiles, this.signal, checkThenMeanwhile);
    } catch (error) {
      if (this.pool!.failed) await this.replacePool();
      throw error;
    }
    this.lastJob = { tiles, computed: stats.tiles.reduce((a, b) => a + b, 0) };
    if (this.signal?.aborted) throw abortError();
    if (stale) throw STALE;
    this.record(stats);
    this.time(phase, t0);
  }

  /** Runs a job's tiles on the calling thread alone. */
  private jobHere({ kernel, params, tiles, phase, meanwhile }: Job, t0: number): void {
    if (!this.checkPackings()) throw STALE;
    const fn = this.kernels[kernel] as (p: number, t: number) => void;
    for (let t = 0; t < tiles; t++) fn(params, t);
    this.record({ tiles: [tiles], ms: [performance.now() - t0] });
    meanwhile?.();
    this.time(phase, t0);
  }

  private async replacePool(): Promise<void> {
    const old = this.pool!;
    this.pool = null;
    await old.dispose().catch(() => {});
    this.pool = await this.respawn!();
  }

  private record(stats: JobStats): void {
    if (!this.prof) return;
    stats.tiles.forEach((tiles, key) => {
      let entry = this.prof!.threads.find((e) => e.id === key);
      if (!entry) this.prof!.threads.push(entry = { id: key, ms: 0, tiles: 0 });
      entry.ms += stats.ms[key];
      entry.tiles += tiles;
    });
  }

  // ------------------------------------------------------------ layout

  /** Copies x into the arena as NHWC. */
  private copyIn(info: ConvInfo, data: Float32Array): number {
    const ptr = this.arena.alloc(data.length);
    const heap = this.arena.floats;
    const at = ptr >> 2;
    if (info.dataFormat === 'NHWC') heap.set(data, at);
    else {
      const { batch: B, inHeight: H, inWidth: W, inChannels: Ch } = info;
      const plane = H * W;
      for (let b = 0; b < B; b++) {
        for (let c = 0; c < Ch; c++) {
          const src = (b * Ch + c) * plane, dst = at + b * plane * Ch + c;
          for (let i = 0; i < plane; i++) heap[dst + i * Ch] = data[src + i];
        }
      }
    }
    return ptr;
  }

  /** Copies the NHWC result out in the caller's format, then runs activations the kernels do not fuse. */
  private copyOut(info: ConvInfo, ptr: number, activation: Activation): Tensor {
    const t0 = performance.now();
    const n = sizeOf(info.outShape);
    const heap = this.arena.floats;
    const at = ptr >> 2;
    const out = this.result?.length === n ? this.result : new Float32Array(n);
    this.result = null;
    // set() from a shared buffer is a memcpy; slice() copies element by element.
    if (info.dataFormat === 'NHWC') out.set(heap.subarray(at, at + n));
    else {
      const { batch: B, outHeight: H, outWidth: W, outChannels: Ch } = info;
      const plane = H * W;
      for (let b = 0; b < B; b++) {
        for (let c = 0; c < Ch; c++) {
          const dst = (b * Ch + c) * plane, src = at + b * plane * Ch + c;
          for (let i = 0; i < plane; i++) out[dst + i] = heap[src + i * Ch];
        }
      }
    }
    if (!(activation in FUSED_ACTIVATIONS)) applyActivation(out, activation);
    this.time('epilogue', t0);
    return new Tensor(out, info.outShape);
  }

  private params(info: ConvInfo, input: number, output: number, activation: Activation, hasBias: boolean): { p: number; ints: Int32Array } {
    const taps = info.filterHeight * info.filterWidth;
    const p = this.arena.alloc(paramWords(taps));
    const ints = this.arena.ints;
    const w = p >> 2;
    ints.fill(0, w, w + paramWords(taps));
    const set = (k: number, v: number) => { ints[w + k] = v; };
    set(P.IN, input); set(P.OUT, output);
    set(P.BATCH, info.batch); set(P.IH, info.inHeight); set(P.IW, info.inWidth); set(P.IC, info.inChannels);
    set(P.OH, info.outHeight); set(P.OW, info.outWidth); set(P.OC, info.outChannels);
    set(P.KH, info.filterHeight); set(P.KW, info.filterWidth);
    set(P.SH, info.strideHeight); set(P.SW, info.strideWidth);
    set(P.DH, info.dilationHeight); set(P.DW, info.dilationWidth);
    set(P.PT, info.padTop); set(P.PL, info.padLeft);
    set(P.ACT, FUSED_ACTIVATIONS[activation] ?? 0); set(P.HASBIAS, hasBias ? 1 : 0);
    set(P.M, info.depthMultiplier); set(P.C4, (info.inChannels + 3) & ~3);
    for (let fy = 0, k = 0; fy < info.filterHeight; fy++) {
      for (let fx = 0; fx < info.filterWidth; fx++, k++) {
        set(P.OFFS + k, (fy * info.dilationHeight * info.inWidth + fx * info.dilationWidth) * info.inChannels * 4);
      }
    }
    return { p, ints };
  }

  private zeros(floats: number): number {
    const ptr = this.arena.alloc(floats);
    this.arena.floats.fill(0, ptr >> 2, (ptr >> 2) + floats + 4);
    return ptr;
  }

  private copyArray(data: ArrayLike<number>): number {
    const ptr = this.arena.alloc(data.length);
    this.arena.floats.set(data, ptr >> 2);
    return ptr;
  }

  // ------------------------------------------------------------ stages

  /** Depthwise stage from an NHWC input already in the arena; returns the NHWC output pointer. */
  private *depthwiseStage(info: ConvInfo, input: number, filter: Float32Array, bias: Float32Array | null, activation: Activation, meanwhile?: () => void): OpRun<number> {
    let t0 = performance.now();
    const C = info.inChannels, M = info.depthMultiplier, C4 = (C + 3) & ~3, taps = info.filterHeight * info.filterWidth;
    const w = this.packed(`dw:${taps}:${C}:${M}`, filter, taps * M * C4, (raw, dst) => (this.kernels.pack_dw_weights(raw, dst, taps, C, M, C4), 1)).ptr;
    let b = 0;
    if (bias) {
      b = this.zeros(M * C4);
      const heap = this.arena.floats;
      for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) heap[(b >> 2) + m * C4 + c] = bias[c * M + m];
    }
    const out = this.arena.alloc(info.batch * info.outHeight * info.outWidth * info.outChannels);
    const zero = this.zeros(C4);
    const { p, ints } = this.params(info, input, out, activation, bias !== null);
    ints[(p >> 2) + P.W] = w; ints[(p >> 2) + P.BIAS] = b; ints[(p >> 2) + P.ZERO] = zero;
    this.time('packing', t0);
    const kernel: KernelName = M === 2 ? 'dwconv_m2_row' : M > 1 ? 'dwconv_mx_row'
      : info.filterHeight === 3 && info.filterWidth === 3 ? 'dwconv_3x3_row'
        : info.filterHeight === 5 && info.filterWidth === 5 ? 'dwconv_5x5_row' : 'dwconv_taps_row';
    const macs = info.batch * info.outHeight * info.outWidth * info.outChannels * taps;
    t0 = performance.now();
    // With one output per channel, depthwise is bound by memory and a second
    // thread does not pay for itself on small layers; with a multiplier it does.
    yield { kernel, params: p, tiles: info.batch * info.outHeight, macs, phase: 'depthwise', meanwhile, small: M === 1 ? this.smallDepthwiseMacs : this.smallJobMacs };
    return out;
  }

  /** conv2d / pointwise as an indirect GEMM from an NHWC input in the arena. */
  private *gemmStage(info: ConvInfo, input: number, w: number, bias: Float32Array | null, activation: Activation, phase: 'conv' | 'pointwise', meanwhile?: () => void): OpRun<number> {
    const t0 = performance.now();
    const taps = info.filterHeight * info.filterWidth;
    const K = taps * info.inChannels, N = info.outChannels, N8 = (N + 7) & ~7;
    let b = 0;
    if (bias) { b = this.zeros(N8); this.arena.floats.set(bias, b >> 2); }
    const rows = info.batch * info.outHeight * info.outWidth;
    const out = this.arena.alloc(rows * N);
    const zero = this.zeros(info.inChannels + 4);
    const { p, ints } = this.params(info, input, out, activation, bias !== null);
    // Column groups keep a group's packed weights (K x groupCols) within L2;
    // row blocks shrink until every thread has several tiles to take.
    const groupCols = Math.min(N8, Math.max(8, Math.floor(32768 / K) & ~7));
    const groups = Math.ceil(N / groupCols);
    let tileRows = 64;
    while (tileRows > 4 && Math.ceil(rows / tileRows) * groups < 4 * this.threads) tileRows >>= 1;
    const direct = taps === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padTop === 0 && info.padLeft === 0
      && info.outHeight === info.inHeight && info.outWidth === info.inWidth;
    // Few input channels: each tile gathers its patches into its own scratch slot.
    const gather = taps > 1 && info.inChannels < IM2COL_CHANNELS;
    const tiles = Math.ceil(rows / tileRows) * groups;
    const set = (k: number, v: number) => { ints[(p >> 2) + k] = v; };
    set(P.W, w); set(P.BIAS, b); set(P.ZERO, zero);
    set(P.TILEROWS, tileRows); set(P.COLGROUPS, groups); set(P.GROUPCOLS, groupCols); set(P.DIRECT, gather ? 2 : direct ? 1 : 0);
    if (gather) set(P.SCRATCH, this.arena.alloc(tiles * tileRows * K));
    this.time('packing', t0);
    yield { kernel: 'igemm_4x8', params: p, tiles, macs: rows * N * K, phase, meanwhile };
    return out;
  }

  // ------------------------------------------------------------ ops

  private begin(signal: AbortSignal | undefined): void {
    this.signal = signal;
    this.result = null;
    this.arena.reset();
  }

  private *runConv2d(x: TensorLike, filter: TensorLike, options: OpOptions): OpRun<Tensor> {
    const op = 'conv2d';
    const xt = asTensor(op, 'x', x), ft = asTensor(op, 'filter', filter);
    const info = computeConvInfo(op, xt.shape, ft.shape, options);
    const bias = checkBias(op, options.bias, info.outChannels, ft.shape);
    const activation = checkActivation(op, options.activation);
    this.begin(options.signal);
    const w = this.gemmPacking(info, ft.data);
    // A non-finite weight meeting padding must be skipped, as the reference does.
    if (!w.finite) return referenceConv2d(xt, ft, { ...options, signal: undefined } as OpOptions);
    const t0 = performance.now();
    const input = this.copyIn(info, xt.data);
    this.time('packing', t0);
    const out = yield* this.gemmStage(info, input, w.ptr, bias, activation, 'conv', this.prepareResult(info));
    return this.copyOut(info, out, activation);
  }

  private *runDepthwise(x: TensorLike, filter: TensorLike, options: OpOptions): OpRun<Tensor> {
    const op = 'depthwiseConv2d';
    const xt = asTensor(op, 'x', x), ft = asTensor(op, 'filter', filter);
    const info = computeConvInfo(op, xt.shape, ft.shape, options);
    const bias = checkBias(op, options.bias, info.outChannels, ft.shape);
    const activation = checkActivation(op, options.activation);
    this.begin(options.signal);
    const t0 = performance.now();
    const input = this.copyIn(info, xt.data);
    this.time('packing', t0);
    const out = yield* this.depthwiseStage(info, input, ft.data, bias, activation, this.prepareResult(info));
    return this.copyOut(info, out, activation);
  }

  private *runPointwise(x: TensorLike, filter: TensorLike, options: OpOptions): OpRun<Tensor> {
    const op = 'pointwiseConv2d';
    const ft = asTensor(op, 'filter', filter);
    const shape = pointwiseFilterShape(op, 'filter', ft.shape);
    const xt = asTensor(op, 'x', x);
    const info = computeConvInfo(op, xt.shape, shape, options);
    const bias = checkBias(op, options.bias, info.outChannels, ft.shape);
    const activation = checkActivation(op, options.activation);
    this.begin(options.signal);
    const w = this.gemmPacking(info, ft.data);
    if (!w.finite) return referencePointwise(xt, ft, { ...options, signal: undefined } as OpOptions);
    const t0 = performance.now();
    const input = this.copyIn(info, xt.data);
    this.time('packing', t0);
    const out = yield* this.gemmStage(info, input, w.ptr, bias, activation, 'pointwise', this.prepareResult(info));
    return this.copyOut(info, out, activation);
  }

  private *runSeparable(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, options: OpOptions): OpRun<Tensor> {
    const op = 'separableConv2d';
    const xt = asTensor(op, 'x', x);
    const dw = asTensor(op, 'depthwiseFilter', depthwiseFilter);
    const pw = asTensor(op, 'pointwiseFilter', pointwiseFilter);
    const { depthwise, pointwise } = computeSeparableInfo(xt.shape, dw.shape, pw.shape, options);
    const bias = checkBias(op, options.bias, pointwise.outChannels, pw.shape);
    const activation = checkActivation(op, options.activation);
    this.begin(options.signal);
    const t0 = performance.now();
    const input = this.copyIn(depthwise, xt.data);
    this.time('packing', t0);
    const out = yield* this.separableStages(depthwise, pointwise, input, dw.data, pw.data, bias, activation, this.prepareResult(pointwise));
    return this.copyOut(pointwise, out, activation);
  }

  /** separableConv2d from an NHWC input in the arena; returns the NHWC output pointer. */
  private *separableStages(depthwise: ConvInfo, pointwise: ConvInfo, input: number, depthwiseFilter: Float32Array, pointwiseFilter: Float32Array, bias: Float32Array | null, activation: Activation, meanwhile?: () => void): OpRun<number> {
    // Packed first, so a reused packing is checked during the depthwise job.
    // 1x1 and unpadded: a non-finite pointwise weight meets no padding taps.
    const nhwc = { ...pointwise, dataFormat: 'NHWC' as const };
    const w = this.gemmPacking(nhwc, pointwiseFilter);
    // The depthwise result stays NHWC in the arena, rounded to float32 as the
    // reference's intermediate tensor is; the pointwise stage reads it in place.
    const mid = yield* this.depthwiseStage(depthwise, input, depthwiseFilter, null, 'linear');
    return yield* this.gemmStage(nhwc, mid, w.ptr, bias, activation, 'pointwise', meanwhile);
  }

  /**
   * A chain: the input copied in once, every stage reading the one before's
   * NHWC result where it lies in the arena, one copy out at the end.
   */
  private *runChain(x: TensorLike, stages: unknown, options: ChainOptions & { signal?: AbortSignal }): OpRun<Tensor> {
    const xt = asTensor('chain', 'x', x);
    const calls = prepareChain(xt.shape, stages, options);
    this.begin(options.signal);
    const t0 = performance.now();
    const first = calls[0];
    let at = this.copyIn(first.op === 'separableConv2d' ? first.depthwise : first.info, xt.data);
    this.time('packing', t0);
    let info!: ConvInfo;
    let pending: Activation = 'linear';
    for (const [i, call] of calls.entries()) {
      const last = i === calls.length - 1;
      info = call.op === 'separableConv2d' ? call.pointwise : call.info;
      const meanwhile = last ? this.prepareResult(info) : undefined;
      // Activations the kernels do not fuse are applied in place (the last by copyOut).
      pending = call.activation in FUSED_ACTIVATIONS ? 'linear' : call.activation;
      if (call.op === 'separableConv2d') {
        at = yield* this.separableStages(call.depthwise, call.pointwise, at, call.depthwiseFilter.data, call.pointwiseFilter.data, call.bias, call.activation, meanwhile);
      } else if (call.op === 'depthwiseConv2d') {
        at = yield* this.depthwiseStage(call.info, at, call.filter.data, call.bias, call.activation, meanwhile);
      } else {
        const w = this.gemmPacking(call.info, call.filter.data);
        if (w.finite) {
          at = yield* this.gemmStage(call.info, at, w.ptr, call.bias, call.activation, call.op === 'conv2d' ? 'conv' : 'pointwise', meanwhile);
        } else {
          at = this.referenceStage(call, at);
          pending = 'linear';
          meanwhile?.();
        }
      }
      if (!last && pending !== 'linear') {
        applyActivation(this.arena.floats.subarray(at >> 2, (at >> 2) + sizeOf(info.outShape)), pending);
      }
    }
    return this.copyOut(info, at, pending);
  }

  /**
   * A chain's conv2d or pointwise stage whose filter is not finite, on the
   * reference (which skips padding taps the GEMM would multiply by zero):
   * from the NHWC input in the arena to an NHWC result there, activated.
   */
  private referenceStage(call: Extract<StageCall, { op: 'conv2d' | 'pointwiseConv2d' | 'depthwiseConv2d' }>, at: number): number {
    const info = { ...call.info, dataFormat: 'NHWC' as const };
    const x = this.arena.floats.slice(at >> 2, (at >> 2) + info.batch * info.inHeight * info.inWidth * info.inChannels);
    const out = new Float32Array(info.batch * info.outHeight * info.outWidth * info.outChannels);
    (call.op === 'conv2d' ? conv2dReference : pointwiseReference)(info, x, call.filter.data, out, call.bias, call.activation);
    const ptr = this.arena.alloc(out.length);
    this.arena.floats.set(out, ptr >> 2);
    return ptr;
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
  const haveShared = typeof SharedArrayBuffer !== 'undefined'
    && (typeof (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== 'boolean' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  let shared = threads > 1;
  if (threads > 1 && options.sharedMemory === false) { reason = 'shared memory was turned off (sharedMemory: false)'; shared = false; }
  else if (threads > 1 && !haveShared) { reason = 'SharedArrayBuffer is unavailable (the page is not cross-origin isolated)'; shared = false; }
  if (!shared) threads = 1;
  const { module, flavour } = await loadKernelModule(shared, options.simd);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared });
  const kernels = instantiate(module, memory);
  const respawn = () => Pool.create(threads, module, memory);
  const pool = threads > 1 ? await respawn() : null;
  return new FastEngine(kernels, memory, pool, pool && respawn, flavour, reason, options);
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
  const engine = new FastEngine(instantiate(module, memory), memory, null, null, flavour, null);
  return Object.freeze({
    threads: 1 as const,
    simd: flavour,
    conv2d: (...args: unknown[]) => engine.runSync('conv2d', args),
    depthwiseConv2d: (...args: unknown[]) => engine.runSync('depthwiseConv2d', args),
    pointwiseConv2d: (...args: unknown[]) => engine.runSync('pointwiseConv2d', args),
    separableConv2d: (...args: unknown[]) => engine.runSync('separableConv2d', args),
    chain: (...args: unknown[]) => engine.runSync('chain', args),
    profile: (op: OpName, ...args: unknown[]) => engine.profileSync(op, args),
  });
}
