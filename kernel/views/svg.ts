// Building SVG in a caller's document: the real one in the app, a linkedom or
// jsdom one in Node. Nothing here reaches for a global `document`.
import { invalidArgument } from '../../engine/errors.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attributes = Record<string, string | number | undefined>;

export function svgElement(document: Document, tag: string, attributes: Attributes = {}, text?: string): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Throws unless `document` can make elements: views never guess one. */
export function checkDocument(op: string, document: unknown): Document {
  if (!document || typeof (document as Document).createElementNS !== 'function') {
    throw invalidArgument(op, 'document', "expected a DOM document (the page's, or one from linkedom/jsdom in Node)");
  }
  return document as Document;
}

/** A short readable number for titles and labels: six significant digits at most. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  return String(Number(value.toPrecision(6)));
}
