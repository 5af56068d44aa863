// The keys a cell's editor answers beyond CodeMirror's defaults: run the cell
// (Shift+Enter, as in Jupyter and Observable; Mod+Enter runs and stays), leave
// the editor (Escape), and hand Mod+S and the palette to the workbook.
import { Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';

export interface CellKeys {
  /** Runs the cell; `advance` moves the focus to the next cell (Shift+Enter). */
  run(advance: boolean): void;
  /** Leaves the editor (Escape), e.g. to show a markdown cell rendered again. */
  leave(): void;
}

export function cellKeymap(keys: CellKeys): Extension {
  return Prec.highest(keymap.of([
    { key: 'Shift-Enter', run: () => (keys.run(true), true) },
    { key: 'Mod-Enter', run: () => (keys.run(false), true) },
    { key: 'Escape', run: (view) => { view.contentDOM.blur(); keys.leave(); return true; } },
  ]));
}
