// Calls of the four ops and of chains, as fast-check draws them: shapes from
// 1x1 to image size (up to 224x224, 1 to 64 channels), strides, dilations,
// SAME/VALID/explicit pads, NHWC/NCHW, multipliers, bias, activations, and
// values that are either exact in float32 in any order of summation (then
// results are compared bit for bit) or random floats (then within a bound on
// float32 rounding). Each call knows its reference result and prints itself
// as code that makes the same call again.
import fc from 'fast-check';
import * as reference from '../../../engine/ops.js';
import { computeConvInfo, computeSeparableInfo, type ConvInfo } from '../../../engine/conv-info.js';
import type { Tensor } from '../../../engine/tensor.js';
import { make, tensorCode, type TensorSpec, type ValueKind } from './data.js';

export type Op = 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d' | 'separableConv2d';
type Pair = [number, number];
type Padding = 'valid' | 'same' | [Pair, Pair];

/** Options of one op or chain stage (the data format is the call's). */
export interface StageOptions {
  strides: Pair;
  dilations: Pair;
  padding: Padding;
  activation: string;
  bias: TensorSpec | null;
}

export interface OpCall {
  op: Op;
  x: TensorSpec;
  filter: TensorSpec;
  pointwiseFilter: TensorSpec | null;
  options: StageOptions;
  dataFormat: 'NHWC' | 'NCHW';
}

export interface ChainCall {
  op: 'chain';
  x: TensorSpec;
  stages: (Omit<OpCall, 'x' | 'dataFormat'>)[];
  dataFormat: 'NHWC' | 'NCHW';
}

export type Call = OpCall | ChainCall;

/** Most calls stay under this many multiply-adds, so the JavaScript reference answers in tens of ms. */
export const MAC_BUDGET = 12_000_000;
const FUSED = ['linear', 'relu', 'relu6'];
const OTHER_ACTIVATIONS = ['elu', 'selu', 'sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu'];

const int = (min: number, max: number) => fc.integer({ min, max });
const pair = (min: number, max: number) => fc.tuple(int(min, max), int(min, max));

const stageGeometry = fc.record({
  op: fc.constantFrom<Op>('conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d'),
  kernel: fc.oneof({ weight: 4, arbitrary: fc.constant<Pair>([3, 3]) }, { weight: 1, arbitrary: fc.constant<Pair>([5, 5]) }, { weight: 2, arbitrary: pair(1, 7) }),
  outChannels: fc.oneof({ weight: 3, arbitrary: int(1, 9) }, { weight: 2, arbitrary: int(10, 64) }),
  multiplier: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: int(2, 4) }),
  strides: fc.oneof({ weight: 5, arbitrary: fc.constant<Pair>([1, 1]) }, { weight: 3, arbitrary: fc.constant<Pair>([2, 2]) }, { weight: 2, arbitrary: pair(1, 3) }),
  dilations: fc.oneof({ weight: 8, arbitrary: fc.constant<Pair>([1, 1]) }, { weight: 1, arbitrary: fc.constant<Pair>([2, 2]) }, { weight: 1, arbitrary: pair(1, 3) }),
  padding: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Padding>('same') },
    { weight: 2, arbitrary: fc.constant<Padding>('valid') },
    { weight: 1, arbitrary: fc.tuple(pair(0, 3), pair(0, 3)) as fc.Arbitrary<Padding> },
  ),
  bias: fc.boolean(),
  activation: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FUSED) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_ACTIVATIONS) }),
  /** Pointwise filters come as [in, out] or [1, 1, in, out]. */
  flatPointwise: fc.boolean(),
});
type StageGeometry = typeof stageGeometry extends fc.Arbitrary<infer T> ? T : never;

const inputGeometry = fc.record({
  batch: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: int(2, 3) }),
  size: fc.oneof(
    { weight: 5, arbitrary: pair(1, 12) },
    { weight: 3, arbitrary: pair(13, 64) },
    { weight: 2, arbitrary: pair(65, 224) },
  ),
  channels: fc.oneof({ weight: 4, arbitrary: int(1, 9) }, { weight: 3, arbitrary: int(10, 64) }),
  dataFormat: fc.oneof({ weight: 3, arbitrary: fc.constant<'NHWC'>('NHWC') }, { weight: 1, arbitrary: fc.constant<'NCHW'>('NCHW') }),
  seed: int(1, 999_999),
});

