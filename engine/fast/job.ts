// What an op body yields: one kernel run over a number of tiles. Op bodies
// are generators (see plan.ts), so the same lines of op code run on the pool
// (pool-driver.ts) and in place on the calling thread (here-driver.ts).
import type { KernelName } from '../wasm/params.js';

/** Where an op's time goes, for profiles. */
export type Phase = 'packing' | 'depthwise' | 'pointwise' | 'conv' | 'epilogue';

export interface Job {
  kernel: KernelName;
  /** Byte offset of the job's parameter block in the engine's memory. */
  params: number;
  tiles: number;
  macs: number;
  phase: Phase;
  /** Runs on the calling thread while the workers compute (after the tiles when alone). */
  meanwhile?: () => void;
  /** Jobs under this many multiply-adds stay on the calling thread (default: the engine's smallJobMacs). */
  small?: number;
}

/** An op's body: yields its jobs in order and returns its result. */
export type OpRun<T> = Generator<Job, T, void>;

/** Thrown inside an op whose reused packing no longer matches its filter: the op runs again. */
export const STALE = Symbol('stale packing');

export function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** What every call on a disposed engine, and every call still pending when it was disposed, rejects with. */
export function disposedError(): Error {
  return new Error('engine: the engine was disposed');
}
