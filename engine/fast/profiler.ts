// Profiling as an observer: op bodies report the time of their own phases
// (packing, copying out), drivers report each job's time and per-thread
// stats. An op that is not profiled reports to UNOBSERVED, which keeps nothing.
import type { Cost } from '../cost.js';
import type { JobStats } from '../pool/pool.js';
import type { Phase } from './job.js';

export interface Profile {
  totalMs: number;
  phases: Record<Phase, number>;
  /**
   * Per thread: id 0 is the calling thread (which also runs small jobs
   * alone), 1..n-1 the workers. `waitMs`: from each pool job's start to the
   * thread's first tile, summed (a worker waking up; the calling thread's
   * work alongside, such as checking a reused packing).
   */
  threads: { id: number; ms: number; tiles: number; waitMs: number }[];
  /** cost() of the op: MACs, FLOPs, params and bytes from the shapes. */
  cost: Cost;
}

export interface Observer {
  /** `ms` more spent in `phase`. */
  phase(phase: Phase, ms: number): void;
  /** One job's tiles and busy time by thread. */
  threads(stats: JobStats): void;
}

export const UNOBSERVED: Observer = { phase() {}, threads() {} };

export class Profiler implements Observer {
  readonly #t0 = performance.now();
  readonly #phases: Record<Phase, number> = { packing: 0, depthwise: 0, pointwise: 0, conv: 0, epilogue: 0 };
  readonly #threads: Profile['threads'] = [];

  phase(phase: Phase, ms: number): void {
    this.#phases[phase] += ms;
  }

  threads(stats: JobStats): void {
    stats.tiles.forEach((tiles, id) => {
      let entry = this.#threads.find((e) => e.id === id);
      if (!entry) this.#threads.push(entry = { id, ms: 0, tiles: 0, waitMs: 0 });
      entry.ms += stats.ms[id];
      entry.tiles += tiles;
      entry.waitMs += stats.wait[id];
    });
  }

  /** The profile from this profiler's creation until now; the op's cost is worked out after the clock stops. */
  finish(cost: () => Cost): Profile {
    const totalMs = performance.now() - this.#t0;
    return { totalMs, phases: { ...this.#phases }, threads: this.#threads.map((t) => ({ ...t })), cost: cost() };
  }
}
