// The CodeMirror language for each cell type the format knows.
import { javascript } from '@codemirror/lang-javascript';
import { markdown } from '@codemirror/lang-markdown';
import { html } from '@codemirror/lang-html';
import { StreamLanguage } from '@codemirror/language';
import { stex } from '@codemirror/legacy-modes/mode/stex';
import type { Extension } from '@codemirror/state';

export function languageFor(type: string): Extension {
  switch (type) {
    case 'module': return javascript();
    case 'text/x-typescript': return javascript({ typescript: true });
    case 'text/markdown': return markdown();
    case 'text/html': return html();
    case 'application/x-tex': return StreamLanguage.define(stex);
    default: return [];
  }
}

/** Code cells show their source; the others show what they render, and the source on demand. */
export function isCodeType(type: string): boolean {
  return type === 'module' || type === 'text/x-typescript';
}
