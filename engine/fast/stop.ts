// What tells a running op to stop: its caller aborted, or the engine was
// disposed. The scheduler makes one per call, so it is a plain object rather
// than an AbortController: in Node a controller with a listener costs ~11 µs
// to make and is a weak-referenced EventTarget the garbage collector tracks,
// a tenth of a small layer's time. Listeners run synchronously on abort, as
// an AbortSignal's do.
export class Stop {
  #reason: unknown = undefined;
  #aborted = false;
  #listeners: (() => void)[] = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why it stopped (an AbortError or the engine's "disposed" error); undefined while running. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Stops with `reason` and runs the listeners; a second abort changes nothing. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  throwIfAborted(): void {
    if (this.#aborted) throw this.#reason;
  }

  /** Runs `listener` on abort (at once if already stopped); returns what removes it. */
  onAbort(listener: () => void): () => void {
    if (this.#aborted) {
      listener();
      return () => {};
    }
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }
}
