// The worker pool: the calling thread and N-1 workers on one shared
// WebAssembly.Memory, fed through the job descriptor in
// engine/pool/control.ts. One job at a time. The calling thread takes tiles
// from the same counter as the workers (no wake-up wait for its share, and
// no third thread on a two-core machine), yielding to the event loop every
// few milliseconds so an abort can still arrive and stop everyone at the
// next tile. It waits at the end only for workers that joined the job: one
// that wakes late (after a pause, or on a core another program holds) would
// otherwise hold up a job it did none of (see control.ts).
import { C, MAX_WORKERS } from './control.js';
import { spawnThread, type Thread } from './spawn.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

export interface JobStats {
  tiles: number[];
  ms: number[];
  /** Per thread, ms from the job's publication to the thread's first tile: waking up (a worker) or the job's `meanwhile` (the calling thread). */
  wait: number[];
}

export class JobError extends Error {}

/** A kernel as the calling thread runs it: its own instance on the shared memory. */
export type LocalKernel = (params: number, tile: number) => void;

type WaitAsync = { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: unknown } };

// The calling thread gives the event loop a turn this often while it computes.
const SLICE_MS = 4;
// After its last tile the calling thread spins this long for the workers'
// last tiles before it sleeps: a waitAsync wake-up costs tens of µs.
const SPIN_MS = 0.2;


const NONE = Symbol('no error');

/**
 * The calling thread's share: takes tiles from the shared counter until none
 * is left, the job is aborted, or the clock passes `until` (ms). A plain
 * function so its loop is optimised on its own, outside run()'s async body.
 */
function takeTiles(ctl: Int32Array, local: LocalKernel, params: number, count: number, until: number): { tiles: number; more: boolean; error: unknown } {
  let tiles = 0;
  while (!Atomics.load(ctl, C.ABORT)) {
    const t = Atomics.add(ctl, C.NEXT, 1);
    if (t >= count) return { tiles, more: false, error: NONE };
    try {
      local(params, t);
    } catch (error) {
      return { tiles, more: false, error };
    }
    tiles++;
    if (performance.now() > until) return { tiles, more: true, error: NONE };
  }
  return { tiles, more: false, error: NONE };
}

export class Pool {
  /** Threads computing a job, the calling thread included. */
  readonly size: number;
  private readonly threads: Thread[];
  private readonly ctl: Int32Array;
  private readonly ms: Float64Array;
  private readonly picked: Float64Array;
  private readonly control: SharedArrayBuffer;
  private broken: Error | null = null;
  private disposing = false;
  /** Worker threads that have not exited. */
  live: number;

  private constructor(threads: Thread[], control: SharedArrayBuffer) {
    this.threads = threads;
    this.size = threads.length + 1;
    this.control = control;
    this.ctl = new Int32Array(control);
    this.ms = new Float64Array(control, C.MS, MAX_WORKERS);
    this.picked = new Float64Array(control, C.PICKED, MAX_WORKERS);
    this.live = threads.length;
    threads.forEach((t, id) => void t.exited.then(() => {
      this.live--;
      if (!this.disposing) this.fail(new Error(`worker ${id + 1} exited unexpectedly`));
    }));
    for (const t of threads) t.onError((e) => this.fail(e));
  }

  /** A thread died outside a kernel: this pool cannot finish jobs any more. */
  get failed(): Error | null {
    return this.broken;
  }

  private fail(error: Error): void {
    this.broken ??= error;
    Atomics.store(this.ctl, C.ABORT, 1);
    Atomics.notify(this.ctl, C.ACTIVE);
  }

