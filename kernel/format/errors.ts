// One error type for every problem in a notebook file, so callers can show
// "file:line: message" and jump to the line.

export class NotebookFormatError extends Error {
  override name = 'NotebookFormatError';
  /** 1-based line of the problem. */
  readonly line: number;
  /** 1-based column, when known (JSON syntax errors). */
  readonly column?: number;
  /** Byte offset in the file, when the problem is in the bytes themselves (bad UTF-8). */
  readonly offset?: number;
  readonly filename: string;
  /** The message without the "file:line:" prefix. */
  readonly detail: string;

  constructor(filename: string, line: number, detail: string, where: { column?: number; offset?: number } = {}) {
    super(`${filename}:${line}${where.column ? `:${where.column}` : ''}: ${detail}`);
    this.filename = filename;
    this.line = line;
    this.detail = detail;
    if (where.column !== undefined) this.column = where.column;
    if (where.offset !== undefined) this.offset = where.offset;
  }
}

/** The name errors use when the caller did not say which file the text came from. */
export const DEFAULT_FILENAME = 'notebook';
