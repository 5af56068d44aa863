// What a convolution costs, from shapes alone: multiply-accumulates, FLOPs,
// parameters and float32 bytes moved. The shapes go through the same
// validator as the ops, so a cost exists exactly when the op would run.
//
// MACs count every filter tap of every output, padding included, as the
// MobileNet paper (Dk*Dk*M*N*DF*DF) and the usual FLOP counters do; FLOPs are
// 2 per MAC plus one add per output for the bias. Activations are not counted.
import { invalidArgument, formatValue } from './errors.js';
import { sizeOf } from './tensor.js';
import {
  CONV_OPS, computeConvInfo, computeSeparableInfo, pointwiseFilterShape,
  type ConvInfo, type ConvOp, type ConvOptions,
} from './conv-info.js';

const BYTES_PER_ELEMENT = 4;

type ShapeLike = readonly number[] | { shape: readonly number[] };

export interface CostSpec extends Omit<ConvOptions, 'bias'> {
  /** x's shape (in `dataFormat`), or a tensor to take it from. */
  input: ShapeLike;
  /** The filter's shape; the depthwise filter for separableConv2d. */
  filter: ShapeLike;
  /** separableConv2d's [1, 1, in * M, out] (or [in * M, out]). */
  pointwiseFilter?: ShapeLike;
  /** Whether the op adds a bias (one per output channel). */
  bias?: boolean;
}

export interface Cost {
  op: ConvOp;
  macs: number;
  flops: number;
  /** Weights, bias included. */
  params: number;
  /** float32 bytes read and written: input, weights (bias included), output. */
  bytes: { input: number; weights: number; output: number };
  outputShape: number[];
}

export interface SeparableCost extends Cost {
  /** The depthwise stage (no bias) and the 1x1 stage (with the bias, if any). */
  stages: { depthwise: Cost; pointwise: Cost };
}

const shapeOf = (value: ShapeLike | undefined): readonly number[] =>
  (value && !Array.isArray(value) && typeof value === 'object' && 'shape' in value ? value.shape : value) as readonly number[];

/** One stage from its ConvInfo: MACs per output element times the outputs. */
function stageCost(op: ConvOp, info: ConvInfo, filterParams: number, bias: boolean): Cost {
  const outputs = sizeOf(info.outShape);
  // A depthwise output sees one input channel; the others see them all.
  const tapsPerOutput = info.filterHeight * info.filterWidth * (op === 'depthwiseConv2d' ? 1 : info.inChannels);
  const macs = outputs * tapsPerOutput;
  const params = filterParams + (bias ? info.outChannels : 0);
  return {
    op,
    macs,
    flops: 2 * macs + (bias ? outputs : 0),
    params,
    bytes: {
      input: sizeOf(info.inShape) * BYTES_PER_ELEMENT,
      weights: params * BYTES_PER_ELEMENT,
      output: outputs * BYTES_PER_ELEMENT,
    },
    outputShape: info.outShape,
  };
}

/**
 * The cost of one op on the given shapes, no data needed:
 * `cost('depthwiseConv2d', { input: [1, 112, 112, 32], filter: [3, 3, 32, 1], padding: 'same' })`.
 */
export function cost(op: 'separableConv2d', spec: CostSpec): SeparableCost;
export function cost(op: ConvOp, spec: CostSpec): Cost;
export function cost(op: ConvOp, spec: CostSpec): Cost | SeparableCost {
  if (!CONV_OPS.includes(op)) {
    throw invalidArgument('cost', 'op', `unknown op ${formatValue(op)}; expected one of ${CONV_OPS.join(', ')}`);
  }
  if (!spec || typeof spec !== 'object') {
    throw invalidArgument('cost', 'spec', `expected { input, filter, ... }, got ${formatValue(spec)}`);
  }
  const { input, filter, pointwiseFilter, bias, ...options } = spec;
  const x = shapeOf(input);
  const f = shapeOf(filter);
  const withBias = bias === true;
  if (bias !== undefined && typeof bias !== 'boolean') {
    throw invalidArgument(op, 'bias', `cost takes bias: true or false, got ${formatValue(bias)}`);
  }

  if (op === 'separableConv2d') {
    const pw = shapeOf(pointwiseFilter);
    if (pw === undefined) throw invalidArgument(op, 'pointwiseFilter', 'a separable convolution needs a pointwise filter shape');
    const infos = computeSeparableInfo(x, f, pw, options);
    const depthwise = stageCost('depthwiseConv2d', infos.depthwise, sizeOf(f), false);
    const pointwise = stageCost('pointwiseConv2d', infos.pointwise, sizeOf(pw), withBias);
    const params = depthwise.params + pointwise.params;
    return {
      op,
      macs: depthwise.macs + pointwise.macs,
      flops: depthwise.flops + pointwise.flops,
      params,
      bytes: { input: depthwise.bytes.input, weights: params * BYTES_PER_ELEMENT, output: pointwise.bytes.output },
      outputShape: pointwise.outputShape,
      stages: { depthwise, pointwise },
    };
  }
  const filterShape = op === 'pointwiseConv2d' ? pointwiseFilterShape(op, 'filter', f) : f;
  const info = computeConvInfo(op, x, filterShape, options);
  return stageCost(op, info, sizeOf(filterShape), withBias);
}
