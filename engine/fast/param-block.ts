// The parameter block a kernel reads: built in plain JS, then written into the
// arena in one go after every buffer it points to has been allocated. Writing
// through a view taken before an allocation was how a fresh engine's first
// conv2d lost its scratch pointer: growing a private memory detaches the old
// buffer, and writes through its views go nowhere.
//
// The block is built in one scratch array kept between calls: a fresh
// Int32Array of this size has its own off-heap store, and one per job was
// a measurable part of a small layer's time (an allocation, and external
// memory that brought full garbage collections ten times as often).
import { P, paramWords, FUSED_ACTIVATIONS } from '../wasm/params.js';
import type { Activation } from '../activations.js';
import type { ConvInfo } from '../conv-info.js';
import type { Arena } from '../wasm/arena.js';

/** Byte offsets of the job's buffers, and the GEMM's tiling. */
export interface ParamFields {
  input: number;
  output: number;
  weights: number;
  bias: number;
  zero: number;
  tileRows?: number;
  colGroups?: number;
  groupCols?: number;
  /** 0: indirect GEMM; 1: the input is the GEMM's A as it lies; 2: each tile gathers its patches into scratch. */
  direct?: number;
  scratch?: number;
}

let scratch = new Int32Array(paramWords(25));

export function writeParams(arena: Arena, info: ConvInfo, activation: Activation, hasBias: boolean, fields: ParamFields): number {
  const length = paramWords(info.filterHeight * info.filterWidth);
  if (scratch.length < length) scratch = new Int32Array(length);
  const words = scratch.subarray(0, length);
  words.fill(0);
  words[P.IN] = fields.input; words[P.OUT] = fields.output;
  words[P.W] = fields.weights; words[P.BIAS] = fields.bias; words[P.ZERO] = fields.zero;
  words[P.BATCH] = info.batch; words[P.IH] = info.inHeight; words[P.IW] = info.inWidth; words[P.IC] = info.inChannels;
  words[P.OH] = info.outHeight; words[P.OW] = info.outWidth; words[P.OC] = info.outChannels;
  words[P.KH] = info.filterHeight; words[P.KW] = info.filterWidth;
  words[P.SH] = info.strideHeight; words[P.SW] = info.strideWidth;
  words[P.DH] = info.dilationHeight; words[P.DW] = info.dilationWidth;
  words[P.PT] = info.padTop; words[P.PL] = info.padLeft;
  words[P.ACT] = FUSED_ACTIVATIONS[activation] ?? 0; words[P.HASBIAS] = hasBias ? 1 : 0;
  words[P.M] = info.depthMultiplier; words[P.C4] = (info.inChannels + 3) & ~3;
  words[P.TILEROWS] = fields.tileRows ?? 0; words[P.COLGROUPS] = fields.colGroups ?? 0; words[P.GROUPCOLS] = fields.groupCols ?? 0;
  words[P.DIRECT] = fields.direct ?? 0; words[P.SCRATCH] = fields.scratch ?? 0;
  // Byte offset of each tap from the window's corner in the NHWC input.
  for (let fy = 0, k = P.OFFS; fy < info.filterHeight; fy++) {
    for (let fx = 0; fx < info.filterWidth; fx++, k++) {
      words[k] = (fy * info.dilationHeight * info.inWidth + fx * info.dilationWidth) * info.inChannels * 4;
    }
  }
  const p = arena.alloc(words.length);
  arena.ints.set(words, p >> 2);
  return p;
}
