// The stages ops are made of, each from an NHWC input already in the arena to
// an NHWC result there: pack the filter (or reuse its packing), lay out the
// parameter block, yield the kernel's job. Which kernel runs, and how the
// work is tiled, is decided here and nowhere else.
import type { Activation } from '../activations.js';
import type { ConvInfo } from '../conv-info.js';
import type { ConvCall } from '../ops.js';
import { conv2dReference, pointwiseReference } from '../reference/index.js';
import type { KernelName } from '../wasm/params.js';
import type { OpRun } from './job.js';
import { zeros } from './layout.js';
import type { Packing } from './packing-cache.js';
import { writeParams } from './param-block.js';
import type { OpContext, Tuning } from './workspace.js';

// Below this many input channels, conv2d gathers patches (im2col) instead of igemm.
const IM2COL_CHANNELS = 8;

/** A depthwise stage's multiply-adds. */
export function depthwiseMacs(info: ConvInfo): number {
  return info.batch * info.outHeight * info.outWidth * info.outChannels * info.filterHeight * info.filterWidth;
}

/**
 * Multiply-adds under which a depthwise job stays on the calling thread.
 * With one output per channel, depthwise is bound by memory and a second
 * thread does not pay for itself on small layers; with a multiplier it does.
 */
export function depthwiseSmallMacs(tuning: Tuning, info: ConvInfo): number {
  return info.depthMultiplier === 1 ? tuning.smallDepthwiseMacs : tuning.smallJobMacs;
}

/** A conv2d or pointwise stage's multiply-adds as a GEMM. */
export function gemmMacs(info: ConvInfo): number {
  return info.batch * info.outHeight * info.outWidth * info.outChannels * info.filterHeight * info.filterWidth * info.inChannels;
}

/** The depthwise kernel for a shape: 3x3 and 5x5 spelled out, multipliers 2 and more on their own paths. */
export function depthwiseKernel(info: ConvInfo): KernelName {
  const M = info.depthMultiplier;
  if (M === 2) return 'dwconv_m2_row';
  if (M > 1) return 'dwconv_mx_row';
  if (info.filterHeight === 3 && info.filterWidth === 3) return 'dwconv_3x3_row';
  if (info.filterHeight === 5 && info.filterWidth === 5) return 'dwconv_5x5_row';
  return 'dwconv_taps_row';
}

/**
 * A conv2d / pointwise filter packed for the GEMM. Whether it is finite
 * decides the path: the GEMM multiplies padding taps by zero, and 0 * Inf
 * is NaN where the reference skips the tap.
 */
export function gemmPacking(ctx: OpContext, info: ConvInfo, filter: Float32Array): Packing {
  const t0 = performance.now();
  const K = info.filterHeight * info.filterWidth * info.inChannels, N = info.outChannels;
  const key = `gemm:${K}:${N}`;
  const packing = ctx.cache.pack(ctx.arena, key, filter, K * ((N + 7) & ~7), (raw, dst) => ctx.kernels.pack_gemm_weights(raw, dst, K, N));
  ctx.observer.phase('packing', performance.now() - t0);
  return packing;
}

/** Depthwise stage; returns the NHWC output's byte offset. */
export function* depthwiseStage(ctx: OpContext, info: ConvInfo, input: number, filter: Float32Array, bias: Float32Array | null, activation: Activation, meanwhile?: () => void): OpRun<number> {
  const t0 = performance.now();
  const { arena } = ctx;
  const C = info.inChannels, M = info.depthMultiplier, C4 = (C + 3) & ~3, taps = info.filterHeight * info.filterWidth;
  const packer = (raw: number, dst: number) => (ctx.kernels.pack_dw_weights(raw, dst, taps, C, M, C4), 1);
  const weights = ctx.cache.pack(arena, `dw:${taps}:${C}:${M}`, filter, taps * M * C4, packer).ptr;
  let b = 0;
  if (bias) {
    // Laid out as the packed weights are: multiplier-major, channels padded to 4.
    b = zeros(arena, M * C4);
    const heap = arena.floats;
    for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) heap[(b >> 2) + m * C4 + c] = bias[c * M + m];
  }
  const output = arena.alloc(info.batch * info.outHeight * info.outWidth * info.outChannels);
  const zero = zeros(arena, C4);
  const params = writeParams(arena, info, activation, bias !== null, { input, output, weights, bias: b, zero });
  ctx.observer.phase('packing', performance.now() - t0);
  yield { kernel: depthwiseKernel(info), params, tiles: info.batch * info.outHeight, macs: depthwiseMacs(info), phase: 'depthwise', meanwhile, small: depthwiseSmallMacs(ctx.tuning, info) };
  return output;
}

