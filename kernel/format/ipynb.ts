// Jupyter .ipynb (nbformat 4.5) to and from the in-memory Notebook, so
// notebooks travel to Jupyter tools and come back unchanged. Everything
// Jupyter has no place for (cell type, id, pinned, hidden, output, extra
// attributes, theme) rides along in `metadata.kernelbook`; outputs are never
// written, because .notebook files store only sources.

import { isKnownCellType, type Cell, type Notebook } from '../notebook.js';
import { DEFAULT_FILENAME, NotebookFormatError } from './errors.js';
import { jsonErrorLocation } from './json-position.js';

export const KERNELSPEC = { name: 'kernelbook', language: 'javascript', display_name: 'Kernelbook (JavaScript)' } as const;
export const LANGUAGE_INFO = { name: 'javascript', file_extension: '.js', mimetype: 'text/javascript' } as const;

/** Raw-cell MIME types as nbconvert names them, for the cell types Jupyter has no cell for. */
const RAW_FORMAT: Record<string, string> = { 'application/x-tex': 'text/latex' };
const FROM_RAW_FORMAT: Record<string, string> = { 'text/latex': 'application/x-tex', latex: 'application/x-tex', html: 'text/html' };
/** Code cells of other Jupyter kernels become the Notebook Kit cell type for that language. */
const LANGUAGE_TYPE: Record<string, string> = { javascript: 'module', typescript: 'text/x-typescript', python: 'text/x-python', r: 'text/x-r', sql: 'application/sql' };

const JUPYTER_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface KernelbookCellMetadata {
  id: string;
  type: string;
  pinned?: true;
  hidden?: true;
  output?: string;
  attributes?: [string, string][];
}

export function notebookToIpynb(notebook: Notebook): string {
  const usedIds = new Set<string>();
  const cells = notebook.cells.map((cell, index) => {
    const kernelbook: KernelbookCellMetadata = { id: cell.id, type: cell.type };
    if (cell.pinned) kernelbook.pinned = true;
    if (cell.hidden) kernelbook.hidden = true;
    if (cell.output !== undefined) kernelbook.output = cell.output;
    if (cell.attributes && Object.keys(cell.attributes).length) kernelbook.attributes = Object.entries(cell.attributes);
    let id = JUPYTER_ID.test(cell.id) && !usedIds.has(cell.id) ? cell.id : `cell-${index + 1}`;
    while (usedIds.has(id)) id += '-';
    usedIds.add(id);
    const source = sourceLines(cell.source);
    if (cell.type === 'text/markdown') return { cell_type: 'markdown', id, metadata: { kernelbook }, source };
    if (cell.type === 'module' || cell.type === 'text/x-typescript') {
      return { cell_type: 'code', execution_count: null, id, metadata: { kernelbook }, outputs: [], source };
    }
    return { cell_type: 'raw', id, metadata: { format: RAW_FORMAT[cell.type] ?? cell.type, kernelbook }, source };
  });
  const metadata: Record<string, unknown> = { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO };
  if (notebook.title !== undefined) metadata.title = notebook.title;
  if (notebook.attributes && Object.keys(notebook.attributes).length) metadata.kernelbook = { attributes: Object.entries(notebook.attributes) };
  // Jupyter writes one-space indentation with sorted keys; doing the same keeps diffs small after a round trip through Jupyter.
  return `${JSON.stringify(sortKeys({ cells, metadata, nbformat: 4, nbformat_minor: 5 }), null, 1)}\n`;
}

export interface IpynbReadResult {
  notebook: Notebook;
  /** What the .notebook format has no place for and was dropped (outputs, attachments). */
  warnings: string[];
}

