// NotebookDoc: the structural edits of the workbook (add, delete, move,
// duplicate, change type or pin) and their undo and redo, as the cells'
// order and contents a reader sees after each step.
import { describe, expect, it } from 'vitest';
import { NotebookDoc, type DocChange } from '../../renderer/model/notebook-doc.js';
import { applyEdit } from '../../renderer/model/cell-edits.js';
import type { Notebook } from '../../kernel/notebook.js';

const notebook = (): Notebook => ({
  title: 'T',
  cells: [
    { id: '1', type: 'text/markdown', source: '# One' },
    { id: '2', type: 'module', source: 'const a = 1;', pinned: true },
    { id: '5', type: 'module', source: 'a + 1' },
  ],
});

const layout = (doc: NotebookDoc) => doc.cells.map((c) => `${c.id}:${c.source}`);

describe('NotebookDoc', () => {
  it('add(afterId) inserts a pinned code cell with the next numeric id; undo removes it, redo brings it back', () => {
    const doc = new NotebookDoc(notebook());
    const cell = doc.add('2', 'module', 'b');
    expect(cell).toEqual({ id: '6', type: 'module', source: 'b', pinned: true });
    expect(layout(doc)).toEqual(['1:# One', '2:const a = 1;', '6:b', '5:a + 1']);
    expect(doc.undo()).toBe(true);
    expect(layout(doc)).toEqual(['1:# One', '2:const a = 1;', '5:a + 1']);
    expect(doc.redo()).toBe(true);
    expect(layout(doc)).toEqual(['1:# One', '2:const a = 1;', '6:b', '5:a + 1']);
  });

  it('add(null) puts the cell first', () => {
    const doc = new NotebookDoc(notebook());
    doc.add(null, 'text/markdown', 'top');
    expect(doc.cells[0]).toMatchObject({ id: '6', type: 'text/markdown', source: 'top' });
    expect(doc.cells[0].pinned).toBeUndefined();
  });

  it('delete then undo restores the cell where it was, with what was typed into it before the delete', () => {
    const doc = new NotebookDoc(notebook());
    doc.setSource('2', 'const a = 2;');
    doc.delete('2');
    expect(layout(doc)).toEqual(['1:# One', '5:a + 1']);
    doc.undo();
    expect(layout(doc)).toEqual(['1:# One', '2:const a = 2;', '5:a + 1']);
    expect(doc.cell('2')!.pinned).toBe(true);
  });

  it('move(id, ±1) swaps neighbours, stops at the ends, and undo moves back', () => {
    const doc = new NotebookDoc(notebook());
    expect(doc.move('1', -1)).toBe(false);
    expect(doc.move('1', +1)).toBe(true);
    expect(doc.cells.map((c) => c.id)).toEqual(['2', '1', '5']);
    expect(doc.move('5', +1)).toBe(false);
    doc.undo();
    expect(doc.cells.map((c) => c.id)).toEqual(['1', '2', '5']);
    expect(doc.canUndo).toBe(false);
  });

  it('duplicate copies source and flags under a new id right after, but not `output` (a name is defined once)', () => {
    const doc = new NotebookDoc({ cells: [{ id: '3', type: 'module', source: '1 + 1', output: 'two', pinned: true, line: 4 }] });
    const copy = doc.duplicate('3');
    expect(copy).toEqual({ id: '4', type: 'module', source: '1 + 1', pinned: true });
    expect(doc.cells.map((c) => c.id)).toEqual(['3', '4']);
  });

  it('change(id, {pinned}) and change(id, {type}) are undoable; unpinning removes the flag from the file', () => {
    const doc = new NotebookDoc(notebook());
    doc.change('2', { pinned: false });
    expect('pinned' in doc.cell('2')!).toBe(false);
    doc.change('5', { type: 'text/markdown' });
    expect(doc.cell('5')!.type).toBe('text/markdown');
    doc.undo();
    expect(doc.cell('5')!.type).toBe('module');
    doc.undo();
    expect(doc.cell('2')!.pinned).toBe(true);
  });

  it('a new edit clears the redo stack', () => {
    const doc = new NotebookDoc(notebook());
    doc.delete('5');
    doc.undo();
    expect(doc.canRedo).toBe(true);
    doc.add('1');
    expect(doc.canRedo).toBe(false);
    expect(doc.redo()).toBe(false);
  });

  it('setSource is not a structural edit: nothing to undo, but listeners hear it and toNotebook has it', () => {
    const doc = new NotebookDoc(notebook());
    const heard: DocChange[] = [];
    doc.on('change', (c) => heard.push(c));
    doc.setSource('5', 'a + 2');
    doc.setSource('5', 'a + 2');
    expect(doc.canUndo).toBe(false);
    expect(heard.map((c) => c.kind)).toEqual(['source']);
    expect(doc.toNotebook()).toEqual({ title: 'T', cells: [notebook().cells[0], notebook().cells[1], { id: '5', type: 'module', source: 'a + 2' }] });
  });

  it('tells listeners what changed, so the page and the kernel follow: insert, move, delete, change', () => {
    const doc = new NotebookDoc(notebook());
    const heard: string[] = [];
    doc.on('change', (c) => heard.push(c.kind === 'insert' ? `insert ${c.cell.id}@${c.index}` : c.kind === 'move' ? `move ${c.id}@${c.index}` : c.kind === 'delete' ? `delete ${c.id}` : `${c.kind} ${c.cell.id}`));
    doc.add('5');
    doc.move('6', -1);
    doc.change('6', { type: 'text/html' });
    doc.delete('6');
    doc.undo();
    expect(heard).toEqual(['insert 6@3', 'move 6@2', 'change 6', 'delete 6', 'insert 6@2']);
  });

  it('refuses edits of cells it does not have, and leaves the cells as they were', () => {
    const doc = new NotebookDoc(notebook());
    expect(() => doc.delete('9')).toThrow('no cell 9 in this notebook');
    expect(() => applyEdit(doc.cells, { kind: 'insert', index: 0, cell: { id: '1', type: 'module', source: '' } })).toThrow('a cell with id 1 already exists');
    expect(() => applyEdit(doc.cells, { kind: 'move', from: 0, to: 3 })).toThrow(RangeError);
    expect(doc.cells.map((c) => c.id)).toEqual(['1', '2', '5']);
  });
});
