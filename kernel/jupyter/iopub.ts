// What the kernel publishes on IOPub, in order. Cell output belongs to the
// execute request that is running (or, for a re-run a generator or timer
// causes later, to the last one), so that parent is kept here rather than
// passed around. Stream text is gathered and sent as one message per burst.
//
// A display is rendered after the display() call returns, while console
// text is written at once; so a display() call holds back the stream text
// written after it (hold) until its output is published (publish with
// `release`), and `console.log(a); display(b); console.log(c)` arrives as
// a, b, c.
import type { Content, Message } from './message.js';

export type StreamName = 'stdout' | 'stderr';
export type Publish = (msgType: string, content: Content, parent: Message | null) => void;

type Item = { name: StreamName; text: string; parent: Message | null } | 'hold';

export class IOPub {
  /** The execute request cell output is published under. */
  executing: Message | null = null;
  readonly #send: Publish;
  #queue: Item[] = [];
  #scheduled = false;

  constructor(send: Publish) {
    this.#send = send;
  }

  /** Sends a message after the stream text ahead of it; `release` lets go of the oldest hold first. */
  publish(msgType: string, content: Content, parent: Message | null = this.executing, release = false): void {
    this.flush();
    if (release && this.#queue[0] === 'hold') this.#queue.shift();
    this.#send(msgType, content, parent);
    if (this.#queue.length) this.#schedule();
  }

  stream(name: StreamName, text: string): void {
    if (!text) return;
    const last = this.#queue[this.#queue.length - 1];
    if (last && last !== 'hold' && last.name === name && last.parent === this.executing) last.text += text;
    else this.#queue.push({ name, text, parent: this.executing });
    this.#schedule();
  }

  /** Stream text written from now on waits for the next released publish. */
  hold(): void {
    this.#queue.push('hold');
  }

  /** Lets go of every hold (a display that never came, an execution that ended). */
  releaseAll(): void {
    this.#queue = this.#queue.filter((item) => item !== 'hold');
    this.flush();
  }

  /** Sends the stream text that no hold keeps back. */
  flush(): void {
    this.#scheduled = false;
    while (this.#queue.length && this.#queue[0] !== 'hold') {
      const { name, text, parent } = this.#queue.shift() as Exclude<Item, 'hold'>;
      this.#send('stream', { name, text }, parent);
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.flush());
  }
}
