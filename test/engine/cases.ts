// Seeded random convolution cases shared by the engine's tests: shapes,
// options and values drawn from a small PRNG so every run checks the same
// few hundred configurations.
import { computeConvInfo, computeSeparableInfo } from '../../engine/conv-info.js';
import type { OracleCase, OracleOp, OraclePadding } from '../helpers/oracle.js';

/** mulberry32: a 32-bit seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ValueKind = 'int' | 'sixteenths' | 'float';

export interface Case extends OracleCase {
  values: ValueKind;
}

export const OPS: OracleOp[] = ['conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d'];
export const CASE_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu'];

export function randomValues(rand: () => number, n: number, kind: ValueKind): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    out[i] = kind === 'int' ? Math.floor(u * 7) - 3 : kind === 'sixteenths' ? Math.floor(u * 65) / 16 - 2 : u * 4 - 2;
  }
  return out;
}

/** `conv2d x=[1,5,4,3] f=[3,2,3,4] s=[2,1] d=[1,1] p=same NCHW` and the extras. */
export function caseName(c: OracleCase & { values?: ValueKind }): string {
  const pad = typeof c.padding === 'string' ? c.padding : JSON.stringify(c.padding);
  const f = c.pointwiseFilter ? `dw=[${c.filter.shape}] pw=[${c.pointwiseFilter.shape}]` : `f=[${c.filter.shape}]`;
  const extras = [c.dataFormat, c.bias ? 'bias' : '', c.activation && c.activation !== 'linear' ? c.activation : '', c.values ?? '']
    .filter(Boolean).join(' ');
  return `${c.op} x=[${c.x.shape}] ${f} s=[${c.strides}] d=[${c.dilations}] p=${pad} ${extras}`;
}

interface Draw {
  op: OracleOp;
  dataFormat: 'NHWC' | 'NCHW';
  batch: number; height: number; width: number; channels: number;
  kh: number; kw: number; outChannels: number; multiplier: number;
  strides: [number, number]; dilations: [number, number]; padding: OraclePadding;
  bias: boolean; activation: string; values: ValueKind;
}

/** Builds the tensors of a drawn configuration; returns null if TensorFlow would refuse it (e.g. VALID with a filter larger than x). */
export function buildCase(d: Draw, rand: () => number): Case | null {
  const x = d.dataFormat === 'NHWC' ? [d.batch, d.height, d.width, d.channels] : [d.batch, d.channels, d.height, d.width];
  const spatial = d.op === 'pointwiseConv2d' ? [1, 1] : [d.kh, d.kw];
  const depthwise = d.op === 'depthwiseConv2d' || d.op === 'separableConv2d';
  const filter = [...spatial, d.channels, depthwise ? d.multiplier : d.outChannels];
  const pointwise = d.op === 'separableConv2d' ? [1, 1, d.channels * d.multiplier, d.outChannels] : undefined;
  const options = { strides: d.strides, dilations: d.dilations, padding: d.padding, dataFormat: d.dataFormat };
  let outChannels: number;
  try {
    if (pointwise) outChannels = computeSeparableInfo(x, filter, pointwise, options).pointwise.outChannels;
    else outChannels = computeConvInfo(d.op, x, filter, options).outChannels;
  } catch {
    return null;
  }
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return {
    op: d.op, dataFormat: d.dataFormat, strides: d.strides, dilations: d.dilations, padding: d.padding,
    x: { shape: x, data: randomValues(rand, size(x), d.values) },
    filter: { shape: filter, data: randomValues(rand, size(filter), d.values) },
    pointwiseFilter: pointwise && { shape: pointwise, data: randomValues(rand, size(pointwise), d.values) },
    bias: d.bias ? randomValues(rand, outChannels, d.values) : null,
    activation: d.activation,
    values: d.values,
  };
}

/** `count` valid random cases, cycling through the ops so each gets a quarter. */
export function randomCases(seed: number, count: number): Case[] {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const cases: Case[] = [];
  while (cases.length < count) {
    const op = OPS[cases.length % OPS.length];
    // Strides and dilations greater than 1 never meet, as TensorFlow requires.
    const dilate = rand() < 0.3;
    const strides: [number, number] = dilate ? [1, 1] : [int(1, 3), int(1, 3)];
    const dilations: [number, number] = dilate ? [int(1, 3), int(1, 3)] : [1, 1];
    const paddingKind = pick(['valid', 'same', 'explicit'] as const);
    const padding: OraclePadding = paddingKind === 'explicit' ? [[int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)]] : paddingKind;
    const built = buildCase({
      op, dataFormat: pick(['NHWC', 'NCHW'] as const),
      batch: int(1, 3), height: int(1, 9), width: int(1, 9), channels: int(1, 4),
      kh: int(1, 5), kw: int(1, 5), outChannels: int(1, 4), multiplier: int(1, 3),
      strides, dilations, padding,
      bias: rand() < 0.5, activation: rand() < 0.4 ? 'linear' : pick(CASE_ACTIVATIONS), values: pick(['int', 'sixteenths', 'float'] as const),
    }, rand);
    if (built) cases.push(built);
  }
  return cases;
}
