// The in-memory shape of a .notebook file (Observable Notebook 2.0 HTML).
// kernel/format reads and writes it; the runtime, runner and renderer use it.

/** Cell types Kernelbook runs. Anything else is kept and round-tripped untouched. */
export const CELL_TYPES = ['module', 'text/x-typescript', 'text/markdown', 'text/html', 'application/x-tex'] as const;
export type KnownCellType = (typeof CELL_TYPES)[number];

export interface Cell {
  /** The cell's id attribute, unique in its notebook (a string of digits in Notebook Kit files). */
  id: string;
  /** The script's `type` attribute, e.g. 'module' or 'text/markdown'; unknown types are kept. */
  type: string;
  /** The cell's source text, unescaped. */
  source: string;
  /** Show the source next to the output. */
  pinned?: boolean;
  /** Hide the output. */
  hidden?: boolean;
  /** The `output` attribute: the name the cell's value is exposed as, if any. */
  output?: string;
  /** 1-based line of the <script> tag in the file, for error messages. */
  line?: number;
  /** Set when `type` is not one of CELL_TYPES: the cell is shown as such, never run, and written back untouched. */
  unknown?: true;
  /** Other attributes of the cell's <script> (e.g. Notebook Kit's `database`, `format`), kept in file order. */
  attributes?: Record<string, string>;
}

/** Something the parser recovered from, with the line it is about. */
export interface NotebookWarning {
  line: number;
  message: string;
}

export interface Notebook {
  title?: string;
  /** Notebook-level theme / attributes kept for round-trip. */
  attributes?: Record<string, string>;
  cells: Cell[];
  /** Problems the parser recovered from (unknown cell types, repaired duplicate ids); never serialized. */
  warnings?: NotebookWarning[];
}

export function isKnownCellType(type: string): type is KnownCellType {
  return (CELL_TYPES as readonly string[]).includes(type);
}

/** A fresh id for a new cell: one more than the largest numeric id, as Notebook Kit numbers them. */
export function nextCellId(notebook: Notebook): string {
  let max = 0;
  for (const cell of notebook.cells) {
    const n = Number(cell.id);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return String(max + 1);
}