/** Exact values mostly, random floats sometimes, and now and then an Inf or NaN among them. */
const values = fc.record({
  kind: fc.oneof({ weight: 3, arbitrary: fc.constant<ValueKind>('k16') }, { weight: 1, arbitrary: fc.constant<ValueKind>('float') }),
  special: fc.oneof({ weight: 9, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
  specialIn: fc.constantFrom<'x' | 'filter'>('x', 'filter'),
});

function spec(shape: number[], seed: number, kind: ValueKind, range: number, special?: number[]): TensorSpec {
  return special?.length ? { shape, seed, kind, range, special } : { shape, seed, kind, range };
}

const taps = (k: Pair) => k[0] * k[1];

/** The stage's filter shapes for `channels` input channels. */
function filterShapes(g: StageGeometry, channels: number): { filter: number[]; pointwise: number[] | null; out: number } {
  switch (g.op) {
    case 'conv2d': return { filter: [...g.kernel, channels, g.outChannels], pointwise: null, out: g.outChannels };
    case 'pointwiseConv2d': return { filter: g.flatPointwise ? [channels, g.outChannels] : [1, 1, channels, g.outChannels], pointwise: null, out: g.outChannels };
    case 'depthwiseConv2d': return { filter: [...g.kernel, channels, g.multiplier], pointwise: null, out: channels * g.multiplier };
    case 'separableConv2d': {
      const mid = channels * g.multiplier;
      return { filter: [...g.kernel, channels, g.multiplier], pointwise: g.flatPointwise ? [mid, g.outChannels] : [1, 1, mid, g.outChannels], out: g.outChannels };
    }
  }
}

/** The spatial info of a stage, or null when the engines must refuse it (then errors are compared). */
function infoOf(op: Op, xShape: number[], filter: number[], pointwise: number[] | null, o: Omit<StageOptions, 'bias' | 'activation'>, dataFormat: string): { info: ConvInfo; macs: number } | null {
  try {
    const options = { strides: o.strides, dilations: o.dilations, padding: o.padding, dataFormat };
    if (op === 'separableConv2d') {
      const { depthwise, pointwise: p } = computeSeparableInfo(xShape, filter, pointwise!, options);
      const pixels = depthwise.batch * depthwise.outHeight * depthwise.outWidth;
      return { info: p, macs: pixels * depthwise.outChannels * (taps([depthwise.filterHeight, depthwise.filterWidth]) + p.outChannels) };
    }
    const f = filter.length === 2 ? [1, 1, ...filter] : filter;
    const info = computeConvInfo(op, xShape, f, options);
    const k = op === 'depthwiseConv2d' ? info.filterHeight * info.filterWidth : info.filterHeight * info.filterWidth * info.inChannels;
    return { info, macs: info.batch * info.outHeight * info.outWidth * info.outChannels * k };
  } catch {
    return null;
  }
}

/**
 * One op call. Sizes shrink (channels first, then the picture) until the
 * call fits MAC_BUDGET; with exact values, a separable call also keeps its
 * depthwise sums small enough (taps x channels < 2048) that the pointwise
 * sums of k/16 products stay exact.
 */
export const opCall: fc.Arbitrary<OpCall> = fc.tuple(inputGeometry, stageGeometry, values).map(([input, g, v]) => {
  let [h, w] = input.size;
  let channels = input.channels;
  const stage = { ...g };
  const xShape = () => (input.dataFormat === 'NHWC' ? [input.batch, h, w, channels] : [input.batch, channels, h, w]);
  for (let guard = 0; guard < 40; guard++) {
    const shapes = filterShapes(stage, channels);
    const fit = infoOf(stage.op, xShape(), shapes.filter, shapes.pointwise, stage, input.dataFormat);
    const exactSeparable = v.kind !== 'k16' || stage.op !== 'separableConv2d' || taps(stage.kernel) * channels * stage.multiplier < 2048;
    if ((!fit || fit.macs <= MAC_BUDGET) && exactSeparable) break;
    if (stage.outChannels > 8) stage.outChannels >>= 1;
    else if (channels > 8) channels >>= 1;
    else if (stage.multiplier > 1) stage.multiplier--;
    else { h = Math.max(1, h >> 1); w = Math.max(1, w >> 1); }
  }
  const shapes = filterShapes(stage, channels);
  const { seed, dataFormat } = input;
  // Ranges keep k/16 sums exact: |x| <= 2, |w| <= 1, so a sum of K <= 3136 products stays far below 2^16.
  const [xRange, wRange, bRange] = v.kind === 'float' ? [1, 1, 1] : [2, 1, 2];
  return {
    op: stage.op,
    x: spec(xShape(), seed, v.kind, xRange, v.specialIn === 'x' ? v.special : undefined),
    filter: spec(shapes.filter, seed + 1, v.kind, wRange, v.specialIn === 'filter' ? v.special : undefined),
    pointwiseFilter: shapes.pointwise && spec(shapes.pointwise, seed + 2, v.kind, wRange),
    options: {
      strides: stage.strides, dilations: stage.dilations, padding: stage.padding, activation: stage.activation,
      bias: stage.bias ? spec([shapes.out], seed + 3, v.kind, bRange) : null,
    },
    dataFormat,
  };
});

/**
 * A chain of one to four stages on integer values (|x| <= 2, |w| <= 1), so
 * every stage's sums stay exact integers; stages before the last keep to
 * the activations the kernels fuse (whose results stay integers). Channels
 * shrink until the worst case stays below 2^24 and the chain fits MAC_BUDGET.
 */
export const chainCall: fc.Arbitrary<ChainCall> = fc.tuple(inputGeometry, fc.array(stageGeometry, { minLength: 1, maxLength: 4 })).map(([input, geometries]) => {
  let [h, w] = input.size;
  let channels = input.channels;
  const gs = geometries.map((g, i) => ({ ...g, activation: i < geometries.length - 1 && !FUSED.includes(g.activation) ? 'relu' : g.activation }));
  const { seed, dataFormat } = input;
  const build = () => {
    let shape = dataFormat === 'NHWC' ? [input.batch, h, w, channels] : [input.batch, channels, h, w];
    let c = channels, macs = 0, bound = 2, valid = true;
    const stages = gs.map((g, i) => {
      const shapes = filterShapes(g, c);
      const fit = valid ? infoOf(g.op, shape, shapes.filter, shapes.pointwise, g, dataFormat) : null;
      if (!fit) valid = false;
      else {
        macs += fit.macs;
        shape = fit.info.outShape;
        const k = g.op === 'conv2d' ? taps(g.kernel) * c : g.op === 'depthwiseConv2d' ? taps(g.kernel) : g.op === 'pointwiseConv2d' ? c : taps(g.kernel) * c * g.multiplier;
        bound = bound * k + 2;
      }
      c = shapes.out;
      return {
        op: g.op,
        filter: spec(shapes.filter, seed + 10 * i + 1, 'int', 1),
        pointwiseFilter: shapes.pointwise && spec(shapes.pointwise, seed + 10 * i + 2, 'int', 1),
        options: { strides: g.strides, dilations: g.dilations, padding: g.padding, activation: g.activation, bias: g.bias ? spec([shapes.out], seed + 10 * i + 3, 'int', 2) : null },
      };
    });
    return { stages, macs, bound, valid };
  };
  for (let guard = 0; guard < 60; guard++) {
    const { macs, bound, valid } = build();
    if (!valid || (macs <= MAC_BUDGET && bound < 2 ** 24)) break;
    const big = gs.find((g) => g.outChannels > 4);
    if (big) big.outChannels >>= 1;
    else if (channels > 4) channels >>= 1;
    else if (gs.some((g) => g.multiplier > 1)) gs.forEach((g) => { g.multiplier = 1; });
    else if (h > 1 || w > 1) { h = Math.max(1, h >> 1); w = Math.max(1, w >> 1); }
    else gs.forEach((g) => { g.kernel = [1, 1]; });
  }
  const x = spec(dataFormat === 'NHWC' ? [input.batch, h, w, channels] : [input.batch, channels, h, w], seed, 'int', 2);
  return { op: 'chain', x, stages: build().stages, dataFormat };
});

/**
 * A picture as a notebook's first cell gives one: 96x96 to 224x224, one to
 * four channels, the layers a walkthrough applies to it.
 */
export const pictureCall: fc.Arbitrary<OpCall> = fc.record({
  size: pair(96, 224),
  channels: int(1, 4),
  op: fc.constantFrom<Op>('conv2d', 'depthwiseConv2d', 'separableConv2d'),
  kernel: fc.constantFrom<Pair>([3, 3], [5, 5], [1, 1], [7, 7]),
  strides: fc.constantFrom<Pair>([1, 1], [2, 2]),
  padding: fc.constantFrom<Padding>('same', 'valid'),
  filters: fc.constantFrom(8, 16, 32),
  multiplier: fc.constantFrom(1, 2),
  dataFormat: fc.constantFrom<'NHWC' | 'NCHW'>('NHWC', 'NCHW'),
  bias: fc.boolean(),
  activation: fc.constantFrom('linear', 'relu', 'relu6', 'sigmoid'),
  seed: int(1, 999_999),
}).map((p) => {
  const [h, w] = p.size;
  const xShape = p.dataFormat === 'NHWC' ? [1, h, w, p.channels] : [1, p.channels, h, w];
  const filter = p.op === 'conv2d' ? [...p.kernel, p.channels, p.filters] : [...p.kernel, p.channels, p.multiplier];
  const out = p.op === 'depthwiseConv2d' ? p.channels * p.multiplier : p.filters;
  return {
    op: p.op,
    x: spec(xShape, p.seed, 'k16', 2),
    filter: spec(filter, p.seed + 1, 'k16', 1),
    pointwiseFilter: p.op === 'separableConv2d' ? spec([1, 1, p.channels * p.multiplier, p.filters], p.seed + 2, 'k16', 1) : null,
    options: { strides: p.strides, dilations: [1, 1], padding: p.padding, activation: p.activation, bias: p.bias ? spec([out], p.seed + 3, 'k16', 2) : null },
    dataFormat: p.dataFormat,
  };
});

/** Any call: mostly single ops, sometimes a picture-sized one or a chain. */
export const anyCall: fc.Arbitrary<Call> = fc.oneof({ weight: 5, arbitrary: opCall }, { weight: 1, arbitrary: pictureCall }, { weight: 1, arbitrary: chainCall });

/** Multiply-adds of a call (0 for a call the engines refuse), to report what sizes a run covered. */
export function macsOf(call: Call): number {
  const one = (op: Op, x: number[], filter: number[], pointwise: number[] | null, o: StageOptions) => infoOf(op, x, filter, pointwise, o, call.dataFormat);
  if (call.op !== 'chain') return one(call.op, call.x.shape, call.filter.shape, call.pointwiseFilter?.shape ?? null, call.options)?.macs ?? 0;
  let shape = call.x.shape, total = 0;
  for (const s of call.stages) {
    const fit = one(s.op, shape, s.filter.shape, s.pointwiseFilter?.shape ?? null, s.options);
    if (!fit) return 0;
    total += fit.macs;
    shape = fit.info.outShape;
  }
  return total;
}

// ------------------------------------------------------------ running calls

/** The call's arguments as tensors, made afresh (or taken from `tensors` when given, so calls can share them). */
export function argumentsOf(call: Call, tensor: (spec: TensorSpec) => Tensor = make): unknown[] {
  const options = (o: StageOptions) => ({
    strides: o.strides, dilations: o.dilations, padding: o.padding, activation: o.activation,
    ...(o.bias ? { bias: tensor(o.bias) } : {}),
  });
  if (call.op === 'chain') {
    const stages = call.stages.map((s) => ({
      op: s.op, ...options(s.options),
      ...(s.op === 'separableConv2d' ? { depthwiseFilter: tensor(s.filter), pointwiseFilter: tensor(s.pointwiseFilter!) } : { filter: tensor(s.filter) }),
    }));
    return [tensor(call.x), stages, { dataFormat: call.dataFormat }];
  }
  const o = { ...options(call.options), dataFormat: call.dataFormat };
  return call.op === 'separableConv2d' ? [tensor(call.x), tensor(call.filter), tensor(call.pointwiseFilter!), o] : [tensor(call.x), tensor(call.filter), o];
}

/** What the reference answers: a Tensor, or the error it throws. */
export type Outcome = { y: Tensor } | { error: string };

export function referenceOutcome(call: Call, args: unknown[]): Outcome {
  try {
    const fn = reference[call.op] as (...a: unknown[]) => Tensor;
    return { y: fn(...args) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The call as code: paste after `const engine = ...` with the helpers of test/engine/stress/data.ts in scope. */
export function callCode(call: Call, profile = false): string {
  const method = profile && call.op !== 'chain' ? `profile('${call.op}', ` : `${call.op}(`;
  const options = (o: StageOptions) => {
    const parts = [`strides: [${o.strides}]`, `dilations: [${o.dilations}]`, `padding: ${JSON.stringify(o.padding)}`, `activation: '${o.activation}'`];
    if (o.bias) parts.push(`bias: ${tensorCode(o.bias)}`);
    return parts.join(', ');
  };
  if (call.op === 'chain') {
    const stages = call.stages.map((s) => {
      const filters = s.op === 'separableConv2d' ? `depthwiseFilter: ${tensorCode(s.filter)}, pointwiseFilter: ${tensorCode(s.pointwiseFilter!)}` : `filter: ${tensorCode(s.filter)}`;
      return `{ op: '${s.op}', ${filters}, ${options(s.options)} }`;
    });
    return `engine.${method}${tensorCode(call.x)}, [${stages.join(', ')}], { dataFormat: '${call.dataFormat}' })`;
  }
  const filters = call.op === 'separableConv2d' ? `${tensorCode(call.filter)}, ${tensorCode(call.pointwiseFilter!)}` : tensorCode(call.filter);
  return `engine.${method}${tensorCode(call.x)}, ${filters}, { ${options(call.options)}, dataFormat: '${call.dataFormat}' })`;
}

// ------------------------------------------------------------ comparing

const U = 2 ** -24;

/**
 * Where `actual` differs from what the reference gave, or null. Exact values
 * must match bit for bit (NaN matching NaN); random floats within
 * 4 (K + 1) u S, where S is the reference's sum of |products| for that output
 * (from the same call on absolute values), K the terms summed and u float32's
 * unit roundoff: a bound on any order of float32 summation, doubled for the
 * activation's slope. After a nonlinear activation, one unit in the last place
 * of the output more: sums a rounding apart can round to neighbouring float32
 * values once sigmoid (say) has squeezed them together (a 35-minute stress run
 * found plain SIMD's sigmoid outputs 0.49897384 and 0.49897382, one ulp apart, from sums
 * well within the bound).
 */
export function difference(call: Call, args: unknown[], actual: Tensor, expected: Tensor): string | null {
  if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) return `shape [${actual.shape}] where the reference gives [${expected.shape}]`;
  const exact = call.op === 'chain' || call.x.kind !== 'float';
  const a = actual.data, e = expected.data;
  let bound: Float32Array | null = null, terms = 0;
  if (!exact) ({ bound, terms } = sumOfMagnitudes(call as OpCall, args));
  // 2u|y| is at least one ulp of y.
  const lastPlace = !exact && (call as OpCall).options.activation !== 'linear' ? 2 * U : 0;
  const allowed = (i: number) => 4 * (terms + 1) * U * bound![i] + lastPlace * Math.abs(e[i]);
  for (let i = 0; i < e.length; i++) {
    if (Object.is(a[i], e[i]) || (Number.isNaN(a[i]) && Number.isNaN(e[i]))) continue;
    if (!exact && Math.abs(a[i] - e[i]) <= allowed(i) + 1e-30) continue;
    const wrongCount = e.reduce((n, v, j) => n + (Object.is(a[j], v) || (Number.isNaN(a[j]) && Number.isNaN(v)) ? 0 : 1), 0);
    return `output ${i} of ${e.length} is ${a[i]} where the reference gives ${e[i]}${exact ? ' (exact values: must match bit for bit)' : ` (allowed ${allowed(i)})`}; ${wrongCount} outputs differ`;
  }
  return null;
}

function sumOfMagnitudes(call: OpCall, args: unknown[]): { bound: Float32Array; terms: number } {
  const abs = (t: unknown) => {
    const { shape, data } = t as Tensor;
    return { shape, data: Float32Array.from(data, Math.abs) };
  };
  const o = args[args.length - 1] as { bias?: Tensor };
  const options = { ...o, activation: 'linear', ...(o.bias ? { bias: abs(o.bias) } : {}) };
  const y = call.op === 'separableConv2d'
    ? reference.separableConv2d(abs(args[0]), abs(args[1]), abs(args[2]), options)
    : reference[call.op](abs(args[0]), abs(args[1]), options);
  const [kh, kw, c, m] = call.filter.shape.length === 4 ? call.filter.shape : [1, 1, ...call.filter.shape];
  const terms = call.op === 'conv2d' ? kh * kw * c : call.op === 'depthwiseConv2d' ? kh * kw : call.op === 'pointwiseConv2d' ? c : kh * kw + c * m;
  return { bound: y.data, terms };
}
