// Shell requests run one at a time, in the order they came. After an
// execution fails, the executions already waiting are not run but answered
// "aborted" (execute_request's stop_on_error, on by default), as a notebook's
// "run all" expects: nothing runs on top of a failure.
import type { Content, Message } from './message.js';

/** Handles a request up to its reply; `finish` then ends it (the idle status). */
export type Run = (request: Message) => Promise<Content | null>;
export type Finish = (request: Message) => void;
export type Abort = (request: Message) => Promise<void>;

export class ShellQueue {
  readonly #waiting: Message[] = [];
  #wake: (() => void) | null = null;
  #stopped = false;
  readonly done: Promise<void>;

  constructor(run: Run, finish: Finish, abort: Abort) {
    this.done = this.#loop(run, finish, abort);
  }

  push(request: Message): void {
    this.#waiting.push(request);
    this.#wake?.();
    this.#wake = null;
  }

  /** Runs nothing more; what is waiting stays unanswered, as the kernel is going away. */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  async #loop(run: Run, finish: Finish, abort: Abort): Promise<void> {
    for (;;) {
      while (!this.#waiting.length && !this.#stopped) await new Promise<void>((resolve) => { this.#wake = resolve; });
      if (this.#stopped) return;
      const request = this.#waiting.shift()!;
      const reply = await run(request);
      // Aborting comes before the failed request's idle status: a client that waits for idle
      // before sending more (as notebooks do) never has its next request aborted.
      if (reply?.status === 'error' && request.header.msg_type === 'execute_request' && request.content.stop_on_error !== false) {
        // One turn of the event loop lets the socket hand over what has already arrived, as ipykernel flushes its queue.
        await new Promise((resolve) => setImmediate(resolve));
        const executions = this.#waiting.filter((m) => m.header.msg_type === 'execute_request');
        this.#waiting.splice(0, this.#waiting.length, ...this.#waiting.filter((m) => !executions.includes(m)));
        for (const execution of executions) await abort(execution);
      }
      finish(request);
    }
  }
}