export function ipynbToNotebook(text: string, options: { filename?: string } = {}): IpynbReadResult {
  const filename = options.filename ?? DEFAULT_FILENAME;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const { line, column, message } = jsonErrorLocation(text);
    throw new NotebookFormatError(filename, line, `invalid JSON: ${message}`, { column });
  }
  const fail = (path: string, message: string): never => { throw new Error(`${filename}: ${path}: ${message}`); };
  const root = asObject(json) ?? fail('the file', 'expected a Jupyter notebook object');
  if (root.nbformat !== 4) fail('nbformat', `${JSON.stringify(root.nbformat)} is not supported; Kernelbook reads nbformat 4 (upgrade it with \`jupyter nbconvert --to notebook\`)`);
  if (!Array.isArray(root.cells)) fail('cells', 'expected an array of cells');
  const metadata = asObject(root.metadata) ?? {};
  const language = String(asObject(metadata.language_info)?.name ?? asObject(metadata.kernelspec)?.language ?? 'javascript').toLowerCase();
  const codeType = LANGUAGE_TYPE[language] ?? `text/x-${language}`;

  const warnings: string[] = [];
  let droppedOutputs = 0;
  const jupyterIds: unknown[] = [];
  const cells = (root.cells as unknown[]).map((value, index): Cell => {
    const path = `cells[${index}]`;
    const jcell = asObject(value) ?? fail(path, 'expected a cell object');
    const cellMetadata = asObject(jcell.metadata) ?? {};
    const kb = asObject(cellMetadata.kernelbook) ?? {};
    const source = joinSource(jcell.source) ?? fail(`${path}.source`, 'expected a string or an array of strings');
    let type: string;
    switch (jcell.cell_type) {
      case 'markdown': type = 'text/markdown'; break;
      case 'code': type = codeType; break;
      case 'raw': {
        const format = String(cellMetadata.format ?? cellMetadata.raw_mimetype ?? 'text/plain');
        type = FROM_RAW_FORMAT[format] ?? format;
        break;
      }
      default: return fail(`${path}.cell_type`, `expected 'code', 'markdown' or 'raw', found ${JSON.stringify(jcell.cell_type)}`);
    }
    if (typeof kb.type === 'string' && kb.type) type = kb.type;
    if (Array.isArray(jcell.outputs) && jcell.outputs.length) droppedOutputs++;
    if (asObject(jcell.attachments) && Object.keys(jcell.attachments as object).length) warnings.push(`${path}: attachments are not kept in a .notebook file`);
    const cell: Cell = { id: typeof kb.id === 'string' ? kb.id : '', type, source };
    // Our own metadata says exactly; a plain Jupyter cell shows code (as Notebook Kit pins code) and hides collapsed outputs.
    const ours = typeof kb.type === 'string';
    const pinned = ours ? kb.pinned === true : jcell.cell_type === 'code';
    const hidden = ours ? kb.hidden === true : asObject(cellMetadata.jupyter)?.outputs_hidden === true;
    if (pinned) cell.pinned = true;
    if (hidden) cell.hidden = true;
    if (typeof kb.output === 'string') cell.output = kb.output;
    const attributes = readAttributes(kb.attributes);
    if (attributes) cell.attributes = attributes;
    if (!isKnownCellType(type)) cell.unknown = true;
    jupyterIds.push(jcell.id);
    return cell;
  });
  if (droppedOutputs) warnings.push(`outputs of ${droppedOutputs} code cell${droppedOutputs === 1 ? '' : 's'} dropped: a .notebook file stores only sources`);
  assignIds(cells, jupyterIds);

  const notebook: Notebook = { cells };
  if (typeof metadata.title === 'string') notebook.title = metadata.title;
  const attributes = readAttributes(asObject(metadata.kernelbook)?.attributes);
  if (attributes) notebook.attributes = attributes;
  return { notebook, warnings };
}

// Notebook Kit numbers cells 1, 2, 3...; keep our own ids, then Jupyter's when
// they are numbers, and number the rest after the largest.
function assignIds(cells: Cell[], jupyterIds: unknown[]): void {
  const used = new Set<string>();
  for (const cell of cells) {
    if (cell.id && !used.has(cell.id)) used.add(cell.id);
    else cell.id = '';
  }
  cells.forEach((cell, i) => {
    const jid = jupyterIds[i];
    if (!cell.id && typeof jid === 'string' && /^[1-9]\d*$/.test(jid) && !used.has(jid)) { cell.id = jid; used.add(jid); }
  });
  let max = 0;
  for (const id of used) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
  for (const cell of cells) if (!cell.id) cell.id = String(++max);
}

// Attributes travel as [name, value] pairs: Jupyter sorts object keys on save, and attribute order is part of the file.
function readAttributes(value: unknown): Record<string, string> | undefined {
  const pairs = Array.isArray(value) ? value.filter((p): p is [string, unknown] => Array.isArray(p) && typeof p[0] === 'string') : Object.entries(asObject(value) ?? {});
  return pairs.length ? Object.fromEntries(pairs.map(([k, v]) => [k, String(v)])) : undefined;
}

/** Jupyter stores multi-line strings as lines that keep their newline. */
function sourceLines(source: string): string[] {
  return source ? source.split(/(?<=\n)/) : [];
}

function joinSource(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  const object = asObject(value);
  if (!object) return value;
  return Object.fromEntries(Object.keys(object).sort().map((key) => [key, sortKeys(object[key])]));
}
