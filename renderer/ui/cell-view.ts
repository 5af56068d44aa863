// One cell on the page: its outputs above its source, as in Notebook Kit; a
// status badge with run count and last duration; the error at the cell with
// its line, or the name a cell waits for; and a toolbar. Code cells show
// their source when pinned and fold it otherwise; markdown, TeX and HTML
// cells show what they render, and their source while being edited.
import type { Cell } from '../../kernel/notebook.js';
import type { CellState } from '../../kernel/runtime/state.js';
import { createCellEditor, type CellEditor } from '../editor/setup.js';
import { isCodeType } from '../editor/language.js';
import { formatDuration, type CellBadge } from '../model/cell-status.js';
import { showOutputs } from '../outputs/output-view.js';
import { h, iconButton } from './dom.js';
import { icon } from './icons.js';

export const CELL_TYPE_LABELS: Record<string, string> = {
  module: 'JavaScript',
  'text/x-typescript': 'TypeScript',
  'text/markdown': 'Markdown',
  'application/x-tex': 'TeX',
  'text/html': 'HTML',
};

export interface CellActions {
  run(id: string, advance: boolean): void;
  edited(id: string, source: string): void;
  focused(id: string): void;
  showCell(id: string): void;
  command(id: string, command: 'delete' | 'duplicate' | 'up' | 'down' | 'add-below' | 'pin'): void;
  changeType(id: string, type: string): void;
  names(): Iterable<{ name: string; detail: string }>;
}

export class CellView {
  readonly root: HTMLElement;
  cell: Cell;
  readonly #actions: CellActions;
  readonly #editor: CellEditor;
  readonly #editorBox: HTMLElement;
  readonly #outputs: HTMLElement;
  readonly #error: HTMLElement;
  readonly #waiting: HTMLElement;
  readonly #badge: HTMLElement;
  readonly #count: HTMLElement;
  readonly #duration: HTMLElement;
  readonly #type: HTMLSelectElement;
  readonly #pin: HTMLButtonElement;
  readonly #fold: HTMLButtonElement;
  #readOnly: boolean;
  /** A non-code cell's source is open for editing. */
  #editing = false;

