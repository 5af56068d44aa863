// kernelbook/engine: the public API of Kernelbook's convolution engine.
export { Tensor, tensor, isTensor } from './tensor.js';
export type { NestedArray } from './tensor.js';
export { computeConvInfo, computeSeparableInfo } from './conv-info.js';
export type { ConvInfo, ConvOptions, ConvOp, DataFormat } from './conv-info.js';
export { ACTIVATIONS } from './activations.js';
export type { Activation } from './activations.js';
