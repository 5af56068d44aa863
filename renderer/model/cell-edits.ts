// Structural edits of a notebook's cell list as data: each edit applied to a
// list gives the new list and the edit that undoes it. Insert and delete are
// each other's inverse, a move is undone by the move back, a change of a
// cell's fields by the change back, so undo and redo are the same operation.
import type { Cell } from '../../kernel/notebook.js';

/** The fields of a cell a structural edit may change (its source is the editor's). */
export type CellFields = Partial<Pick<Cell, 'type' | 'pinned' | 'hidden' | 'source'>>;

export type CellEdit =
  | { kind: 'insert'; index: number; cell: Cell }
  | { kind: 'delete'; index: number; cell: Cell }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'change'; id: string; before: CellFields; after: CellFields };

export interface Applied {
  cells: Cell[];
  inverse: CellEdit;
}

export function applyEdit(cells: readonly Cell[], edit: CellEdit): Applied {
  const next = cells.slice();
  switch (edit.kind) {
    case 'insert': {
      if (!(edit.index >= 0 && edit.index <= cells.length)) throw new RangeError(`insert: index ${edit.index} is outside 0..${cells.length}`);
      if (cells.some((c) => c.id === edit.cell.id)) throw new Error(`insert: a cell with id ${edit.cell.id} already exists`);
      next.splice(edit.index, 0, edit.cell);
      return { cells: next, inverse: { kind: 'delete', index: edit.index, cell: edit.cell } };
    }
    case 'delete': {
      if (cells[edit.index]?.id !== edit.cell.id) throw new Error(`delete: cell ${edit.cell.id} is not at index ${edit.index}`);
      // The inverse re-inserts the cell as it is now, not as the edit recorded it.
      const [removed] = next.splice(edit.index, 1);
      return { cells: next, inverse: { kind: 'insert', index: edit.index, cell: removed } };
    }
    case 'move': {
      const { from, to } = edit;
      if (!(from >= 0 && from < cells.length && to >= 0 && to < cells.length)) throw new RangeError(`move: ${from} -> ${to} is outside 0..${cells.length - 1}`);
      const [cell] = next.splice(from, 1);
      next.splice(to, 0, cell);
      return { cells: next, inverse: { kind: 'move', from: to, to: from } };
    }
    case 'change': {
      const index = cells.findIndex((c) => c.id === edit.id);
      if (index < 0) throw new Error(`change: no cell ${edit.id}`);
      const cell = { ...cells[index] };
      for (const [key, value] of Object.entries(edit.after) as [keyof CellFields, unknown][]) {
        if (value === undefined || value === false) delete cell[key];
        else (cell as Record<string, unknown>)[key] = value;
      }
      next[index] = cell;
      return { cells: next, inverse: { kind: 'change', id: edit.id, before: edit.after, after: edit.before } };
    }
  }
}

/** The fields of `cell` named in `fields`, as they are now (to record a change's `before`). */
export function fieldsOf(cell: Cell, fields: CellFields): CellFields {
  const out: CellFields = {};
  for (const key of Object.keys(fields) as (keyof CellFields)[]) (out as Record<string, unknown>)[key] = cell[key];
  return out;
}
