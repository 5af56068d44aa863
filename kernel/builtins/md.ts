// The `md` tag: Markdown rendered by marked into an element of the host's
// document. Interpolated DOM nodes are kept as nodes, not stringified.
import { marked } from 'marked';

export type Tag = (strings: readonly string[], ...values: unknown[]) => Element;

export function createMd(document: Document): Tag {
  return (strings, ...values) => {
    const nodes: Node[] = [];
    let source = strings[0];
    values.forEach((value, i) => {
      if (isNode(value)) {
        nodes.push(value);
        source += `<span data-kernelbook-slot="${nodes.length - 1}"></span>`;
      } else {
        source += value == null ? '' : String(value);
      }
      source += strings[i + 1];
    });
    const root = document.createElement('div');
    root.className = 'markdown';
    root.innerHTML = marked.parse(source, { async: false }) as string;
    for (const slot of Array.from(root.querySelectorAll('[data-kernelbook-slot]'))) {
      slot.replaceWith(nodes[Number(slot.getAttribute('data-kernelbook-slot'))]);
    }
    return root;
  };
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).nodeType === 'number'
    && typeof (value as Node).nodeName === 'string';
}
