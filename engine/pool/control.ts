// The job descriptor the calling thread and the workers share: one
// Int32Array on a SharedArrayBuffer. A job is published by setting OPEN to
// its generation, then bumping GEN and notifying. A worker joins a job by
// counting itself in on ACTIVE and then finding OPEN still at the
// generation it woke for; it grabs tiles with Atomics.add on NEXT, stops
// early when ABORT is set, and counts itself out on ACTIVE. The calling
// thread closes the job (OPEN = 0) once no tile is left and waits only for
// the workers that joined: a worker still asleep, or on a core busy with
// something else, is not waited for, and when it comes it finds the job
// closed and touches nothing. (Sequentially consistent atomics: either the
// worker sees the job closed, or the calling thread sees it counted in.)
export const C = {
  GEN: 0, KERNEL: 1, PARAMS: 2, COUNT: 3, NEXT: 4, ACTIVE: 5, ABORT: 6, ERROR: 7, STOP: 8, OPEN: 10,
  /** Test hook: while set, woken workers wait before joining a job (as a thread the OS has not run yet). */
  HOLD: 12,
  /** Per-worker tile counts start here (one word per worker). */
  TILES: 16,
  /** Error message bytes (UTF-8, length in ERROR_LEN). */
  ERROR_LEN: 9, ERROR_TEXT: 4096, ERROR_BYTES: 1024,
  /** Per-worker milliseconds as float64, byte offset. */
  MS: 2048,
  /** Per-worker time (timeOrigin + now, float64) the worker picked up the job, byte offset. */
  PICKED: 2560,
  BYTES: 8192,
} as const;

export const MAX_WORKERS = 64;
