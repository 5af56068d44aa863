// Reading a .notebook file for a headless run. The format module
// (kernel/format) is the parser; until it is part of the build, a minimal
// reader of Notebook Kit's <script> cells stands in.
import { readFile } from 'node:fs/promises';
import type { Cell, Notebook } from '../notebook.js';

type Parse = (text: string | Uint8Array, options: { filename: string }) => Notebook;

let parser: Promise<Parse> | null = null;

async function formatParser(): Promise<Parse> {
  for (const path of ['../format/index.js', '../format/parse.js']) {
    try {
      const format = (await import(path)) as { parseNotebook?: Parse };
      if (typeof format.parseNotebook === 'function') return format.parseNotebook;
    } catch {
      // Not built yet: try the next, then the minimal reader.
    }
  }
  return minimalParse;
}

export async function readNotebook(file: string): Promise<Notebook> {
  const bytes = await readFile(file);
  return (await (parser ??= formatParser()))(bytes, { filename: file });
}

/** Notebook Kit's layout: <notebook>, optional <title>, then one indented <script> per cell. */
export function minimalParse(input: string | Uint8Array, { filename }: { filename: string }): Notebook {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  if (!/<notebook[\s>]/i.test(text)) throw new Error(`${filename}: not a notebook (no <notebook> element)`);
  const title = /<title>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const cells: Cell[] = [];
  const pattern = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let match; (match = pattern.exec(text)); ) {
    const attributes = Object.fromEntries(Array.from(match[1].matchAll(/([\w-]+)(?:\s*=\s*"([^"]*)")?/g), (a) => [a[1].toLowerCase(), a[2] ?? '']));
    const line = text.slice(0, match.index).split('\n').length;
    if (!attributes.id) throw new Error(`${filename}:${line}: a cell has no id`);
    const cell: Cell = { id: attributes.id, type: attributes.type || 'module', source: dedent(match[2]).replace(/<\\(?=\\*\/script(\s|>))/gi, '<'), line };
    if ('pinned' in attributes) cell.pinned = true;
    if ('hidden' in attributes) cell.hidden = true;
    if (attributes.output) cell.output = attributes.output;
    cells.push(cell);
  }
  return { title: title === undefined ? undefined : decodeEntities(title), cells };
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
