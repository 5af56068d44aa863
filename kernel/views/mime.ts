// Cell outputs as MIME bundles, the way Jupyter carries them: every value has
// text/plain; DOM gives text/html; an SVG (or a Plot figure's chart) also
// gives image/svg+xml as a standalone document; a PNG-backed view or PNG bytes
// give image/png in base64; plain JSON-able data gives application/json.
// Nothing here needs to wait, so the bundle is built synchronously.
import { pngOf, prepareToSerialise, textOf } from './attachments.js';
import { base64, isPNG } from './png.js';
import { inspect, isTensorLike } from './inspect.js';
import { formatTensor } from './format-tensor.js';

export type MimeBundle = Record<string, string>;

export interface MimeOptions {
  /** Not needed to serialise; accepted so every renderer has one signature. */
  document?: Document;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function mimeBundle(value: unknown, _options: MimeOptions = {}): MimeBundle {
  if (isTensorLike(value)) return { 'text/plain': formatTensor(value) };
  if (isPNG(value)) return { 'text/plain': pngText(value), 'image/png': base64(value) };
  if (isNode(value)) return nodeBundle(value);
  const bundle: MimeBundle = { 'text/plain': inspect(value) };
  if (isJsonable(value, 0)) bundle['application/json'] = JSON.stringify(value);
  return bundle;
}

function nodeBundle(node: Node): MimeBundle {
  if (node.nodeType === 3) return { 'text/plain': node.textContent ?? '' };
  prepareToSerialise(node);
  const html = node.nodeType === 1 ? (node as Element).outerHTML : Array.from(node.childNodes, markup).join('');
  const bundle: MimeBundle = { 'text/plain': textOf(node) ?? describe(node), 'text/html': html };
  const svg = chartSvg(node);
  if (svg) bundle['image/svg+xml'] = standaloneSvg(svg.outerHTML);
  const png = pngOf(node);
  const picture = png ? base64(png) : (node.nodeType === 1 ? imagePNG(node as Element) : undefined);
  if (picture) bundle['image/png'] = picture;
  return bundle;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).nodeType === 'number' && typeof (value as Node).nodeName === 'string';
}

function markup(node: Node): string {
  if (node.nodeType === 1) return (node as Element).outerHTML;
  return (node.textContent ?? '').replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function isSvg(node: Node): node is Element {
  return node.nodeType === 1 && (node as Element).localName === 'svg' && ((node as Element).namespaceURI === SVG_NS || (node as Element).namespaceURI === null);
}

/** The SVG that is the picture: the node itself, or the chart inside a Plot <figure> (after its legends). */
function chartSvg(node: Node): Element | undefined {
  if (isSvg(node)) return node;
  if (node.nodeType === 1 && (node as Element).localName === 'figure') {
    const svgs = Array.from(node.childNodes).filter(isSvg);
    return svgs[svgs.length - 1];
  }
  return undefined;
}

/** An SVG that stands alone as a file: HTML serialisation leaves out the namespaces. */
export function standaloneSvg(svg: string): string {
  const open = svg.slice(0, svg.indexOf('>'));
  let attributes = '';
  if (!/\sxmlns=/.test(open)) attributes += ` xmlns="${SVG_NS}"`;
  if (/\bxlink:/.test(svg) && !/\sxmlns:xlink=/.test(open)) attributes += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
  return attributes ? svg.replace(/^<svg/, `<svg${attributes}`) : svg;
}

/** An <img> showing a PNG data URL is that PNG. */
function imagePNG(element: Element): string | undefined {
  if (element.localName !== 'img') return undefined;
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(element.getAttribute('src') ?? '');
  return match?.[1];
}

function describe(node: Node): string {
  if (node.nodeType !== 1) return (node.textContent ?? '').trim();
  const element = node as Element;
  const size = ['width', 'height'].map((a) => element.getAttribute(a)).filter(Boolean).join('x');
  const text = visibleText(element).replace(/\s+/g, ' ').trim();
  const label = `<${element.localName}${size ? ` ${size}` : ''}>`;
  return text ? `${label} ${text.length > 80 ? `${text.slice(0, 79)}…` : text}` : label;
}

/** An element's text as a reader sees it: a Plot chart's <style> rules are not part of it. */
function visibleText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || ['style', 'script'].includes((node as Element).localName)) return '';
  return Array.from(node.childNodes, visibleText).join(' ');
}

function pngText(png: Uint8Array): string {
  // IHDR follows the 8-byte signature and 8 bytes of chunk length and type.
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.length >= 24 ? `PNG ${view.getUint32(16)}x${view.getUint32(20)}` : 'PNG';
}

/** Data that JSON.stringify keeps exactly: no NaN, functions, class instances or cycles. */
function isJsonable(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonable(v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((v) => isJsonable(v, depth + 1));
  }
  return false;
}
