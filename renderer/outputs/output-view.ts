// A cell's outputs as DOM: the live node when there is one, otherwise the
// richest MIME type of the bundle we can show (HTML, SVG, PNG, JSON, text).
import type { MimeBundle } from '../../kernel/runtime/state.js';
import { liveNode } from './live-mime.js';

export function renderBundle(bundle: MimeBundle, document: Document): Node {
  const node = liveNode(bundle);
  if (node) return node;
  if (bundle['text/html'] !== undefined) return fragment(document, bundle['text/html'], 'kb-output-html');
  if (bundle['image/svg+xml'] !== undefined) return fragment(document, bundle['image/svg+xml'], 'kb-output-svg');
  if (bundle['image/png'] !== undefined) {
    const img = document.createElement('img');
    img.alt = bundle['text/plain'] ?? '';
    img.src = `data:image/png;base64,${bundle['image/png']}`;
    return img;
  }
  const pre = document.createElement('pre');
  pre.className = 'kb-output-text';
  pre.textContent = bundle['text/plain'] ?? bundle['application/json'] ?? '';
  if (/^Tensor shape=/.test(pre.textContent)) pre.classList.add('kb-output-tensor');
  return pre;
}

function fragment(document: Document, markup: string, className: string): HTMLElement {
  const div = document.createElement('div');
  div.className = className;
  div.innerHTML = markup;
  return div;
}

/**
 * Puts `bundles` into `container`, reusing what is already there: a node that
 * stays (the same live input across runs) is not detached, so it keeps focus
 * and its pointer capture while a slider is dragged.
 */
export function showOutputs(container: HTMLElement, bundles: readonly MimeBundle[]): void {
  const document = container.ownerDocument;
  const wanted = bundles.map((b) => renderBundle(b, document));
  const current = Array.from(container.childNodes);
  if (wanted.length === current.length && wanted.every((n, i) => n === current[i])) return;
  wanted.forEach((node, i) => {
    const at = container.childNodes[i];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
  while (container.childNodes.length > wanted.length) container.lastChild!.remove();
}
