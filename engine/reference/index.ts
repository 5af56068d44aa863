// The exact reference kernels: plain loops over a ConvInfo and flat float32
// arrays, bit for bit equal to tfjs-backend-cpu. The public ops run on them,
// and faster kernels are checked against them.
export { conv2dReference } from './conv2d.js';
export { depthwiseReference } from './depthwise.js';
export { pointwiseReference } from './pointwise.js';
export { separableReference } from './separable.js';
export { epilogue } from './epilogue.js';
export type { Epilogue } from './epilogue.js';
export { layout } from './layout.js';
export type { Layout } from './layout.js';
