// The notebook being edited: its cells in order, the structural edits made to
// them (add, delete, move, duplicate, pin, change type) with undo and redo,
// and each cell's latest source as typed. Typing is not a structural edit:
// each cell's editor keeps its own undo history; `setSource` only records
// the text so saving, autosave and the kernel read one place.
import { nextCellId, type Cell, type Notebook } from '../../kernel/notebook.js';
import { Emitter } from '../../kernel/runtime/state.js';
import { applyEdit, fieldsOf, type CellEdit, type CellFields } from './cell-edits.js';

export type DocChange =
  | { kind: 'insert'; index: number; cell: Cell }
  | { kind: 'delete'; id: string }
  | { kind: 'move'; id: string; index: number }
  | { kind: 'change'; cell: Cell; fields: (keyof CellFields)[] }
  | { kind: 'source'; cell: Cell };

/** How many structural edits undo remembers. */
const UNDO_DEPTH = 200;

export class NotebookDoc extends Emitter<{ change: DocChange }> {
  #cells: Cell[];
  readonly #base: Omit<Notebook, 'cells'>;
  #undo: CellEdit[] = [];
  #redo: CellEdit[] = [];
  /** Bumped by every change, so a saved version can be recognised. */
  version = 0;

  constructor(notebook: Notebook) {
    super();
    const { cells, warnings: _warnings, ...base } = notebook;
    this.#cells = cells.map((c) => ({ ...c }));
    this.#base = base;
  }

  get cells(): readonly Cell[] {
    return this.#cells;
  }

  get title(): string | undefined {
    return this.#base.title;
  }

  /** The notebook's language (<notebook lang="zh-CN">), if it names one. */
  get language(): string | undefined {
    return this.#base.attributes?.lang;
  }

  cell(id: string): Cell | undefined {
    return this.#cells.find((c) => c.id === id);
  }

  indexOf(id: string): number {
    return this.#cells.findIndex((c) => c.id === id);
  }

  /** The notebook as a file holds it, sources as typed. */
  toNotebook(): Notebook {
    return { ...this.#base, cells: this.#cells.map((c) => ({ ...c })) };
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  /** A new cell after `afterId` (at the top when null); returns it. */
  add(afterId: string | null, type = 'module', source = ''): Cell {
    const cell: Cell = { id: nextCellId({ cells: this.#cells }), type, source };
    if (type === 'module' || type === 'text/x-typescript') cell.pinned = true;
    const index = afterId === null ? 0 : this.#indexOrThrow(afterId) + 1;
    this.#do({ kind: 'insert', index, cell });
    return cell;
  }

  /** A copy of the cell, with a new id, right after it; returns the copy. */
  duplicate(id: string): Cell {
    const index = this.#indexOrThrow(id);
    const { line: _line, ...rest } = this.#cells[index];
    const cell: Cell = { ...rest, id: nextCellId({ cells: this.#cells }) };
    // A copy that kept `output` would define the same name twice.
    delete cell.output;
    this.#do({ kind: 'insert', index: index + 1, cell });
    return cell;
  }

  delete(id: string): void {
    const index = this.#indexOrThrow(id);
    this.#do({ kind: 'delete', index, cell: this.#cells[index] });
  }

  /** Moves a cell up (-1) or down (+1); false when it is already at that end. */
  move(id: string, delta: number): boolean {
    const from = this.#indexOrThrow(id);
    const to = Math.max(0, Math.min(this.#cells.length - 1, from + delta));
    if (to === from) return false;
    this.#do({ kind: 'move', from, to });
    return true;
  }

  /** Changes a cell's type, pinned or hidden flag, undoably. */
  change(id: string, fields: CellFields): void {
    const cell = this.#cells[this.#indexOrThrow(id)];
    this.#do({ kind: 'change', id, before: fieldsOf(cell, fields), after: fields });
  }

  /** Records what the user typed; not a structural edit. */
  setSource(id: string, source: string): void {
    const index = this.#indexOrThrow(id);
    if (this.#cells[index].source === source) return;
    this.#cells[index] = { ...this.#cells[index], source };
    this.version++;
    this.emit('change', { kind: 'source', cell: this.#cells[index] });
  }

  undo(): boolean {
    const edit = this.#undo.pop();
    if (!edit) return false;
    this.#redo.push(this.#apply(edit));
    return true;
  }

  redo(): boolean {
    const edit = this.#redo.pop();
    if (!edit) return false;
    this.#undo.push(this.#apply(edit));
    return true;
  }

  #do(edit: CellEdit): void {
    this.#undo.push(this.#apply(edit));
    if (this.#undo.length > UNDO_DEPTH) this.#undo.shift();
    this.#redo = [];
  }

  /** Applies an edit, tells listeners, and returns its inverse. */
  #apply(edit: CellEdit): CellEdit {
    const before = this.#cells;
    const { cells, inverse } = applyEdit(before, edit);
    this.#cells = cells;
    this.version++;
    switch (edit.kind) {
      case 'insert': this.emit('change', { kind: 'insert', index: edit.index, cell: cells[edit.index] }); break;
      case 'delete': this.emit('change', { kind: 'delete', id: edit.cell.id }); break;
      case 'move': this.emit('change', { kind: 'move', id: before[edit.from].id, index: edit.to }); break;
      case 'change': this.emit('change', { kind: 'change', cell: cells.find((c) => c.id === edit.id)!, fields: Object.keys(edit.after) as (keyof CellFields)[] }); break;
    }
    return inverse;
  }

  #indexOrThrow(id: string): number {
    const index = this.indexOf(id);
    if (index < 0) throw new Error(`no cell ${id} in this notebook`);
    return index;
  }
}