  constructor(cell: Cell, actions: CellActions, readOnly: boolean) {
    this.cell = cell;
    this.#actions = actions;
    this.#readOnly = readOnly;
    this.#count = h('span', { class: 'kb-count', title: 'run count' });
    this.#badge = h('span', { class: 'kb-badge', role: 'status' });
    this.#duration = h('span', { class: 'kb-duration', title: 'last run' });
    this.#type = h('select', { class: 'kb-type', 'aria-label': 'cell type', onchange: () => actions.changeType(this.cell.id, this.#type.value) },
      ...Object.entries(CELL_TYPE_LABELS).map(([value, label]) => h('option', { value }, label)));
    if (!(cell.type in CELL_TYPE_LABELS)) this.#type.append(h('option', { value: cell.type }, cell.type));
    this.#pin = iconButton(icon('pin'), 'Pin the source (show it always)', () => actions.command(this.cell.id, 'pin'), { class: 'kb-icon kb-pin', 'aria-pressed': 'false' });
    const id = cell.id;
    const toolbar = h('div', { class: 'kb-cell-toolbar' },
      this.#badge, this.#duration,
      h('span', { class: 'kb-spacer' }),
      this.#type,
      this.#pin,
      iconButton(icon('run'), 'Run cell (Shift+Enter)', () => actions.run(this.cell.id, false), { class: 'kb-icon kb-run' }),
      iconButton(icon('up'), 'Move up (Alt+↑)', () => actions.command(id, 'up')),
      iconButton(icon('down'), 'Move down (Alt+↓)', () => actions.command(id, 'down')),
      iconButton(icon('copy'), 'Duplicate', () => actions.command(id, 'duplicate')),
      iconButton(icon('plus'), 'Add a cell below (B)', () => actions.command(id, 'add-below')),
      iconButton(icon('trash'), 'Delete (Delete)', () => actions.command(id, 'delete'), { class: 'kb-icon kb-delete' }),
    );
    this.#outputs = h('div', { class: 'kb-outputs', 'aria-live': 'polite' });
    this.#error = h('div', { class: 'kb-cell-error', role: 'alert', hidden: true });
    this.#waiting = h('div', { class: 'kb-cell-waiting', hidden: true });
    this.#fold = h('button', { type: 'button', class: 'kb-fold', 'aria-expanded': 'false', onclick: () => this.#toggleFold() }, '');
    this.#editorBox = h('div', { class: 'kb-editor' });
    this.root = h('section', { class: 'kb-cell', 'data-cell-id': cell.id, 'data-status': 'idle', tabindex: '0', 'aria-label': `cell ${cell.id}` },
      h('div', { class: 'kb-cell-gutter' }, this.#count),
      h('div', { class: 'kb-cell-main' }, toolbar, this.#outputs, this.#error, this.#waiting, this.#fold, this.#editorBox));
    this.root.addEventListener('focusin', () => actions.focused(this.cell.id));
    this.#outputs.addEventListener('dblclick', () => { if (!isCodeType(this.cell.type)) this.edit(); });
    this.#editor = createCellEditor({
      parent: this.#editorBox,
      source: cell.source,
      type: cell.type,
      readOnly,
      names: () => actions.names(),
      onChange: (source) => actions.edited(this.cell.id, source),
      onFocus: () => actions.focused(this.cell.id),
      run: (advance) => actions.run(this.cell.id, advance),
      leave: () => { this.#editing = false; this.#layout(); this.root.focus(); },
    });
    this.#layout();
  }

  get source(): string {
    return this.#editor.view.state.doc.toString();
  }

  /** Takes a changed cell from the document (type, pinned, or a reload's source). */
  setCell(cell: Cell): void {
    const typeChanged = cell.type !== this.cell.type;
    this.cell = cell;
    if (typeChanged) this.#editor.setType(cell.type);
    if (cell.source !== this.source) this.#editor.setSource(cell.source);
    this.#layout();
  }

  setReadOnly(readOnly: boolean): void {
    this.#readOnly = readOnly;
    this.#editor.setReadOnly(readOnly);
    this.#layout();
  }

  /** Shows the kernel's state of this cell. */
  update(state: CellState | undefined, badge: CellBadge, graphLabel: (id: string) => string): void {
    this.root.dataset.status = badge.status;
    this.root.classList.toggle('kb-queued', badge.label === 'queued');
    this.#badge.textContent = badge.label;
    this.#badge.dataset.status = badge.status;
    this.#count.textContent = state && state.runCount > 0 ? `[${state.runCount}]` : state?.status === 'queued' || state?.status === 'running' ? '[*]' : '[ ]';
    // A waiting cell did not run: its last duration would be an old run's.
    this.#duration.textContent = state && !badge.waitingFor ? formatDuration(state.lastDurationMs) : '';
    showOutputs(this.#outputs, badge.waitingFor ? [] : state?.outputs ?? []);
    const error = badge.waitingFor ? undefined : state?.status === 'error' ? state.error : undefined;
    this.#error.hidden = !error;
    if (error) {
      this.#error.replaceChildren(h('span', { class: 'kb-error-message' }, error.message), error.line ? h('span', { class: 'kb-error-line' }, ` — line ${error.line}`) : '');
    }
    // A CodeMirror transaction reads the DOM selection (a forced layout): dispatch one only on change.
    const line = error?.line ?? null;
    if (line !== this.#errorLine) {
      this.#errorLine = line;
      this.#editor.showErrorLine(line);
    }
    this.#waiting.hidden = !badge.waitingFor;
    if (badge.waitingFor) {
      const { name, cellId, failed } = badge.waitingFor;
      this.#waiting.replaceChildren('waiting for ', h('code', {}, name),
        ' from ', h('a', { href: `#cell-${cellId}`, onclick: (e: Event) => { e.preventDefault(); this.#actions.showCell(cellId); } }, graphLabel(cellId)),
        failed ? ', which failed' : ', which is waiting too');
    }
    // An error in a folded cell opens its source, where the line is marked.
    if (error?.line && !this.#codeShown()) { this.#unfolded = true; this.#layout(); }
  }

  /** Opens the source for editing and focuses it. */
  edit(): void {
    if (!isCodeType(this.cell.type)) this.#editing = true;
    else this.#unfolded = true;
    this.#layout();
    this.#editor.focus();
  }

  /** After a markdown cell runs, it shows what it renders again. */
  ran(): void {
    if (this.#editing) { this.#editing = false; this.#layout(); }
  }

  focusEditor(): void {
    this.#editor.focus();
  }

  destroy(): void {
    this.#editor.destroy();
    this.root.remove();
  }

  #unfolded = false;
  #errorLine: number | null = null;

  #codeShown(): boolean {
    if (this.#readOnly) return true;
    if (isCodeType(this.cell.type)) return !!this.cell.pinned || this.#unfolded;
    return this.#editing || !this.cell.type.startsWith('text/') && this.cell.type !== 'application/x-tex';
  }

  #toggleFold(): void {
    this.#unfolded = !this.#codeShown();
    if (!isCodeType(this.cell.type)) this.#editing = this.#unfolded;
    this.#layout();
    if (this.#unfolded) this.#editor.focus();
  }

  #layout(): void {
    const code = isCodeType(this.cell.type);
    const shown = this.#codeShown();
    this.#editorBox.hidden = !shown;
    this.root.classList.toggle('kb-code', code);
    this.root.classList.toggle('kb-prose', !code);
    this.root.classList.toggle('kb-editing', this.#editing);
    this.root.classList.toggle('kb-readonly', this.#readOnly);
    this.root.dataset.type = this.cell.type;
    this.#type.value = this.cell.type;
    this.#type.disabled = this.#readOnly;
    this.#pin.hidden = !code;
    this.#pin.setAttribute('aria-pressed', String(!!this.cell.pinned));
    this.#pin.classList.toggle('kb-on', !!this.cell.pinned);
    // Pinned code and edited prose need no fold button; folded code shows one line to open it.
    const foldable = code && !this.cell.pinned && !this.#readOnly;
    this.#fold.hidden = !foldable && !(!code && !this.#readOnly && !this.#editing);
    this.#fold.setAttribute('aria-expanded', String(shown));
    this.#fold.textContent = code ? (shown ? '▾ hide code' : `▸ ${firstLine(this.cell.source)}`) : '✎ edit';
  }
}

function firstLine(source: string): string {
  const line = source.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line || 'show code';
}
