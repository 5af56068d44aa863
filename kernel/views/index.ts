// Kernelbook's views: what a cell's value looks like. Text for tensors,
// pictures for feature maps and costs, and the MIME bundles that carry them
// to the app, the headless runner and Jupyter.
export { formatTensor } from './format-tensor.js';
export type { FormatTensorOptions } from './format-tensor.js';
export { tensorHtml } from './tensor-html.js';
export type { TensorHtmlOptions } from './tensor-html.js';
export { featureMaps, pixelAt, hoverText } from './feature-maps.js';
export type { FeatureMapsOptions } from './feature-maps.js';
export { costBreakdown, costTable, PHASES } from './cost-breakdown.js';
export type { CostBreakdownOptions, CostItem, Metric, OpProfile, Phase } from './cost-breakdown.js';
export { compareOps } from './compare-ops.js';
export type { CompareSpec } from './compare-ops.js';
export { mimeBundle, standaloneSvg } from './mime.js';
export type { MimeBundle, MimeOptions } from './mime.js';
export { inspect } from './inspect.js';
export { pngOf } from './attachments.js';
export { colorScheme } from './color-scheme.js';
export { derive, derivationText, explanationSvg, lastStage } from './explain/index.js';
export type { Derivation, OpCall } from './explain/index.js';
