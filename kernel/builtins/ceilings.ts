// The `ceilings` builtin: this machine's two roofline ceilings for one
// thread, measured live. Peak arithmetic: a WebAssembly loop of f32x4
// multiply-adds on twelve independent accumulators (enough to hide the
// instruction's latency), with the same SIMD flavour the engine's kernels
// use (relaxed fused multiply-add where it validates, else mul + add).
// Memory bandwidth: a loop of 16-byte loads streaming through a buffer four
// times the size of a typical last-level cache. Each is the best of a few
// runs, as a ceiling should be. The module is a few hundred bytes, written
// out below rather than compiled, so nothing else needs building.
import { loadKernelModule } from '../../engine/wasm/load.js';

export interface Ceilings {
  /** 'relaxed' (fused multiply-add) or 'simd' (multiply, then add), as the engine's kernels. */
  flavour: 'relaxed' | 'simd';
  /** Peak float32 GFLOP/s of one thread (a multiply-add counts 2). */
  peakGflops: number;
  /** Streaming read bandwidth of one thread, GB/s (10^9 bytes). */
  bandwidthGBs: number;
  /** Where arithmetic stops being the limit: peak / bandwidth, FLOPs per byte. */
  ridge: number;
}

export interface CeilingOptions {
  /** Runs of each measurement; the best is kept (default 5). */
  runs?: number;
  /** Bytes streamed per bandwidth run (default 128 MiB). */
  bytes?: number;
}

const ACCUMULATORS = 12;
/** Loop iterations per peak run: 12 accumulators × 4 lanes × 2 FLOPs each. */
const MADD_ITERATIONS = 4_000_000;
const FLOPS_PER_ITERATION = ACCUMULATORS * 4 * 2;
const PAGE = 65536;

export async function ceilings(options: CeilingOptions = {}): Promise<Ceilings> {
  const runs = options.runs ?? 5;
  const bytes = Math.ceil((options.bytes ?? 128 * 2 ** 20) / PAGE) * PAGE;
  // The engine's choice of flavour (and, in Node, the V8 flag relaxed SIMD needs).
  const { flavour } = await loadKernelModule(false);
  const memory = new WebAssembly.Memory({ initial: bytes / PAGE });
  const module = await WebAssembly.compile(ceilingModule(flavour === 'relaxed'));
  const { madd, stream } = new WebAssembly.Instance(module, { env: { memory } }).exports as {
    madd(iterations: number): number;
    stream(from: number, to: number): number;
  };
  // Touch every page once so the first run does not pay for them.
  new Uint8Array(memory.buffer).fill(1);
  madd(1000);
  stream(0, bytes);
  let peak = 0;
  let bandwidth = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    madd(MADD_ITERATIONS);
    const t1 = performance.now();
    stream(0, bytes);
    const t2 = performance.now();
    peak = Math.max(peak, (MADD_ITERATIONS * FLOPS_PER_ITERATION) / ((t1 - t0) * 1e6));
    bandwidth = Math.max(bandwidth, bytes / ((t2 - t1) * 1e6));
    // Let the event loop breathe between runs (a notebook stays responsive).
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { flavour, peakGflops: peak, bandwidthGBs: bandwidth, ridge: peak / bandwidth };
}

// WebAssembly's binary format, only as much as the two loops need.
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const f32 = (v: number) => Array.from(new Uint8Array(new Float32Array([v]).buffer));
const simd = (op: number) => [0xfd, ...uleb(op)];

const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
const BLOCK = 0x02, LOOP = 0x03, END = 0x0b, BR_IF = 0x0d, VOID = 0x40;
const I32_CONST = 0x41, F32_CONST = 0x43, I32_SUB = 0x6b, I32_ADD = 0x6a, I32_LT_U = 0x49;
const V128_LOAD = 0x00, F32X4_SPLAT = 0x13, F32X4_EXTRACT_LANE = 0x1f, F32X4_ADD = 0xe4, F32X4_MUL = 0xe6, F32X4_RELAXED_MADD = 0x105;

/** Sums the accumulators' lanes 0 into one f32, so no loop is dead code. */
function reduce(first: number, count: number): number[] {
  const code = [LOCAL_GET, first];
  for (let i = 1; i < count; i++) code.push(LOCAL_GET, first + i, ...simd(F32X4_ADD));
  return [...code, ...simd(F32X4_EXTRACT_LANE), 0];
}

/** madd(n): n rounds of acc = acc * 0.5 + 1 on every accumulator. stream(from, to): sums [from, to) in 16-byte loads. */
export function ceilingModule(relaxed: boolean): Uint8Array<ArrayBuffer> {
  // madd: param 0 = n; locals 1..12 accumulators, 13 = a, 14 = b.
  const a = ACCUMULATORS + 1, b = ACCUMULATORS + 2;
  const step = (acc: number) => relaxed
    ? [LOCAL_GET, acc, LOCAL_GET, a, LOCAL_GET, b, ...simd(F32X4_RELAXED_MADD), LOCAL_SET, acc]
    : [LOCAL_GET, acc, LOCAL_GET, a, ...simd(F32X4_MUL), LOCAL_GET, b, ...simd(F32X4_ADD), LOCAL_SET, acc];
  const madd = [
    ...vector([[...uleb(ACCUMULATORS + 2), V128]]),
    F32_CONST, ...f32(0.5), ...simd(F32X4_SPLAT), LOCAL_SET, a,
    F32_CONST, ...f32(1), ...simd(F32X4_SPLAT), LOCAL_SET, b,
    BLOCK, VOID, LOOP, VOID,
    ...Array.from({ length: ACCUMULATORS }, (_, i) => step(i + 1)).flat(),
    LOCAL_GET, 0, I32_CONST, 1, I32_SUB, LOCAL_TEE, 0, BR_IF, 0,
    END, END,
    ...reduce(1, ACCUMULATORS),
    END,
  ];
  // stream: param 0 = pointer, 1 = end; locals 2..5 accumulators.
  const load = (acc: number, offset: number) => [LOCAL_GET, acc, LOCAL_GET, 0, ...simd(V128_LOAD), 4, ...uleb(offset), ...simd(F32X4_ADD), LOCAL_SET, acc];
  const stream = [
    ...vector([[4, V128]]),
    BLOCK, VOID, LOOP, VOID,
    ...load(2, 0), ...load(3, 16), ...load(4, 32), ...load(5, 48),
    // i32.const takes signed LEB128: 64 is 0xc0 0x00 (0x40 alone would be -64).
    LOCAL_GET, 0, I32_CONST, 0xc0, 0x00, I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 1, I32_LT_U, BR_IF, 0,
    END, END,
    ...reduce(2, 4),
    END,
  ];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector([[I32]]), ...vector([[F32]])], [0x60, ...vector([[I32], [I32]]), ...vector([[F32]])]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0], [1]])),
    ...section(7, vector([[...name('madd'), 0x00, 0], [...name('stream'), 0x00, 1]])),
    ...section(10, vector([[...uleb(madd.length), ...madd], [...uleb(stream.length), ...stream]])),
  ];
  return new Uint8Array(bytes);
}
