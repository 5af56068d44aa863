// Marks the line of a cell's source that an error points at, until the next run.
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

export const setErrorLine = StateEffect.define<number | null>();

const mark = Decoration.line({ class: 'cm-error-line' });

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      marks = line !== null && line >= 1 && line <= tr.state.doc.lines ? Decoration.set([mark.range(tr.state.doc.line(line).from)]) : Decoration.none;
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function errorLine(): Extension {
  return field;
}
