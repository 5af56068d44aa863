// Values to MIME bundles, until kernel/views/mime.ts lands (then this file
// delegates to it). A bundle maps a MIME type to its data as a string.
import { isTensor } from '../../engine/index.js';

export type MimeBundle = Record<string, string>;
export type MimeRenderer = (value: unknown, options: { document?: Document }) => MimeBundle | Promise<MimeBundle>;

export function fallbackMimeBundle(value: unknown): MimeBundle {
  if (isDomNode(value)) {
    const markup = value.nodeType === 1 ? (value as Element).outerHTML : value.nodeType === 11 ? fragmentHtml(value) : escapeHtml(value.textContent ?? '');
    const text = (value.textContent ?? '').trim();
    if (value.nodeType === 1 && (value as Element).tagName.toLowerCase() === 'svg') {
      const svg = value as Element;
      return { 'text/plain': `<svg ${svg.getAttribute('width') ?? '?'}×${svg.getAttribute('height') ?? '?'}>`, 'image/svg+xml': markup, 'text/html': markup };
    }
    return { 'text/plain': text, 'text/html': markup };
  }
  const bundle: MimeBundle = { 'text/plain': plainText(value) };
  const json = toJson(value);
  if (json !== undefined) bundle['application/json'] = json;
  return bundle;
}

function isDomNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).nodeType === 'number' && typeof (value as Node).nodeName === 'string';
}

function fragmentHtml(node: Node): string {
  return Array.from(node.childNodes, (c) => (c.nodeType === 1 ? (c as Element).outerHTML : escapeHtml(c.textContent ?? ''))).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function toJson(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return undefined;
  if (isTensor(value)) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A short readable rendering of any value. */
export function plainText(value: unknown, depth = 0): string {
  if (isTensor(value)) return `Tensor [${value.shape.join(', ')}] ${Array.from(value.data.slice(0, 8)).join(', ')}${value.data.length > 8 ? ', …' : ''}`;
  if (typeof value === 'string') return depth ? JSON.stringify(value) : value;
  if (typeof value === 'function') return `ƒ ${value.name || '(anonymous)'}()`;
  if (value === null || typeof value !== 'object') return String(value);
  if (depth > 5) return Array.isArray(value) ? '[…]' : '{…}';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>);
    return `${value.constructor.name}(${items.length}) [${items.slice(0, 20).join(', ')}${items.length > 20 ? ', …' : ''}]`;
  }
  if (Array.isArray(value)) {
    return `[${value.slice(0, 20).map((v) => plainText(v, depth + 1)).join(', ')}${value.length > 20 ? ', …' : ''}]`;
  }
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : '';
  const entries = Object.entries(value).slice(0, 20).map(([k, v]) => `${k}: ${plainText(v, depth + 1)}`);
  return `${name}{${entries.join(', ')}}`;
}
