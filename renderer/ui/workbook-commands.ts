// The workbook's commands, in one table: what the palette lists, what the
// keys run, and what Electron's menus name. Each runs through the small
// interface below, so the table reads as the app's feature list.
import type { Command } from './commands.js';

export type CellCommand = 'delete' | 'duplicate' | 'up' | 'down' | 'add-below' | 'add-above' | 'pin';

export interface WorkbookActions {
  palette(): void;
  newNotebook(): unknown;
  openDialog(): unknown;
  openRecent(): unknown;
  save(): unknown;
  saveAs(): unknown;
  exportHtml(): unknown;
  reload(): unknown;
  hasFile(): boolean;
  runAll(): void;
  interrupt(): void;
  restart(): void;
  trust(): unknown;
  /** The notebook runs (trusted): cells may be run and edited. */
  editable(): boolean;
  /** A structural command on the focused cell. */
  onCell(command: CellCommand): void;
  runCell(): void;
  editCell(): void;
  setCellType(type: string): void;
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  toggleDependencies(): void;
}

export function workbookCommands(w: WorkbookActions): Command[] {
  const cell = (command: CellCommand) => () => w.onCell(command);
  const editable = () => w.editable();
  return [
    { id: 'palette', title: 'Show all commands and shortcuts', keys: 'Mod-Shift-p F1', run: () => w.palette() },
    { id: 'file.new', title: 'File: New notebook', run: () => w.newNotebook() },
    { id: 'file.open', title: 'File: Open…', keys: 'Mod-o', run: () => w.openDialog() },
    { id: 'file.recent', title: 'File: Open recent…', run: () => w.openRecent() },
    { id: 'file.save', title: 'File: Save', keys: 'Mod-s', run: () => w.save() },
    { id: 'file.save-as', title: 'File: Save as…', keys: 'Mod-Shift-s', run: () => w.saveAs() },
    { id: 'file.export-html', title: 'File: Export HTML…', run: () => w.exportHtml() },
    { id: 'file.reload', title: 'File: Reload from disk', run: () => w.reload(), enabled: () => w.hasFile() },
    { id: 'kernel.run-all', title: 'Kernel: Run all cells', keys: 'Mod-Shift-Enter', run: () => w.runAll(), enabled: editable },
    { id: 'kernel.interrupt', title: 'Kernel: Interrupt', keys: 'Mod-.', run: () => w.interrupt() },
    { id: 'kernel.restart', title: 'Kernel: Restart and run all', run: () => w.restart(), enabled: editable },
    { id: 'kernel.trust', title: 'Kernel: Trust this notebook and run it', run: () => w.trust(), enabled: () => !editable() },
    { id: 'cell.run', title: 'Cell: Run', cellKeys: 'Enter', run: () => w.runCell() },
    { id: 'cell.edit', title: 'Cell: Edit source', cellKeys: 'e', run: () => w.editCell() },
    { id: 'cell.add-below', title: 'Cell: Add below', cellKeys: 'b', run: cell('add-below'), enabled: editable },
    { id: 'cell.add-above', title: 'Cell: Add above', cellKeys: 'a', run: cell('add-above'), enabled: editable },
    { id: 'cell.delete', title: 'Cell: Delete', cellKeys: 'Delete', run: cell('delete'), enabled: editable },
    { id: 'cell.duplicate', title: 'Cell: Duplicate', cellKeys: 'Shift-d', run: cell('duplicate'), enabled: editable },
    { id: 'cell.up', title: 'Cell: Move up', keys: 'Alt-ArrowUp', run: cell('up'), enabled: editable },
    { id: 'cell.down', title: 'Cell: Move down', keys: 'Alt-ArrowDown', run: cell('down'), enabled: editable },
    { id: 'cell.pin', title: 'Cell: Pin or fold the source', cellKeys: 'p', run: cell('pin'), enabled: editable },
    { id: 'cell.to-markdown', title: 'Cell: Make Markdown', cellKeys: 'm', run: () => w.setCellType('text/markdown'), enabled: editable },
    { id: 'cell.to-code', title: 'Cell: Make JavaScript', cellKeys: 'y', run: () => w.setCellType('module'), enabled: editable },
    { id: 'edit.undo', title: 'Edit: Undo cell add / delete / move', keys: 'Mod-z', cellKeys: 'z', run: () => w.undo(), enabled: () => w.canUndo() },
    { id: 'edit.redo', title: 'Edit: Redo cell add / delete / move', keys: 'Mod-Shift-z Mod-y', run: () => w.redo(), enabled: () => w.canRedo() },
    { id: 'view.deps', title: 'View: Show or hide the dependency panel', run: () => w.toggleDependencies() },
  ];
}
