// The exact reference for separable convolution, as tf.separableConv2d
// computes it: the depthwise stage is stored as float32 (an intermediate
// tensor), then a 1x1 convolution mixes it; bias and activation come last.
import type { ConvInfo } from '../conv-info.js';
import type { Activation } from '../activations.js';
import { depthwiseReference } from './depthwise.js';
import { pointwiseReference } from './pointwise.js';

/**
 * out = activation(pointwise(depthwise(x)) + bias) with the infos of
 * computeSeparableInfo. `scratch` holds the depthwise output (the product of
 * `depthwise.outShape`); pass one to reuse it across calls.
 */
export function separableReference(
  depthwise: ConvInfo, pointwise: ConvInfo,
  x: Float32Array, depthwiseFilter: Float32Array, pointwiseFilter: Float32Array, out: Float32Array,
  bias: Float32Array | null = null, activation: Activation = 'linear',
  scratch: Float32Array = new Float32Array(depthwise.outShape.reduce((a, b) => a * b, 1)),
): void {
  depthwiseReference(depthwise, x, depthwiseFilter, scratch);
  pointwiseReference(pointwise, scratch, pointwiseFilter, out, bias, activation);
}
