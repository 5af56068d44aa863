// Running an op's jobs asynchronously: big ones on the worker pool, small ones
// on the calling thread. Owns the pool: replaces it when a thread dies, and
// runs an op again from the start when a reused packing turned out stale or
// (once) when its pool died under it.
import { Pool, type JobStats } from '../pool/pool.js';
import { yieldToEventLoop } from '../pool/yield-to-event-loop.js';
import { KERNELS } from '../wasm/params.js';
import { STALE, type Job } from './job.js';
import type { Observer } from './profiler.js';
import type { Stop } from './stop.js';
import { packingsFresh, runJobHere, runTiles, tileKernel } from './run-here.js';
import { contextOf, type OpBody, type OpContext, type Workspace } from './workspace.js';

// Without a pool, a long job gives the event loop a turn this often, so an
// abort is seen and the page or process stays responsive.
const SLICE_MS = 4;

/** A job lost to a thread that died: the pool was replaced and the op may run again. */
class PoolFailure extends Error {}

export class PoolDriver {
  #pool: Pool | null;
  readonly #spawn: (() => Promise<Pool>) | null;
  #disposed = false;
  /** Tiles of the last pool job and how many were computed (a cancelled job computes fewer). */
  lastJob: { tiles: number; computed: number } | null = null;

  /** `pool` null runs every job on the calling thread. */
  constructor(pool: Pool | null, spawn: (() => Promise<Pool>) | null) {
    this.#pool = pool;
    this.#spawn = spawn;
  }

  get threads(): number {
    return this.#pool?.size ?? 1;
  }

  /** Worker threads still running (0 after dispose). */
  get liveWorkers(): number {
    return this.#pool?.live ?? 0;
  }

  /** Runs an op to the end; rejects with `stop.reason` once `stop` aborts. */
  async run<T>(ws: Workspace, start: OpBody<T>, observer: Observer, stop: Stop): Promise<T> {
    const ctx = contextOf(ws, observer);
    let retries = 1;
    for (;;) {
      ws.cache.beginAttempt();
      const ops = start(ctx);
      try {
        let step = ops.next();
        while (!step.done) {
          await this.#job(ctx, step.value, stop);
          step = ops.next();
        }
        return step.value;
      } catch (error) {
        if (error === STALE) continue;
        if (error instanceof PoolFailure && retries-- > 0) continue;
        throw error instanceof PoolFailure ? error.cause : error;
      }
    }
  }

  async #job(ctx: OpContext, job: Job, stop: Stop): Promise<void> {
    stop.throwIfAborted();
    if (this.#pool?.failed) await this.#replace();
    const pool = this.#pool;
    if (!pool) return this.#jobAlone(ctx, job, stop);
    if (!(job.macs >= (job.small ?? ctx.tuning.smallJobMacs) && job.tiles > 1)) return runJobHere(ctx, job);
    const t0 = performance.now();
    let stale = false;
    // The check of reused packings runs here while the workers already compute.
    const checkThenMeanwhile = () => {
      if (!packingsFresh(ctx)) { stale = true; pool.stop(); }
      job.meanwhile?.();
    };
    let stats: JobStats;
    // Registered once the job is set up: pool.run clears the stop flag as it starts.
    const unlisten = stop.onAbort(() => pool.stop());
    try {
      stats = await pool.run(KERNELS.indexOf(job.kernel), tileKernel(ctx, job), job.params, job.tiles, checkThenMeanwhile);
    } catch (error) {
      stop.throwIfAborted();
      // A pool whose thread died is replaced, so one crash costs at most one attempt.
      if (pool.failed) {
        await this.#replace();
        throw new PoolFailure(pool.failed.message, { cause: error });
      }
      throw error;
    } finally {
      unlisten();
    }
    this.lastJob = { tiles: job.tiles, computed: stats.tiles.reduce((a, b) => a + b, 0) };
    stop.throwIfAborted();
    if (stale) throw STALE;
    ctx.observer.threads(stats);
    ctx.observer.phase(job.phase, performance.now() - t0);
  }

  /** A job on an engine without a pool: on the calling thread, with a turn for the event loop every few ms. */
  async #jobAlone(ctx: OpContext, job: Job, stop: Stop): Promise<void> {
    const t0 = performance.now();
    if (!packingsFresh(ctx)) throw STALE;
    const kernel = tileKernel(ctx, job);
    let yielded = 0;
    for (let t = runTiles(kernel, job.params, 0, job.tiles, t0 + SLICE_MS); t < job.tiles;) {
      const y0 = performance.now();
      await yieldToEventLoop();
      stop.throwIfAborted();
      const slice = performance.now();
      yielded += slice - y0;
      t = runTiles(kernel, job.params, t, job.tiles, slice + SLICE_MS);
    }
    ctx.observer.threads({ tiles: [job.tiles], ms: [performance.now() - t0 - yielded], wait: [0] });
    job.meanwhile?.();
    ctx.observer.phase(job.phase, performance.now() - t0 - yielded);
  }

  async #replace(): Promise<void> {
    const old = this.#pool!;
    this.#pool = null;
    await old.dispose().catch(() => {});
    if (!this.#disposed) this.#pool = await this.#spawn!();
  }

  /** Test hook: while `held`, woken workers wait before joining a job. */
  holdWorkers(held: boolean): void {
    this.#pool?.debugHold(held);
  }

  /** Test hook: ends worker `id` as a crash would. */
  async killWorker(id: number): Promise<void> {
    await this.#pool?.debugTerminate(id);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#pool?.dispose();
  }
}
