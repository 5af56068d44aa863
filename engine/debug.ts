// Test hooks of the async engine, kept off its public face: a test asks for
// an engine's debug handle with engineDebug(engine). Not exported from the
// package (engine/index.ts); tests import it from dist/engine/debug.js.
import type { OpBody } from './fast/workspace.js';
import type { Engine } from './engine.js';

interface Hooks {
  readonly liveWorkers: number;
  lastJob(): { tiles: number; computed: number } | null;
  killWorker(id: number): Promise<void>;
  holdWorkers(held: boolean): void;
  /** Runs an op body through the engine's queue. */
  schedule<T>(body: OpBody<T>): Promise<T>;
}

export interface EngineDebug {
  /** Worker threads still running (0 after dispose). */
  readonly liveWorkers: number;
  /** Tiles of the last job that ran on the pool, and how many were computed before it ended. */
  lastJob(): { tiles: number; computed: number } | null;
  /** Ends worker `id` (1..threads-1) as a crash would. */
  killWorker(id: number): Promise<void>;
  /** While `held`, woken workers wait before joining a job, as threads the OS has not run yet would. */
  holdWorkers(held: boolean): void;
  /** Runs a kernel that traps on tile `tile` of `tiles`, on the workers if there are any. */
  trap(tile: number, tiles?: number): Promise<void>;
}

const hooks = new WeakMap<object, Hooks>();

export function registerDebug(engine: Engine, h: Hooks): void {
  hooks.set(engine, h);
}

export function engineDebug(engine: Engine): EngineDebug {
  const h = hooks.get(engine);
  if (!h) throw new Error('engineDebug: not an engine made by createEngine');
  return {
    get liveWorkers() { return h.liveWorkers; },
    lastJob: () => h.lastJob(),
    killWorker: (id) => h.killWorker(id),
    holdWorkers: (held) => h.holdWorkers(held),
    trap: (tile, tiles = 64) => h.schedule(function* (ctx) {
      ctx.arena.reset();
      const p = ctx.arena.alloc(4);
      ctx.arena.ints[p >> 2] = tile;
      // Infinite multiply-adds: never small enough to stay off the pool.
      yield { kernel: 'debug_trap', params: p, tiles, macs: Infinity, phase: 'conv' };
    }),
  };
}
