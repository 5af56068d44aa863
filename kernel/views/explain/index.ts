// "Explain a value": how one output of conv2d, depthwise, pointwise or
// separable was computed, as the seed article computes its examples by hand.
export { derive } from './derive.js';
export type { Derivation, MixTerm, Tap, WindowSum } from './derive.js';
export { derivationLines, derivationText } from './lines.js';
export { explanationSvg } from './picture.js';
export { lastStage, prepareCall, EXPLAINED_OPS } from './call.js';
export type { ChainCall, OpCall } from './call.js';
export { encodeSource, decodeSource } from './source.js';
export type { ExplainSource, MapGeometry } from './source.js';
export { makeExplorable } from './interactive.js';
export { languageOf } from './words.js';
export type { Language } from './words.js';
