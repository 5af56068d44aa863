// What every peer's runner offers its child process: prepare a layer once,
// then run it many times. Layouts are each library's native form (NHWC for
// Kernelbook and tfjs, NCHW for ONNX Runtime); output() converts to NHWC only
// for the cross-check, outside the timed calls.
import type { Layer } from '../layers.js';

export interface PreparedLayer {
  /** One timed call: the whole layer, output read back into JS memory. */
  run(): Promise<void>;
  /** The layer's output in NHWC, for comparing runners. */
  output(): Promise<Float32Array>;
  dispose(): void;
}

export interface Runner {
  /** Threads the library reports it is using (may be fewer than asked for). */
  threads: number;
  note?: string;
  prepare(layer: Layer): Promise<PreparedLayer>;
  close(): Promise<void>;
}

export type RunnerKind = 'kernelbook' | 'kernelbook-ref' | 'tfjs-wasm' | 'tfjs-cpu' | 'ort-web' | 'ort-node';

export async function createRunner(kind: RunnerKind, threads: number): Promise<Runner> {
  switch (kind) {
    case 'kernelbook':
    case 'kernelbook-ref':
      return (await import('./kernelbook.js')).createKernelbookRunner(kind === 'kernelbook-ref' ? 'ref' : 'engine', threads);
    case 'tfjs-wasm':
    case 'tfjs-cpu':
      return (await import('./tfjs.js')).createTfjsRunner(kind === 'tfjs-wasm' ? 'wasm' : 'cpu');
    case 'ort-web':
    case 'ort-node':
      return (await import('./ort.js')).createOrtRunner(kind === 'ort-web' ? 'web' : 'node', threads);
  }
}
