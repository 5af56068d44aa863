// One small interface over the two kinds of thread: Node's worker_threads
// and the browser's Web Workers, chosen at run time. Nothing DOM-typed leaks
// out: the pool only posts one start message and listens for errors.
export interface Thread {
  post(message: unknown): void;
  onError(listener: (error: Error) => void): void;
  terminate(): Promise<void>;
  /** Resolves when the thread has ended. */
  readonly exited: Promise<void>;
}

export async function spawnThread(url: URL): Promise<Thread> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(url);
    worker.unref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    return {
      exited,
      post: (m) => worker.postMessage(m),
      onError: (f) => { worker.on('error', f); },
      terminate: async () => { await worker.terminate(); },
    };
  }
  type WebWorker = { postMessage(m: unknown): void; addEventListener(e: string, f: (ev: { message?: string }) => void): void; terminate(): void };
  const Ctor = (globalThis as unknown as { Worker: new (url: URL, o: { type: string }) => WebWorker }).Worker;
  const worker = new Ctor(url, { type: 'module' });
  let ended!: () => void;
  const exited = new Promise<void>((resolve) => { ended = resolve; });
  return {
    exited,
    post: (m) => worker.postMessage(m),
    onError: (f) => worker.addEventListener('error', (ev) => f(new Error(ev.message ?? 'worker error'))),
    terminate: async () => { worker.terminate(); ended(); },
  };
}
