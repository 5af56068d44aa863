// A pool thread: instantiates the kernel module on the shared memory, then
// sleeps on the job counter; each job it wakes for while the job is still
// open, it grabs tiles until none are left (or the job is aborted) and
// counts itself out (see control.ts). Runs the same
// in Node's worker_threads and in a browser Web Worker.

// After a job a worker watches the counter this long before it sleeps: ops
// come in runs (the stages of one op, the layers of a network) and a futex
// wake-up costs tens of µs, more than a short layer's share of work.
const SPIN_MS = 0.3;
import { C } from './control.js';
import { KERNELS } from '../wasm/params.js';

interface Start { module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer; id: number }

function run({ module, memory, control, id }: Start): void {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (p: number, t: number) => void>;
  const kernels = KERNELS.map((name) => exports[name]);
  const ctl = new Int32Array(control);
  const ms = new Float64Array(control, C.MS, 64);
  const picked = new Float64Array(control, C.PICKED, 64);
  // From 0, not the current value: the first job may be published before this thread starts.
  let seen = 0;
  for (;;) {
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(ctl, C.GEN) === seen && performance.now() < spinUntil);
    Atomics.wait(ctl, C.GEN, seen);
    const gen = Atomics.load(ctl, C.GEN);
    if (gen === seen) continue;
    seen = gen;
    while (Atomics.load(ctl, C.HOLD)) Atomics.wait(ctl, C.HOLD, 1);
    if (Atomics.load(ctl, C.STOP)) return;
    Atomics.add(ctl, C.ACTIVE, 1);
    // Too late: the calling thread has taken the last tile and gone on (or
    // a newer job is being published); back to sleep without touching it.
    if (Atomics.load(ctl, C.OPEN) !== gen) {
      leave(ctl);
      continue;
    }
    const kernel = kernels[ctl[C.KERNEL]], params = ctl[C.PARAMS], count = ctl[C.COUNT];
    const t0 = performance.now();
    // On the clock every thread shares, so the pool can tell how long waking took.
    picked[id] = performance.timeOrigin + t0;
    let tiles = 0;
    try {
      while (!Atomics.load(ctl, C.ABORT)) {
        const t = Atomics.add(ctl, C.NEXT, 1);
        if (t >= count) break;
        kernel(params, t);
        tiles++;
      }
    } catch (error) {
      // The first error wins; the others stop at their next tile.
      if (Atomics.compareExchange(ctl, C.ERROR, 0, 1) === 0) {
        const text = new TextEncoder().encode(`worker ${id}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`).slice(0, C.ERROR_BYTES);
        new Uint8Array(control, C.ERROR_TEXT, C.ERROR_BYTES).set(text);
        Atomics.store(ctl, C.ERROR_LEN, text.length);
      }
      Atomics.store(ctl, C.ABORT, 1);
    }
    ctl[C.TILES + id] = tiles;
    ms[id] = performance.now() - t0;
    leave(ctl);
  }
}

/** Counts this worker out of a job, waking the calling thread if it waits for the last one. */
function leave(ctl: Int32Array): void {
  if (Atomics.sub(ctl, C.ACTIVE, 1) === 1) Atomics.notify(ctl, C.ACTIVE);
}

type Port = { on?: (e: string, f: (m: Start) => void) => void; close?: () => void };
const g = globalThis as unknown as { addEventListener?: (e: string, f: (ev: { data: Start }) => void) => void; close?: () => void };
// No top-level await: a module that awaits is evaluated asynchronously, and
// Node 20's V8 can abort the whole process ("Check failed: (location_) !=
// nullptr" in SourceTextModule::ExecuteAsyncModule) when a worker is
// terminated then; an hour-long stress run of create/kill/dispose hit it once.
// getBuiltinModule (Node 20.16+) loads worker_threads synchronously, and a
// static import would break the browser bundle.
type NodeProcess = { getBuiltinModule?(id: string): unknown };
if (typeof process !== 'undefined' && process.versions?.node) {
  const listen = ({ parentPort }: { parentPort: unknown }) => {
    const port = parentPort as Port;
    port.on!('message', (m) => { run(m); port.close!(); });
  };
  const threads = (process as unknown as NodeProcess).getBuiltinModule?.('node:worker_threads') as { parentPort: unknown } | undefined;
  if (threads) listen(threads);
  else void import('node:worker_threads').then(listen);
} else {
  g.addEventListener!('message', (ev) => { run(ev.data); g.close?.(); });
}
