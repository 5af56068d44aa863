// The DOM shim a headless run needs. htl and Inputs create elements through
// the global `document` and test `instanceof Node`, so in Node the runner
// plays the browser's part and installs linkedom's as globals, once, only
// where the host has none.
import { parseHTML } from 'linkedom';
import { completeForms } from './dom-forms.js';

let installed: Document | null = null;

export function installDom(): Document {
  if (installed) return installed;
  if (typeof (globalThis as { document?: Document }).document !== 'undefined') {
    return (installed = (globalThis as unknown as { document: Document }).document);
  }
  const window = parseHTML('<!doctype html><html><head></head><body></body></html>') as unknown as Record<string, any>;
  const names = ['document', 'Node', 'Element', 'Text', 'Comment', 'DocumentFragment', 'HTMLElement', 'SVGElement',
    'HTMLInputElement', 'HTMLSelectElement', 'HTMLOptionElement', 'HTMLTextAreaElement', 'HTMLFormElement', 'NodeList'];
  for (const name of names) {
    if (!(name in globalThis) && window[name]) (globalThis as Record<string, unknown>)[name] = window[name];
  }
  // Inputs asks form controls about validity, which linkedom does not model;
  // HTMLCollection is tested with instanceof but never produced by linkedom.
  for (const name of ['HTMLInputElement', 'HTMLSelectElement', 'HTMLTextAreaElement']) {
    const proto = window[name]?.prototype;
    if (proto && !proto.checkValidity) proto.checkValidity = () => true;
  }
  if (!('HTMLCollection' in globalThis)) (globalThis as Record<string, unknown>).HTMLCollection = class HTMLCollection {};
  completeForms(window);
  // Cells, and Plot's mark.plot() shorthand, reach the document through `window`.
  if (!('window' in globalThis)) (globalThis as Record<string, unknown>).window = window;
  return (installed = window.document as Document);
}
