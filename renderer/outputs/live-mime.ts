// The workbook's MIME renderer for the kernel. A DOM value (an input, a
// Plot chart, a feature-map grid) is shown as the node itself, so its event
// listeners keep working — a slider drives the kernel, a map answers hover —
// and nothing is serialised that nobody reads (a feature-map grid's markup
// carries megabytes of base64). Every other value gets kernel/views' bundle.
import { mimeBundle } from '../../kernel/views/index.js';
import type { MimeBundle } from '../../kernel/runtime/state.js';

const nodes = new WeakMap<MimeBundle, Node>();

export function liveMimeBundle(value: unknown): MimeBundle {
  if (isNode(value)) {
    const bundle: MimeBundle = {};
    nodes.set(bundle, value);
    return bundle;
  }
  return mimeBundle(value);
}

/** A bundle a file can hold: a live node's markup, SVG and PNG as the kernel's views give them. */
export function serializableBundle(bundle: MimeBundle): MimeBundle {
  const node = nodes.get(bundle);
  return node ? mimeBundle(node) : bundle;
}

/** The live node a bundle stands for, if it is one of ours. */
export function liveNode(bundle: MimeBundle): Node | undefined {
  return nodes.get(bundle);
}

function isNode(value: unknown): value is Node {
  return typeof Node !== 'undefined' && value instanceof Node;
}
