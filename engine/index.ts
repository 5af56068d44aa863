// kernelbook/engine: the public API of Kernelbook's convolution engine.

// Tensors
export { Tensor, tensor, isTensor } from './tensor.js';
export type { NestedArray } from './tensor.js';

// Shape maths
export { computeConvInfo, computeSeparableInfo } from './conv-info.js';
export type { ConvInfo, ConvOptions, ConvOp, DataFormat, PaddingOption, ExplicitPadding } from './conv-info.js';

// Activations
export { ACTIVATIONS } from './activations.js';
export type { Activation } from './activations.js';

// Ops (synchronous, exact)
export { conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, chain } from './ops.js';
export type { TensorLike, ChainStage, ChainOptions } from './ops.js';

// Cost model (shapes only)
export { cost } from './cost.js';
export type { Cost, CostSpec, SeparableCost } from './cost.js';

// Keras-style layers (Conv2D, DepthwiseConv2D, SeparableConv2D) and their initializers, regularizers, constraints
export * from './layers/index.js';

// Exact reference kernels (flat arrays over a ConvInfo), for checking faster kernels
export { conv2dReference, depthwiseReference, pointwiseReference, separableReference } from './reference/index.js';

// The fast engine (WebAssembly SIMD on a shared-memory worker pool; async)
// and the same kernels as synchronous functions on the calling thread.
export { createEngine, createSyncEngine } from './engine.js';
export type { Engine, EngineOptions, OpOptions, Profile, Phase, SyncEngine } from './engine.js';
