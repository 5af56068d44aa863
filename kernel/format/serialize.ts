// Writes a .notebook file exactly as Notebook Kit's serialize does (under a
// standards DOM): same attribute order, escaping, indentation and trailing
// newline, so files diff cleanly whichever tool saved them last.

import type { Cell, Notebook } from '../notebook.js';
import { escapeAttribute, escapeText } from './entities.js';
import { escapeScriptSource, findScriptEnd, indentBody } from './script-body.js';

const ATTRIBUTE_NAME = /^[^\t\n\f\r />"'=<]+$/;
const CELL_FIELDS = new Set(['id', 'type', 'pinned', 'hidden', 'output']);

export function serializeNotebook(notebook: Notebook): string {
  const parts = ['<!doctype html>\n<notebook', attributes(notebook.attributes ?? {}, 'the notebook'), '>'];
  if (notebook.title !== undefined) parts.push('\n  <title>', escapeText(notebook.title), '</title>');
  const ids = new Set<string>();
  for (const cell of notebook.cells) {
    if (!cell.id) throw new Error(`serializeNotebook: a ${cell.type} cell has no id`);
    if (ids.has(cell.id)) throw new Error(`serializeNotebook: two cells have the id ${cell.id}`);
    ids.add(cell.id);
    parts.push('\n  <script', cellAttributes(cell), '>', body(cell), '</script>');
  }
  parts.push('\n</notebook>\n');
  return parts.join('');
}

function body(cell: Cell): string {
  const text = indentBody(escapeScriptSource(cell.source));
  // An unclosed `<!--` followed by `<script` makes HTML parsers read past this
  // cell's </script>; no escape Notebook Kit understands can prevent that.
  if (findScriptEnd(`${text}</script>`, 0) !== text.length) {
    throw new Error(`serializeNotebook: cell ${cell.id}: its source opens an HTML comment '<!--' and then a '<script' tag without closing the comment ('-->'), which HTML cannot hold inside a <script> element`);
  }
  return text;
}

// Notebook Kit's order: id, type, pinned, hidden, database, output, format; then anything else.
function cellAttributes(cell: Cell): string {
  const extra = cell.attributes ?? {};
  for (const name of Object.keys(extra)) {
    if (CELL_FIELDS.has(name)) throw new Error(`serializeNotebook: cell ${cell.id}: attribute ${name} belongs in the cell's own field`);
  }
  const { database, format, ...rest } = extra;
  const ordered: Record<string, string> = { id: cell.id, type: cell.type };
  if (cell.pinned) ordered.pinned = '';
  if (cell.hidden) ordered.hidden = '';
  if (database !== undefined) ordered.database = database;
  if (cell.output !== undefined) ordered.output = cell.output;
  if (format !== undefined) ordered.format = format;
  return attributes({ ...ordered, ...rest }, `cell ${cell.id}`);
}

function attributes(record: Record<string, string>, owner: string): string {
  let out = '';
  for (const [name, value] of Object.entries(record)) {
    if (!ATTRIBUTE_NAME.test(name)) throw new Error(`serializeNotebook: ${owner}: invalid attribute name ${JSON.stringify(name)}`);
    out += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  return out;
}
