// The job descriptor the calling thread and the workers share: one
// Int32Array on a SharedArrayBuffer. A job is published by bumping GEN and
// notifying; workers grab tiles with Atomics.add on NEXT, stop early when
// ABORT is set, and count themselves out on DONE.
export const C = {
  GEN: 0, KERNEL: 1, PARAMS: 2, COUNT: 3, NEXT: 4, DONE: 5, ABORT: 6, ERROR: 7, STOP: 8,
  /** Per-worker tile counts start here (one word per worker). */
  TILES: 16,
  /** Error message bytes (UTF-8, length in ERROR_LEN). */
  ERROR_LEN: 9, ERROR_TEXT: 4096, ERROR_BYTES: 1024,
  /** Per-worker milliseconds as float64, byte offset. */
  MS: 2048,
  BYTES: 8192,
} as const;

export const MAX_WORKERS = 64;
