// Keras-style convolution layers and their initializers, regularizers and constraints.
export { Conv2D } from './conv2d.js';
export type { Conv2DOptions } from './conv2d.js';
export { DepthwiseConv2D } from './depthwise-conv2d.js';
export type { DepthwiseConv2DOptions } from './depthwise-conv2d.js';
export { SeparableConv2D } from './separable-conv2d.js';
export type { SeparableConv2DOptions } from './separable-conv2d.js';
export { ConvLayer } from './conv-layer.js';
export type { ConvLayerOptions, LayerOps, LayerWeight, InputShape, WeightRole } from './conv-layer.js';
export { resetLayerNames } from './names.js';
export * as initializers from './initializers.js';
export * as regularizers from './regularizers.js';
export * as constraints from './constraints.js';
