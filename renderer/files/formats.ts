// A notebook file's text to a Notebook and back, by the file's extension:
// .ipynb through kernel/format's Jupyter converter, everything else as a
// .notebook. The host stores text; meaning is decided here, once.
import { ipynbToNotebook, notebookToIpynb, parseNotebook, serializeNotebook } from '../../kernel/format/index.js';
import type { Notebook } from '../../kernel/notebook.js';

export type FileFormat = 'notebook' | 'ipynb';

export function formatOf(path: string): FileFormat {
  return /\.ipynb$/i.test(path) ? 'ipynb' : 'notebook';
}

export interface ReadNotebook {
  notebook: Notebook;
  /** What the reader recovered from, worth showing. */
  warnings: string[];
}

/** Throws NotebookFormatError (with the file and line) when the text is not a notebook. */
export function readNotebook(path: string, text: string): ReadNotebook {
  if (formatOf(path) === 'ipynb') {
    const { notebook, warnings } = ipynbToNotebook(text, { filename: path });
    return { notebook, warnings };
  }
  const notebook = parseNotebook(text, { filename: path, repair: true });
  return { notebook, warnings: (notebook.warnings ?? []).map((w) => `line ${w.line}: ${w.message}`) };
}

export function writeNotebook(path: string, notebook: Notebook): string {
  return formatOf(path) === 'ipynb' ? notebookToIpynb(notebook) : serializeNotebook(notebook);
}

/** The file name without its folder, for titles and tabs. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
