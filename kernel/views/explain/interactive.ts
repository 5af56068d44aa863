// Feature maps that explain themselves: hovering a pixel shows how its value
// was computed, in a panel under the maps; a click pins that pixel (another
// click on it unpins). The same function serves the live SVG in the workbook
// and the static SVG of an exported page, where the page's small inline
// script finds each map's <metadata class="kb-explain"> and calls it.
import { pixelAt } from '../pixel-at.js';
import { svgElement } from '../svg.js';
import { derive } from './derive.js';
import { explanationSvg, PANEL_WIDTH } from './picture.js';
import type { ExplainSource, MapGeometry } from './source.js';
import { wordsFor } from './words.js';

const PAD = 10;

export function makeExplorable(svg: SVGSVGElement, source: ExplainSource, geometry: MapGeometry, document: Document): void {
  // The size without a panel, kept on the SVG: one serialised while an
  // explanation showed (an export of a workbook where a value was pinned)
  // comes back with that panel, which this page's clicks would not replace.
  const baseWidth = Number(svg.getAttribute('data-base-width') ?? svg.getAttribute('width'));
  const baseHeight = Number(svg.getAttribute('data-base-height') ?? svg.getAttribute('height'));
  const stale = svg.querySelectorAll('.kb-explain-panel, .kb-explain-cursor');
  let pinned: Pixel | null = null;
  let panel: SVGElement | null = null;
  let cursor: SVGElement | null = null;

  const show = (pixel: Pixel | null) => {
    panel?.remove();
    cursor?.remove();
    panel = cursor = null;
    if (!pixel) return resize(baseWidth, baseHeight);
    const index = geometry.dataFormat === 'NHWC'
      ? [geometry.batch, pixel.row, pixel.col, pixel.channel]
      : [geometry.batch, pixel.channel, pixel.row, pixel.col];
    let explanation: SVGSVGElement;
    try {
      explanation = explanationSvg(derive(source.call, source.y, index), { document, language: geometry.language });
    } catch (error) {
      // A page must never break on a click: say what went wrong where the explanation would be.
      explanation = svgElement(document, 'svg', { width: PANEL_WIDTH, height: 20 }) as SVGSVGElement;
      explanation.append(svgElement(document, 'text', { y: 14 }, wordsFor(geometry.language).cannotExplain(error instanceof Error ? error.message : String(error))));
    }
    const height = Number(explanation.getAttribute('height'));
    explanation.removeAttribute('style');
    explanation.setAttribute('x', String(PAD));
    explanation.setAttribute('y', String(baseHeight));
    explanation.classList.add('kb-explain-panel');
    svg.append((panel = explanation));
    cursor = drawCursor(document, pixel);
    if (cursor) pixel.group.append(cursor);
    resize(Math.max(baseWidth, PANEL_WIDTH + 2 * PAD), baseHeight + height + PAD);
  };

  const resize = (width: number, height: number) => {
    const grown = width !== baseWidth || height !== baseHeight;
    for (const [name, value] of [['data-base-width', baseWidth], ['data-base-height', baseHeight]] as const) {
      if (grown) svg.setAttribute(name, String(value)); else svg.removeAttribute(name);
    }
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  };

  if (stale.length) {
    stale.forEach((element) => element.remove());
    resize(baseWidth, baseHeight);
  }

  for (const group of Array.from(svg.querySelectorAll('g.kb-feature-map')) as SVGGElement[]) {
    const image = group.querySelector('image');
    if (!image) continue;
    const channel = Number(group.getAttribute('data-channel'));
    const pixelOf = (event: Event): Pixel | null => {
      const { clientX, clientY } = event as PointerEvent;
      const width = Number(image.getAttribute('data-columns'));
      const height = Number(image.getAttribute('data-rows'));
      const at = pixelAt(image.getBoundingClientRect(), clientX, clientY, width, height);
      return at ? { group, image, channel, row: at[0], col: at[1], width, height } : null;
    };
    group.style?.setProperty('cursor', 'crosshair');
    group.addEventListener('pointermove', (event) => {
      if (pinned) return;
      const pixel = pixelOf(event);
      if (pixel) show(pixel);
    });
    group.addEventListener('pointerleave', () => { if (!pinned) show(null); });
    group.addEventListener('click', (event) => {
      const pixel = pixelOf(event);
      const same = pixel && pinned && pinned.group === pixel.group && pinned.row === pixel.row && pinned.col === pixel.col;
      pinned = same ? null : pixel;
      show(pixel);
    });
  }
}

interface Pixel { group: SVGGElement; image: Element; channel: number; row: number; col: number; width: number; height: number }

/** An outline on the explained pixel, in the map's own coordinates. */
function drawCursor(document: Document, pixel: Pixel): SVGElement | null {
  const x = Number(pixel.image.getAttribute('x'));
  const y = Number(pixel.image.getAttribute('y'));
  const cellWidth = Number(pixel.image.getAttribute('width')) / pixel.width;
  const cellHeight = Number(pixel.image.getAttribute('height')) / pixel.height;
  return svgElement(document, 'rect', {
    class: 'kb-explain-cursor',
    x: x + pixel.col * cellWidth, y: y + pixel.row * cellHeight, width: cellWidth, height: cellHeight,
    fill: 'none', stroke: '#d9480f', 'stroke-width': Math.max(1.5, Math.min(3, cellWidth / 6)), 'pointer-events': 'none',
  });
}
