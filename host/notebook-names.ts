// Which files the hosts deal in. The file API is not a general file server:
// it lists and opens notebooks, and writes notebooks and exported pages.
import { extname } from 'node:path';

const NOTEBOOKS = new Set(['.notebook', '.ipynb']);
// A Notebook Kit file may be .html, and Export HTML writes .html.
const OPENABLE = new Set([...NOTEBOOKS, '.html']);

/** Shown by `list()`. */
export function isNotebookName(name: string): boolean {
  return NOTEBOOKS.has(extname(name).toLowerCase());
}

/** Accepted by `open()` and `save()`. */
export function isOpenableName(name: string): boolean {
  return OPENABLE.has(extname(name).toLowerCase());
}

/** Recovery keys of notebooks that have no file yet: `untitled:` and a short name. */
export function isUntitledKey(path: string): boolean {
  return /^untitled:[A-Za-z0-9._-]{1,100}$/.test(path);
}
