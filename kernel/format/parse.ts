// Reads a .notebook file: Observable Notebook 2.0 HTML as Notebook Kit writes it.
// A small dedicated reader rather than a DOM parser, because it must run in Node
// and the renderer alike, give line numbers, and refuse (rather than silently
// drop) anything the format cannot hold. Script bodies are found with the HTML
// tokenizer's own rules, so we end a cell exactly where a browser would.

import { isKnownCellType, type Cell, type Notebook, type NotebookWarning } from '../notebook.js';
import { decodeReferences } from './entities.js';
import { DEFAULT_FILENAME, NotebookFormatError } from './errors.js';
import { dedentBody, findScriptEnd, unescapeScriptSource } from './script-body.js';
import { decodeUtf8 } from './utf8.js';

export interface ParseOptions {
  /** Used in error messages ("name:12: ..."). */
  filename?: string;
  /** Renumber duplicate ids (with a warning each) instead of throwing. */
  repair?: boolean;
}

/** Attributes stored as Cell fields; everything else goes to cell.attributes. */
const CELL_FIELDS = new Set(['id', 'type', 'pinned', 'hidden', 'output']);

const SPACE = /[\t\n\f\r ]*/y;
const TAG_NAME = /<(\/?)([A-Za-z][^\t\n\f\r />]*)/y;
const ATTRIBUTE_NAME = /[^\t\n\f\r />][^\t\n\f\r />=]*/y;
const UNQUOTED_VALUE = /[^\t\n\f\r >]*/y;
const DOCTYPE = /<!doctype[\t\n\f\r ]+html[\t\n\f\r ]*>/iy;
const TITLE_END = /<\/title[\t\n\f\r />]/gi;

export function parseNotebook(input: string | Uint8Array, options: ParseOptions = {}): Notebook {
  const filename = options.filename ?? DEFAULT_FILENAME;
  let text = typeof input === 'string' ? input : decodeUtf8(input, filename);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // HTML reads CR LF and lone CR as LF; line numbers are unchanged by this.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return new Reader(text, filename).notebook(options.repair ?? false);
}

interface Tag {
  name: string;
  closing: boolean;
  start: number;
  attributes: Map<string, string>;
}

class Reader {
  private pos = 0;
  private lineOffset = 0;
  private lineNumber = 1;
  private readonly warnings: NotebookWarning[] = [];

  constructor(private readonly text: string, private readonly filename: string) {}

  notebook(repair: boolean): Notebook {
    this.skipSpace();
    DOCTYPE.lastIndex = this.pos;
    if (DOCTYPE.test(this.text)) this.pos = DOCTYPE.lastIndex;
    else if (/^<!doctype/i.test(this.text.slice(this.pos, this.pos + 9))) this.fail(this.pos, 'expected <!doctype html>');
    this.skipSpace();
    const first = this.pos;
    if (first >= this.text.length) this.fail(first, 'missing <notebook> element: the file is empty');
    const open = this.tag();
    if (!open || open.closing || open.name !== 'notebook') {
      this.fail(first, `missing <notebook> element: expected <notebook>, found ${open ? `<${open.closing ? '/' : ''}${open.name}>` : this.describe(first)}`);
    }
    const notebook: Notebook = { cells: [] };
    if (open.attributes.size) notebook.attributes = Object.fromEntries(open.attributes);
    let titleLine = 0;

    for (;;) {
      this.skipSpace();
      const at = this.pos;
      if (at >= this.text.length) this.fail(at, `<notebook> opened on line ${this.line(open.start)} is never closed (no </notebook> before the end of the file)`);
      const tag = this.text[at] === '<' ? this.tag() : undefined;
      if (tag?.name === 'notebook' && tag.closing) break;
      if (tag?.name === 'script' && !tag.closing) notebook.cells.push(this.cell(tag));
      else if (tag?.name === 'title' && !tag.closing) {
        if (titleLine) this.fail(at, `a second <title> (the first is on line ${titleLine})`);
        titleLine = this.line(at);
        notebook.title = this.title(tag);
      } else if (tag) {
        this.fail(at, `unexpected <${tag.closing ? '/' : ''}${tag.name}> inside <notebook>: a notebook holds only a <title> and <script> cells`);
      } else {
        this.fail(at, `unexpected ${this.describe(at)} inside <notebook>: a notebook holds only a <title> and <script> cells`);
      }
    }

    this.skipSpace();
    if (this.pos < this.text.length) this.fail(this.pos, `unexpected ${this.describe(this.pos)} after </notebook>`);
    this.checkIds(notebook.cells, repair);
    if (this.warnings.length) notebook.warnings = this.warnings;
    return notebook;
  }

