// Reading a .notebook file for a headless run, with kernel/format's parser
// (its errors name the file and line).
import { readFile } from 'node:fs/promises';
import { parseNotebook } from '../format/index.js';
import type { Notebook } from '../notebook.js';

export async function readNotebook(file: string): Promise<Notebook> {
  return parseNotebook(await readFile(file), { filename: file });
}
