// Picks and compiles the kernel module: relaxed SIMD when the runtime
// validates it (Node 20 needs a V8 flag first), plain SIMD otherwise; shared
// memory for threads, private memory for the single-thread fallback.
import * as embedded from './kernels.generated.js';

export type Flavour = 'relaxed' | 'simd';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') return Uint8Array.from(Buffer.from(base64, 'base64'));
  const s = atob(base64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

let flagSet: Promise<void> | null = null;
async function enableRelaxedSimdInNode(): Promise<void> {
  const node = typeof process !== 'undefined' && process.versions?.node;
  if (!node) return;
  flagSet ??= import('node:v8').then((v8) => v8.setFlagsFromString('--experimental-wasm-relaxed-simd')).catch(() => {});
  await flagSet;
}

export async function loadKernelModule(shared: boolean, flavour?: Flavour): Promise<{ module: WebAssembly.Module; flavour: Flavour }> {
  await enableRelaxedSimdInNode();
  const relaxed = decode(shared ? embedded.relaxed_shared : embedded.relaxed_private);
  const chosen: Flavour = flavour ?? (WebAssembly.validate(relaxed) ? 'relaxed' : 'simd');
  const bytes = chosen === 'relaxed' ? relaxed : decode(shared ? embedded.simd_shared : embedded.simd_private);
  return { module: await WebAssembly.compile(bytes), flavour: chosen };
}

export interface KernelExports {
  [name: string]: unknown;
  /** Packs [K][N] weights into 8-column blocks; returns 1 if every weight is finite. */
  pack_gemm_weights(src: number, dst: number, K: number, N: number): number;
  pack_dw_weights(src: number, dst: number, taps: number, C: number, M: number, C4: number): void;
}

export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
