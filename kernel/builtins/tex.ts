// The `tex` tag: KaTeX rendered to HTML in the host's document, inline by
// default and as a display block through `tex.block`. A malformed formula is
// an error of the cell, with KaTeX's own message.
import katex from 'katex';

export interface TexTag {
  (strings: readonly string[], ...values: unknown[]): Element;
  block(strings: readonly string[], ...values: unknown[]): Element;
}

export function createTex(document: Document): TexTag {
  const render = (displayMode: boolean) => (strings: readonly string[], ...values: unknown[]) => {
    const source = String.raw({ raw: strings }, ...values);
    const root = document.createElement(displayMode ? 'div' : 'span');
    root.className = 'tex';
    root.innerHTML = katex.renderToString(source, { displayMode, throwOnError: true, output: 'htmlAndMathml' });
    return root;
  };
  return Object.assign(render(false), { block: render(true) });
}
