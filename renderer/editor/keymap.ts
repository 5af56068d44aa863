// The keys a cell's editor answers beyond CodeMirror's defaults: run the cell
// (Shift+Enter, as in Jupyter and Observable; Mod+Enter runs and stays), leave
// the editor (Escape), and hand Mod+S and the palette to the workbook.
import { completionStatus } from '@codemirror/autocomplete';
import { searchPanelOpen } from '@codemirror/search';
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
    {
      key: 'Escape',
      run: (view) => {
        // An open completion list or search panel closes first, as CodeMirror does it.
        if (completionStatus(view.state) !== null || searchPanelOpen(view.state)) return false;
        view.contentDOM.blur();
        keys.leave();
        return true;
      },
    },
  ]));
}
