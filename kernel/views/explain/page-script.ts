// The script an exported page carries inline (kernel/runner/html.ts): it
// finds every feature-map figure that brought its op call along in
// <metadata class="kb-explain"> and makes its values explain themselves,
// with the same code the workbook runs. Bundled by scripts/build-page-script.mjs.
import { decodeSource } from './source.js';
import { makeExplorable } from './interactive.js';

for (const svg of Array.from(document.querySelectorAll('svg.kb-feature-maps'))) {
  const metadata = svg.querySelector('metadata.kb-explain');
  if (!metadata?.textContent) continue;
  try {
    const { source, geometry } = decodeSource(metadata.textContent);
    makeExplorable(svg as SVGSVGElement, source, geometry, document);
  } catch (error) {
    console.error('kernelbook: a feature map could not be made explorable:', error);
  }
}
