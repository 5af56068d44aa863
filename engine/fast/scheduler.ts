// The only way into an async engine: ops run one at a time, in the order
// they were called, because they share one arena. Profiles come through here
// too (a profile is an op with an observer). Each op gets a Stop (stop.ts) that
// aborts when its caller's signal does (an AbortError) or when the engine is
// disposed (a "disposed" error); a call stopped while still queued rejects at
// once and never runs.
import { abortError, disposedError } from './job.js';
import { Stop } from './stop.js';

export class Scheduler {
  #tail: Promise<void> = Promise.resolve();
  /** The stops of calls queued or running. */
  readonly #pending = new Set<Stop>();
  #released: Promise<void> | null = null;

  get disposed(): boolean {
    return this.#released !== null;
  }

  /** Runs `task` when every earlier call has settled. */
  run<T>(signal: AbortSignal | undefined, task: (stop: Stop) => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(disposedError());
    if (signal?.aborted) return Promise.reject(abortError());
    const stop = new Stop();
    const forward = () => stop.abort(abortError());
    signal?.addEventListener('abort', forward, { once: true });
    this.#pending.add(stop);
    let started = false;
    return new Promise<T>((resolve, reject) => {
      stop.onAbort(() => { if (!started) reject(stop.reason); });
      this.#tail = this.#tail.then(async () => {
        try {
          if (stop.aborted) return;
          started = true;
          resolve(await task(stop));
        } catch (error) {
          reject(error);
        } finally {
          this.#pending.delete(stop);
          signal?.removeEventListener('abort', forward);
        }
      });
    });
  }

  /**
   * Refuses new calls, stops every pending one (queued calls reject at once,
   * the running one at its next tile), then, once the running one has
   * settled, `release`s what the calls used. Resolves when that is done.
   */
  dispose(release: () => Promise<void>): Promise<void> {
    if (!this.#released) {
      for (const stop of this.#pending) stop.abort(disposedError());
      this.#released = this.#tail.then(release);
    }
    return this.#released;
  }
}
