// Running an op on the calling thread alone, synchronously: the sync engine's
// driver, and how every engine runs jobs too small to wake the pool for.
import { STALE, type Job } from './job.js';
import type { Observer } from './profiler.js';
import { contextOf, type OpBody, type OpContext, type Workspace } from './workspace.js';

type TileKernel = (params: number, tile: number) => void;

export function tileKernel(ctx: OpContext, job: Job): TileKernel {
  return ctx.kernels[job.kernel] as TileKernel;
}

/**
 * Runs tiles `from`.. of `count` until they are done or the clock passes
 * `until` (ms); returns the next tile to run. A plain function so the hot
 * loop is optimised on its own: inside the async loops that call it, the
 * same loop ran a small layer measurably slower.
 */
export function runTiles(kernel: TileKernel, params: number, from: number, count: number, until: number): number {
  let t = from;
  while (t < count) {
    kernel(params, t++);
    if (performance.now() > until) break;
  }
  return t;
}

/** Whether the packings the op reused still match their filters (checked before a job's result counts). */
export function packingsFresh(ctx: OpContext): boolean {
  return !ctx.cache.unchecked || ctx.cache.verify(ctx.arena.floats.buffer);
}

/** Runs a job's tiles here, then its `meanwhile`; throws STALE if a reused packing changed. */
export function runJobHere(ctx: OpContext, job: Job): void {
  const t0 = performance.now();
  if (!packingsFresh(ctx)) throw STALE;
  const kernel = tileKernel(ctx, job);
  for (let t = 0; t < job.tiles; t++) kernel(job.params, t);
  ctx.observer.threads({ tiles: [job.tiles], ms: [performance.now() - t0], wait: [0] });
  job.meanwhile?.();
  ctx.observer.phase(job.phase, performance.now() - t0);
}

/** Runs an op to the end on the calling thread, again from the start whenever a reused packing turns out stale. */
export function runHere<T>(ws: Workspace, start: OpBody<T>, observer: Observer): T {
  const ctx = contextOf(ws, observer);
  for (;;) {
    ws.cache.beginAttempt();
    const ops = start(ctx);
    try {
      let step = ops.next();
      while (!step.done) {
        runJobHere(ctx, step.value);
        step = ops.next();
      }
      return step.value;
    } catch (error) {
      if (error !== STALE) throw error;
    }
  }
}
