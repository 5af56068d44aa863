// The `explain` builtin, and the call featureMaps is given for an engine
// result: both look the result up in op-calls.ts, so any Tensor an engine op
// returned in a cell can show how each of its values was computed.
import { derive, explanationSvg, lastStage, type Language, type OpCall } from '../views/explain/index.js';
import { callOf } from './op-calls.js';

/** explain(y, index): one value of y derived by hand, as a picture whose text/plain is the derivation. */
export function createExplain(document: Document, language: Language = 'en') {
  return (y: unknown, index: readonly number[]): SVGSVGElement => {
    const call = explainableCall(y);
    if (!call) {
      throw new Error('explain: y: this value was not returned by an engine op in this notebook; explain works on the results of engine.conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, chain and of the layers');
    }
    return explanationSvg(derive(call, y as { shape: number[]; data: Float32Array }, index), { document, language });
  };
}

/** The one op call that made `tensor` (a chain's last stage), or null if no engine op did. */
export function explainableCall(tensor: unknown): OpCall | null {
  const call = callOf(tensor);
  return call ? lastStage(call) : null;
}
