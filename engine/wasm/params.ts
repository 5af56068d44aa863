// The parameter block every kernel reads (i32 words), in step with the
// constants at the top of engine/wasm/assembly/kernels.ts.
export const P = {
  IN: 0, W: 1, BIAS: 2, OUT: 3, ZERO: 4, BATCH: 5, IH: 6, IW: 7, IC: 8, OH: 9, OW: 10, OC: 11,
  KH: 12, KW: 13, SH: 14, SW: 15, DH: 16, DW: 17, PT: 18, PL: 19, ACT: 20, HASBIAS: 21, M: 22,
  TILEROWS: 23, COLGROUPS: 24, GROUPCOLS: 25, C4: 26, DIRECT: 27, SCRATCH: 28, OFFS: 32,
} as const;

/** Words in a parameter block with `taps` offsets. */
export const paramWords = (taps: number): number => P.OFFS + Math.max(taps, 9);

/** Kernels by name; the pool hands a worker the index. */
export const KERNELS = [
  'dwconv_3x3_row', 'dwconv_5x5_row', 'dwconv_taps_row', 'dwconv_m2_row', 'dwconv_mx_row', 'igemm_4x8', 'debug_trap',
] as const;
export type KernelName = (typeof KERNELS)[number];

/** In-kernel activations; the others run as a pass in JS after the store. */
export const FUSED_ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2 };
