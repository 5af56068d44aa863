// The names every notebook can use without defining them. Libraries load on
// first use; all of them are bundled, none is fetched.
import type * as PlotModule from '@observablehq/plot';
import { compareOps, costBreakdown, featureMaps, type CostBreakdownOptions, type CostItem, type FeatureMapsOptions } from '../views/index.js';
import type { Tensor } from '../../engine/index.js';
import { now } from './generators.js';
import { createMd } from './md.js';
import { createTex } from './tex.js';
import { createCheck } from './check.js';
import { createExplain, explainableCall } from './explain.js';
import { languageOf } from '../views/explain/words.js';
import { ceilings } from './ceilings.js';
import { sampleImage } from './sample-image.js';

export { engineFor, disposeSharedEngine, sharedEngine, syncEngine } from './engine.js';
export { input, now } from './generators.js';

export interface BuiltinHost {
  /** The document outputs are created in (a DOM shim's in Node). */
  document: Document;
  /** The width of the output column in pixels. */
  width?: number;
  /** The notebook's language (<notebook lang>): explanations are written in it ('en' or 'zh-CN'). */
  language?: string;
  /** A live page (the workbook): feature maps paint on <canvas>; serialising still gives PNGs. */
  canvas?: boolean;
}

/** Runtime builtins: each is a definition with no inputs. */
export function createBuiltins(host: BuiltinHost): Record<string, () => unknown> {
  const { document } = host;
  const language = languageOf(host.language);
  return {
    d3: () => import('d3'),
    Plot: async () => withDocument(await import('@observablehq/plot'), document),
    Inputs: () => import('@observablehq/inputs'),
    htl: () => import('htl'),
    html: async () => (await import('htl')).html,
    svg: async () => (await import('htl')).svg,
    md: () => createMd(document),
    tex: () => createTex(document),
    now,
    width: () => host.width ?? 640,
    // Kernelbook's views draw into the host's document, like Plot.
    // An engine result's maps explain their values unless the cell says explain: null.
    featureMaps: () => (tensor: Tensor, options: Partial<FeatureMapsOptions> = {}) =>
      featureMaps(tensor, { language, canvas: host.canvas, ...options, document, explain: options.explain === undefined && tensor?.shape?.length === 4 ? explainableCall(tensor) : options.explain }),
    explain: () => createExplain(document, language),
    check: () => createCheck(),
    ceilings: () => ceilings,
    sampleImage: () => sampleImage,
    costBreakdown: () => (items: readonly CostItem[], options: Partial<CostBreakdownOptions> = {}) => costBreakdown(items, { ...options, document }),
    compareOps: () => compareOps,
  };
}

/** Plot makes its SVG in the host's document, which in Node is not a global. */
function withDocument(Plot: typeof PlotModule, document: Document): typeof PlotModule {
  return { ...Plot, plot: (options: PlotModule.PlotOptions = {}) => Plot.plot({ document, ...options }) };
}

/** What `import … from "name"` in a cell resolves to. */
export async function importBundled(name: string, document: Document): Promise<unknown> {
  switch (name) {
    case 'd3': return import('d3');
    case '@observablehq/plot': return withDocument(await import('@observablehq/plot'), document);
    case '@observablehq/inputs': return import('@observablehq/inputs');
    case 'htl': return import('htl');
    case 'katex': return import('katex');
    case 'marked': return import('marked');
    case 'kernelbook/engine': return import('../../engine/index.js');
    default: throw new Error(`cannot import "${name}": it is not bundled`);
  }
}