/** conv2d / pointwise as an indirect GEMM with a packed filter at `weights`; returns the NHWC output's byte offset. */
export function* gemmStage(ctx: OpContext, info: ConvInfo, input: number, weights: number, bias: Float32Array | null, activation: Activation, phase: 'conv' | 'pointwise', meanwhile?: () => void): OpRun<number> {
  const t0 = performance.now();
  const { arena } = ctx;
  const taps = info.filterHeight * info.filterWidth;
  const K = taps * info.inChannels, N = info.outChannels, N8 = (N + 7) & ~7;
  let b = 0;
  if (bias) { b = zeros(arena, N8); arena.floats.set(bias, b >> 2); }
  const rows = info.batch * info.outHeight * info.outWidth;
  const output = arena.alloc(rows * N);
  const zero = zeros(arena, info.inChannels + 4);
  // Column groups keep a group's packed weights (K x groupCols) within L2;
  // row blocks shrink until every thread has several tiles to take.
  const groupCols = Math.min(N8, Math.max(8, Math.floor(32768 / K) & ~7));
  const colGroups = Math.ceil(N / groupCols);
  let tileRows = 64;
  while (tileRows > 4 && Math.ceil(rows / tileRows) * colGroups < 4 * ctx.tuning.threads) tileRows >>= 1;
  const tiles = Math.ceil(rows / tileRows) * colGroups;
  const direct = taps === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padTop === 0 && info.padLeft === 0
    && info.outHeight === info.inHeight && info.outWidth === info.inWidth;
  // Few input channels: each tile gathers its patches into its own scratch slot.
  const gather = taps > 1 && info.inChannels < IM2COL_CHANNELS;
  const scratch = gather ? arena.alloc(tiles * tileRows * K) : 0;
  const params = writeParams(arena, info, activation, bias !== null, {
    input, output, weights, bias: b, zero, tileRows, colGroups, groupCols, direct: gather ? 2 : direct ? 1 : 0, scratch,
  });
  ctx.observer.phase('packing', performance.now() - t0);
  yield { kernel: 'igemm_4x8', params, tiles, macs: gemmMacs(info), phase, meanwhile };
  return output;
}

/** separableConv2d's two stages; returns the NHWC output's byte offset. */
export function* separableStages(ctx: OpContext, depthwise: ConvInfo, pointwise: ConvInfo, input: number, depthwiseFilter: Float32Array, pointwiseFilter: Float32Array, bias: Float32Array | null, activation: Activation, meanwhile?: () => void): OpRun<number> {
  // Packed first, so a reused packing is checked during the depthwise job.
  // 1x1 and unpadded: a non-finite pointwise weight meets no padding taps.
  const nhwc = { ...pointwise, dataFormat: 'NHWC' as const };
  const w = gemmPacking(ctx, nhwc, pointwiseFilter);
  // The depthwise result stays NHWC in the arena, rounded to float32 as the
  // reference's intermediate tensor is; the pointwise stage reads it in place.
  const mid = yield* depthwiseStage(ctx, depthwise, input, depthwiseFilter, null, 'linear');
  return yield* gemmStage(ctx, nhwc, mid, w.ptr, bias, activation, 'pointwise', meanwhile);
}

/**
 * A conv2d or pointwise stage whose filter is not finite, on the reference
 * (which skips padding taps the GEMM would multiply by zero): from the NHWC
 * input in the arena to an NHWC result there, activated.
 */
export function referenceStage(ctx: OpContext, call: Omit<ConvCall, 'x'>, at: number): number {
  const { arena } = ctx;
  const info = { ...call.info, dataFormat: 'NHWC' as const };
  const x = arena.floats.slice(at >> 2, (at >> 2) + info.batch * info.inHeight * info.inWidth * info.inChannels);
  const out = new Float32Array(info.batch * info.outHeight * info.outWidth * info.outChannels);
  (call.op === 'conv2d' ? conv2dReference : pointwiseReference)(info, x, call.filter.data, out, call.bias, call.activation);
  const ptr = arena.alloc(out.length);
  arena.floats.set(out, ptr >> 2);
  return ptr;
}