  private cell(tag: Tag): Cell {
    const contentStart = this.pos;
    const end = findScriptEnd(this.text, contentStart);
    if (end < 0) this.fail(tag.start, '<script> is never closed (no </script> before the end of the file)');
    const close = this.text.indexOf('>', end);
    if (close < 0) this.fail(end, '</script> end tag is never closed');
    this.pos = close + 1;

    const a = tag.attributes;
    const line = this.line(tag.start);
    const cell: Cell = {
      id: a.get('id') ?? '',
      type: a.get('type') ?? 'module',
      source: dedentBody(unescapeScriptSource(this.text.slice(contentStart, end))),
    };
    if (a.has('pinned')) cell.pinned = true;
    if (a.has('hidden')) cell.hidden = true;
    if (a.has('output')) cell.output = a.get('output');
    cell.line = line;
    if (!isKnownCellType(cell.type)) {
      cell.unknown = true;
      this.warnings.push({ line, message: `cell ${cell.id || '(no id)'} has type '${cell.type}', which Kernelbook does not run; it is kept as it is` });
    }
    const extra = [...a].filter(([name]) => !CELL_FIELDS.has(name));
    if (extra.length) cell.attributes = Object.fromEntries(extra);
    return cell;
  }

  private title(tag: Tag): string {
    TITLE_END.lastIndex = this.pos;
    const m = TITLE_END.exec(this.text);
    if (!m) this.fail(tag.start, '<title> is never closed (no </title> before the end of the file)');
    const close = this.text.indexOf('>', m.index);
    if (close < 0) this.fail(m.index, '</title> end tag is never closed');
    const title = decodeReferences(this.text.slice(this.pos, m.index));
    this.pos = close + 1;
    return title;
  }

  /** Reads a start or end tag at pos, or returns undefined (pos unchanged) if there is none. */
  private tag(): Tag | undefined {
    const start = this.pos;
    TAG_NAME.lastIndex = start;
    const m = TAG_NAME.exec(this.text);
    if (!m) return undefined;
    const tag: Tag = { name: m[2].toLowerCase(), closing: m[1] === '/', start, attributes: new Map() };
    this.pos = TAG_NAME.lastIndex;
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === undefined) this.fail(start, `<${m[1]}${m[2]}> tag is never closed (no '>' before the end of the file)`);
      if (c === '>') { this.pos++; return tag; }
      if (c === '/') { this.pos++; continue; }
      ATTRIBUTE_NAME.lastIndex = this.pos;
      const nameMatch = ATTRIBUTE_NAME.exec(this.text)!;
      const nameAt = this.pos;
      const name = nameMatch[0].toLowerCase();
      if (/["'<]/.test(name)) this.fail(nameAt, `<${tag.name}> has a malformed attribute name ${JSON.stringify(nameMatch[0])}: is a quote missing or extra?`);
      this.pos = ATTRIBUTE_NAME.lastIndex;
      this.skipSpace();
      let value = '';
      if (this.text[this.pos] === '=') {
        this.pos++;
        this.skipSpace();
        const quote = this.text[this.pos];
        if (quote === '"' || quote === "'") {
          const close = this.text.indexOf(quote, this.pos + 1);
          if (close < 0) this.fail(nameAt, `attribute ${name} of <${tag.name}>: the ${quote} quote is never closed`);
          value = this.text.slice(this.pos + 1, close);
          this.pos = close + 1;
        } else {
          UNQUOTED_VALUE.lastIndex = this.pos;
          value = UNQUOTED_VALUE.exec(this.text)![0];
          this.pos = UNQUOTED_VALUE.lastIndex;
        }
      }
      if (tag.attributes.has(name)) this.fail(nameAt, `<${tag.name}> has the attribute ${name} twice`);
      tag.attributes.set(name, decodeReferences(value));
    }
  }

  private checkIds(cells: Cell[], repair: boolean): void {
    const seen = new Map<string, Cell>();
    const renumber: Cell[] = [];
    let max = 0;
    for (const cell of cells) {
      const n = Number(cell.id);
      if (Number.isInteger(n) && n > max) max = n;
    }
    for (const cell of cells) {
      if (!cell.id) {
        renumber.push(cell);
        this.warnings.push({ line: cell.line!, message: 'cell has no id; it was given a new one' });
        continue;
      }
      const first = seen.get(cell.id);
      if (first) {
        const message = `duplicate cell id ${cell.id}: on line ${first.line} and line ${cell.line}`;
        if (!repair) throw new NotebookFormatError(this.filename, cell.line!, message);
        renumber.push(cell);
        this.warnings.push({ line: cell.line!, message: `${message}; the second was given a new id` });
        continue;
      }
      seen.set(cell.id, cell);
      if (!/^[1-9]\d*$/.test(cell.id)) {
        this.warnings.push({ line: cell.line!, message: `cell id '${cell.id}' is not a positive integer; Notebook Kit will renumber it` });
      }
    }
    for (const cell of renumber) cell.id = String(++max);
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.test(this.text);
    this.pos = SPACE.lastIndex;
  }

  private describe(at: number): string {
    const rest = this.text.slice(at, at + 24).split('\n')[0];
    return rest.startsWith('<!--') ? 'an HTML comment (comments are not kept in a .notebook file)' : `text ${JSON.stringify(rest.length === 24 ? `${rest}…` : rest)}`;
  }

  /** 1-based line of an offset; offsets are mostly asked for in increasing order, so count on from the last one. */
  private line(offset: number): number {
    if (offset < this.lineOffset) { this.lineOffset = 0; this.lineNumber = 1; }
    for (let i = this.text.indexOf('\n', this.lineOffset); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) this.lineNumber++;
    this.lineOffset = offset;
    return this.lineNumber;
  }

  private fail(offset: number, message: string): never {
    throw new NotebookFormatError(this.filename, this.line(offset), message);
  }
}