  /** A pool of `size` threads: the calling thread and size - 1 workers. */
  static async create(size: number, module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<Pool> {
    const control = new SharedArrayBuffer(C.BYTES);
    const url = new URL('./worker.js', import.meta.url);
    const threads = await Promise.all(Array.from({ length: Math.min(size, MAX_WORKERS) - 1 }, () => spawnThread(url)));
    threads.forEach((t, i) => t.post({ module, memory, control, id: i + 1 }));
    return new Pool(threads, control);
  }

  /**
   * Runs `count` tiles of kernel `kernel` (`local` on the calling thread) on
   * every thread; resolves with per-thread stats, the calling thread first.
   * `meanwhile` runs on the calling thread once the workers are woken;
   * stop() ends the job early.
   */
  async run(kernel: number, local: LocalKernel, params: number, count: number, meanwhile?: () => void): Promise<JobStats> {
    if (this.broken) throw this.broken;
    const ctl = this.ctl;
    const workers = this.size - 1;
    const gen = (ctl[C.GEN] + 1) | 0;
    ctl[C.KERNEL] = kernel; ctl[C.PARAMS] = params; ctl[C.COUNT] = count;
    ctl[C.NEXT] = 0; ctl[C.ERROR] = 0; ctl[C.ERROR_LEN] = 0;
    for (let i = 1; i <= workers; i++) { ctl[C.TILES + i] = 0; this.ms[i] = 0; this.picked[i] = 0; }
    Atomics.store(ctl, C.ABORT, 0);
    // Workers are unref'd so an idle pool never keeps Node alive, and a
    // pending Atomics.waitAsync does not count either: a timer does.
    const keepAlive = setInterval(() => {}, 1 << 30);
    let tiles = 0, busyMs = 0, yieldedMs = 0, error: unknown = null;
    const published = performance.now();
    let t0 = published, closed = published;
    try {
      Atomics.store(ctl, C.OPEN, gen);
      Atomics.store(ctl, C.GEN, gen);
      Atomics.notify(ctl, C.GEN);
      meanwhile?.();
      t0 = performance.now();
      for (let until = t0 + SLICE_MS; ;) {
        const taken = takeTiles(ctl, local, params, count, until);
        tiles += taken.tiles;
        if (taken.error !== NONE) {
          // The first error wins; the workers stop at their next tile.
          if (Atomics.compareExchange(ctl, C.ERROR, 0, 1) === 0) error = taken.error;
          Atomics.store(ctl, C.ABORT, 1);
          break;
        }
        if (!taken.more) break;
        const y0 = performance.now();
        await yieldToEventLoop();
        until = performance.now();
        yieldedMs += until - y0;
        until += SLICE_MS;
      }
      busyMs = performance.now() - t0 - yieldedMs;
      // No tile is left to hand out: a worker that has not joined by now is not waited for.
      Atomics.store(ctl, C.OPEN, 0);
      closed = performance.now();
      const spinUntil = closed + SPIN_MS;
      for (;;) {
        const active = Atomics.load(ctl, C.ACTIVE);
        if (active === 0) break;
        if (this.broken) throw this.broken;
        if (performance.now() < spinUntil) continue;
        // A timeout keeps a dead worker from hanging the op forever.
        const wait = (Atomics as unknown as WaitAsync).waitAsync(ctl, C.ACTIVE, active, 1000);
        if (wait.async) await wait.value;
      }
      // A thread that died stopped the job (its tiles may be lost), whether or not it had joined.
      if (this.broken) throw this.broken;
    } finally {
      clearInterval(keepAlive);
    }
    if (error !== null) throw new JobError(`calling thread: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    if (Atomics.load(ctl, C.ERROR)) {
      const text = new TextDecoder().decode(new Uint8Array(this.control, C.ERROR_TEXT, ctl[C.ERROR_LEN]).slice());
      throw new JobError(text);
    }
    const origin = performance.timeOrigin;
    return {
      tiles: [tiles, ...Array.from({ length: workers }, (_, i) => ctl[C.TILES + i + 1])],
      ms: [busyMs, ...Array.from({ length: workers }, (_, i) => this.ms[i + 1])],
      // A worker that never joined waited the whole job.
      wait: [t0 - published, ...Array.from({ length: workers }, (_, i) => (this.picked[i + 1] ? this.picked[i + 1] - origin : closed) - published)],
    };
  }

  /** Test hook: while `held`, woken workers wait before joining a job, as threads the OS has not run yet. */
  debugHold(held: boolean): void {
    Atomics.store(this.ctl, C.HOLD, held ? 1 : 0);
    if (!held) Atomics.notify(this.ctl, C.HOLD);
  }

  /** Stops the job in flight at every thread's next tile; run() then resolves as an aborted job does. */
  stop(): void {
    Atomics.store(this.ctl, C.ABORT, 1);
  }

  /** Test hook: ends worker `id` (1..size-1) as a crash would. */
  async debugTerminate(id: number): Promise<void> {
    await this.threads[id - 1].terminate();
    await this.threads[id - 1].exited;
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    // A job still in flight ends now, with this error, instead of waiting for threads that are about to go.
    this.fail(new Error('engine: the engine was disposed'));
    Atomics.store(this.ctl, C.STOP, 1);
    Atomics.add(this.ctl, C.GEN, 1);
    Atomics.notify(this.ctl, C.GEN);
    this.debugHold(false);
    await Promise.all(this.threads.map((t) => t.terminate()));
    await Promise.all(this.threads.map((t) => t.exited));
  }
}
