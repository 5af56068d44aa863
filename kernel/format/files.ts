// Notebooks on disk (Node only): read a .notebook or .ipynb by its extension,
// and save atomically. The CLI, the runner and the Electron main process share
// these so every tool reads and writes files the same way.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Notebook } from '../notebook.js';
import { atomicWriteFile } from './atomic-write.js';
import { ipynbToNotebook, notebookToIpynb } from './ipynb.js';
import { parseNotebook } from './parse.js';
import { serializeNotebook } from './serialize.js';
import { decodeUtf8 } from './utf8.js';

export type FileFormat = 'notebook' | 'ipynb';

/** By extension (.ipynb; .notebook, .html); otherwise content whose first non-blank character is `{` is Jupyter JSON. */
export function formatOfPath(path: string, bytes?: Uint8Array): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.ipynb') return 'ipynb';
  if (ext === '.notebook' || ext === '.html' || ext === '.htm') return 'notebook';
  const first = bytes?.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return first === 0x7b ? 'ipynb' : 'notebook';
}

export interface ReadResult {
  notebook: Notebook;
  format: FileFormat;
  /** "file:line: warning: ..." lines worth showing: unknown cell types, repaired ids, dropped Jupyter outputs. */
  warnings: string[];
}

export async function readNotebookFile(path: string, options: { repair?: boolean } = {}): Promise<ReadResult> {
  const bytes = new Uint8Array(await readFile(path));
  const format = formatOfPath(path, bytes);
  if (format === 'ipynb') {
    const { notebook, warnings } = ipynbToNotebook(decodeUtf8(bytes, path), { filename: path });
    return { notebook, format, warnings: warnings.map((w) => `${path}: warning: ${w}`) };
  }
  const notebook = parseNotebook(bytes, { filename: path, repair: options.repair });
  return { notebook, format, warnings: (notebook.warnings ?? []).map((w) => `${path}:${w.line}: warning: ${w.message}`) };
}

/** Serializes first, so a notebook that cannot be written leaves the file untouched. */
export function formatNotebook(notebook: Notebook, format: FileFormat): string {
  return format === 'ipynb' ? notebookToIpynb(notebook) : serializeNotebook(notebook);
}

export async function writeNotebookFile(path: string, notebook: Notebook, format: FileFormat = formatOfPath(path)): Promise<void> {
  await atomicWriteFile(path, formatNotebook(notebook, format));
}
