// compareOps: the four ways to build one layer — a full conv2d, a depthwise
// conv, a pointwise (1x1) conv, and the separable conv that is the last two
// in sequence — costed on one input and kernel shape, ready for costBreakdown.
// The pointwise item is the separable's second stage (it reads the depthwise
// output), so depthwise + pointwise add up to separable, bar for bar.
import { cost } from '../../engine/cost.js';
import type { ConvOptions } from '../../engine/conv-info.js';
import { normalizeDataFormat } from '../../engine/conv-info.js';
import { checkInteger, formatValue, invalidArgument } from '../../engine/errors.js';
import { checkShape } from '../../engine/tensor.js';
import type { CostItem, OpProfile } from './cost-breakdown.js';

export interface CompareSpec extends Omit<ConvOptions, 'bias' | 'activation'> {
  /** x's shape in `dataFormat`, e.g. [1, 112, 112, 32]. */
  input: readonly number[];
  /** kh, kw: a number for square kernels. */
  kernelSize: number | readonly [number, number];
  /** Output channels of conv2d, pointwise and separable. */
  filters: number;
  depthMultiplier?: number;
  bias?: boolean;
  /** Measured profiles to show next to the costs, by op. */
  profiles?: Partial<Record<'conv2d' | 'depthwise' | 'pointwise' | 'separable', OpProfile>>;
}

const OP = 'compareOps';

export function compareOps(spec: CompareSpec): CostItem[] {
  if (!spec || typeof spec !== 'object') throw invalidArgument(OP, 'spec', `expected { input, kernelSize, filters, ... }, got ${formatValue(spec)}`);
  const { input, kernelSize, filters, depthMultiplier = 1, bias = false, profiles = {}, ...options } = spec;
  const x = checkShape(OP, 'input', input);
  if (x.length !== 4) throw invalidArgument(OP, 'input', `expected a rank-4 shape, got ${formatValue(x)}`);
  const dataFormat = normalizeDataFormat(OP, options.dataFormat);
  const inChannels = dataFormat === 'NHWC' ? x[3] : x[1];
  const [kh, kw] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : Array.isArray(kernelSize) && kernelSize.length === 2 ? kernelSize : [NaN, NaN];
  checkInteger(OP, 'kernelSize', kh);
  checkInteger(OP, 'kernelSize', kw);
  checkInteger(OP, 'filters', filters);
  checkInteger(OP, 'depthMultiplier', depthMultiplier);

  const depthwiseFilter = [kh, kw, inChannels, depthMultiplier];
  const pointwiseFilter = [1, 1, inChannels * depthMultiplier, filters];
  const conv = cost('conv2d', { ...options, input: x, filter: [kh, kw, inChannels, filters], bias });
  const separable = cost('separableConv2d', { ...options, input: x, filter: depthwiseFilter, pointwiseFilter, bias });
  const { depthwise, pointwise } = separable.stages;
  const k = `${kh}x${kw}`;
  const item = (label: string, c: CostItem['cost'], key: keyof NonNullable<CompareSpec['profiles']>): CostItem =>
    profiles[key] ? { label, cost: c, profile: profiles[key] } : { label, cost: c };
  return [
    item(`conv2d ${k}`, conv, 'conv2d'),
    item(`depthwise ${k}`, depthwise, 'depthwise'),
    item('pointwise 1x1', pointwise, 'pointwise'),
    item(`separable ${k}`, separable, 'separable'),
  ];
}
