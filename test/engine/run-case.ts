// Runs one test case through the engine's public ops.
import { conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, type Tensor } from '../../engine/index.js';
import type { OracleCase } from '../helpers/oracle.js';

export function runCase(c: OracleCase): Tensor {
  const options = {
    strides: c.strides, dilations: c.dilations, padding: c.padding, dataFormat: c.dataFormat,
    bias: c.bias ?? undefined, activation: c.activation,
  };
  switch (c.op) {
    case 'conv2d': return conv2d(c.x, c.filter, options);
    case 'depthwiseConv2d': return depthwiseConv2d(c.x, c.filter, options);
    case 'pointwiseConv2d': return pointwiseConv2d(c.x, c.filter, options);
    case 'separableConv2d': return separableConv2d(c.x, c.filter, c.pointwiseFilter!, options);
  }
}

/**
 * The first index where two results differ, or -1. Exact means the same
 * float32 (NaN matches NaN; +0 and -0 differ); otherwise within
 * `tolerance * (1 + |expected|)`.
 */
export function firstDifference(actual: Float32Array, expected: Float32Array, tolerance = 0): number {
  if (actual.length !== expected.length) return 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (tolerance === 0 ? !Object.is(a, e) : !(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)))) return i;
  }
  return -1;
}
