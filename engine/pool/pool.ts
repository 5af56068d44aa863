// The worker pool: N threads on one shared WebAssembly.Memory, fed through
// the job descriptor in engine/pool/control.ts. One job at a time; the
// calling thread waits asynchronously (Atomics.waitAsync), so an AbortSignal
// can still fire and stop the workers at their next tile.
import { C, MAX_WORKERS } from './control.js';
import { spawnThread, type Thread } from './spawn.js';

export interface JobStats { tiles: number[]; ms: number[] }

export class JobError extends Error {}

type WaitAsync = { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: unknown } };

export class Pool {
  readonly size: number;
  private readonly threads: Thread[];
  private readonly ctl: Int32Array;
  private readonly ms: Float64Array;
  private readonly control: SharedArrayBuffer;
  private broken: Error | null = null;
  private disposing = false;
  /** Threads that have not exited. */
  live: number;

  private constructor(threads: Thread[], control: SharedArrayBuffer) {
    this.threads = threads;
    this.size = threads.length;
    this.control = control;
    this.ctl = new Int32Array(control);
    this.ms = new Float64Array(control, C.MS, MAX_WORKERS);
    this.live = threads.length;
    threads.forEach((t, id) => void t.exited.then(() => {
      this.live--;
      if (!this.disposing) this.fail(new Error(`worker ${id} exited unexpectedly`));
    }));
    for (const t of threads) t.onError((e) => this.fail(e));
  }

  /** A thread died outside a kernel: this pool cannot finish jobs any more. */
  get failed(): Error | null {
    return this.broken;
  }

  private fail(error: Error): void {
    this.broken ??= error;
    Atomics.store(this.ctl, C.ABORT, 1);
    Atomics.notify(this.ctl, C.DONE);
  }

  static async create(size: number, module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<Pool> {
    const control = new SharedArrayBuffer(C.BYTES);
    const url = new URL('./worker.js', import.meta.url);
    const threads = await Promise.all(Array.from({ length: Math.min(size, MAX_WORKERS) }, () => spawnThread(url)));
    threads.forEach((t, id) => t.post({ module, memory, control, id }));
    return new Pool(threads, control);
  }

  /** Runs `count` tiles of kernel `kernel` on the workers; resolves with per-worker stats. */
  async run(kernel: number, params: number, count: number, signal?: AbortSignal, meanwhile?: () => void): Promise<JobStats> {
    if (this.broken) throw this.broken;
    const ctl = this.ctl;
    ctl[C.KERNEL] = kernel; ctl[C.PARAMS] = params; ctl[C.COUNT] = count;
    ctl[C.NEXT] = 0; ctl[C.DONE] = 0; ctl[C.ERROR] = 0; ctl[C.ERROR_LEN] = 0;
    Atomics.store(ctl, C.ABORT, 0);
    const abort = () => Atomics.store(ctl, C.ABORT, 1);
    signal?.addEventListener('abort', abort);
    // Workers are unref'd so an idle pool never keeps Node alive, and a
    // pending Atomics.waitAsync does not count either: a timer does.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      Atomics.add(ctl, C.GEN, 1);
      Atomics.notify(ctl, C.GEN);
      // The calling thread is free until the workers finish.
      meanwhile?.();
      for (;;) {
        const done = Atomics.load(ctl, C.DONE);
        if (done >= this.size) break;
        if (this.broken) throw this.broken;
        // A timeout keeps a dead worker from hanging the op forever.
        const wait = (Atomics as unknown as WaitAsync).waitAsync(ctl, C.DONE, done, 1000);
        if (wait.async) await wait.value;
      }
    } finally {
      clearInterval(keepAlive);
      signal?.removeEventListener('abort', abort);
    }
    if (Atomics.load(ctl, C.ERROR)) {
      const text = new TextDecoder().decode(new Uint8Array(this.control, C.ERROR_TEXT, ctl[C.ERROR_LEN]).slice());
      throw new JobError(text);
    }
    return {
      tiles: Array.from({ length: this.size }, (_, i) => ctl[C.TILES + i]),
      ms: Array.from({ length: this.size }, (_, i) => this.ms[i]),
    };
  }

  /** Test hook: ends one thread as a crash would. */
  async debugTerminate(id: number): Promise<void> {
    await this.threads[id].terminate();
    await this.threads[id].exited;
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    Atomics.store(this.ctl, C.STOP, 1);
    Atomics.add(this.ctl, C.GEN, 1);
    Atomics.notify(this.ctl, C.GEN);
    await Promise.all(this.threads.map((t) => t.terminate()));
    await Promise.all(this.threads.map((t) => t.exited));
  }
}
