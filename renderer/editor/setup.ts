// One cell's CodeMirror editor, composed in this one place from small
// extensions: language by cell type, the workbook's keys, completion of the
// notebook's names, theme, error line, and CodeMirror's own history, search,
// bracket matching and folding.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { notebookCompletion } from './completion.js';
import { errorLine, setErrorLine } from './error-line.js';
import { cellKeymap, type CellKeys } from './keymap.js';
import { isCodeType, languageFor } from './language.js';
import { editorTheme } from './theme.js';

export interface CellEditorOptions extends CellKeys {
  parent: HTMLElement;
  source: string;
  type: string;
  readOnly: boolean;
  /** The notebook's names, for completion. */
  names: () => Iterable<{ name: string; detail: string }>;
  onChange(source: string): void;
  onFocus?(): void;
}

export interface CellEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
  setType(type: string): void;
  /** Replaces the text (a reload from disk); undo brings the old text back. */
  setSource(source: string): void;
  showErrorLine(line: number | null): void;
  focus(): void;
  destroy(): void;
}

export function createCellEditor(options: CellEditorOptions): CellEditor {
  const language = new Compartment();
  const readOnly = new Compartment();
  const gutter = new Compartment();
  const extensions = (type: string, locked: boolean): Extension => [
    language.of(languageFor(type)),
    readOnly.of([EditorState.readOnly.of(locked), EditorView.editable.of(!locked)]),
    gutter.of(isCodeType(type) ? [lineNumbers(), foldGutter(), highlightActiveLineGutter()] : []),
  ];
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.source,
      extensions: [
        cellKeymap(options),
        extensions(options.type, options.readOnly),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        autocompletion({ activateOnTyping: true }),
        notebookCompletion(options.names),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, indentWithTab]),
        EditorView.lineWrapping,
        editorTheme(),
        errorLine(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
          if (update.focusChanged && update.view.hasFocus) options.onFocus?.();
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'cell source' }),
      ],
    }),
  });
  return {
    view,
    setReadOnly: (locked) => view.dispatch({ effects: readOnly.reconfigure([EditorState.readOnly.of(locked), EditorView.editable.of(!locked)]) }),
    setType: (type) => view.dispatch({ effects: [language.reconfigure(languageFor(type)), gutter.reconfigure(isCodeType(type) ? [lineNumbers(), foldGutter(), highlightActiveLineGutter()] : [])] }),
    setSource: (source) => {
      if (source !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
    },
    showErrorLine: (line) => view.dispatch({ effects: setErrorLine.of(line) }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
