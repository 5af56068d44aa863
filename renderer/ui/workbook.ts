// The workbook: one open notebook and everything around it — the file it
// came from (open, save, recovery, trust, changes on disk), the kernel that
// runs it, the kernel bar, the dependency panel, the commands and their keys.
// It is the one place that wires the parts together; each part draws itself.
import type { Notebook } from '../../kernel/notebook.js';
import type { CellState } from '../../kernel/runtime/state.js';
import { sharedEngine } from '../../kernel/builtins/engine.js';
import type { Host, HostCommand, HostPath, OpenedFile } from '../host.js';
import { FileSession } from '../files/file-session.js';
import { baseName, readNotebook, writeNotebook } from '../files/formats.js';
import { exportHtml, inlineStylesheet } from '../files/export-html.js';
import { serializableBundle } from '../outputs/live-mime.js';
import { KernelSession } from '../kernel-session.js';
import { NotebookDoc } from '../model/notebook-doc.js';
import { installHoverTips } from '../outputs/hover-tip.js';
import { installMapZoom } from '../outputs/zoom.js';
import { Banners } from './banners.js';
import { Commands } from './commands.js';
import { DepsPanel } from './deps-panel.js';
import { ask, pickFile } from './dialogs.js';
import { h } from './dom.js';
import { isolationProblem, KernelBar } from './kernel-bar.js';
import { NotebookView } from './notebook-view.js';
import { openPalette } from './palette.js';

const UNTITLED = 'Untitled.notebook';
const EMPTY: Notebook = { title: 'Untitled', cells: [{ id: '1', type: 'module', source: '', pinned: true }] };

export class Workbook {
  readonly host: Host;
  readonly commands = new Commands();
  readonly root: HTMLElement;
  readonly #banners = new Banners();
  readonly #bar: KernelBar;
  readonly #deps: DepsPanel;
  readonly #body: HTMLElement;
  readonly #fileName: HTMLElement;
  #doc: NotebookDoc = new NotebookDoc(EMPTY);
  #file: FileSession;
  #session: KernelSession | null = null;
  #view: NotebookView | null = null;
  #dirty = false;
  #offDoc: (() => void) | null = null;

  constructor(host: Host) {
    this.host = host;
    this.#file = FileSession.untitled(host, '');
    this.#bar = new KernelBar({
      runAll: () => this.commands.run('kernel.run-all'),
      interrupt: () => this.commands.run('kernel.interrupt'),
      restart: () => this.commands.run('kernel.restart'),
      palette: () => this.commands.run('palette'),
    });
    this.#deps = new DepsPanel((id) => this.#view?.showCell(id));
    this.#fileName = h('span', { class: 'kb-file-name' });
    const menu = (label: string, id: string, title: string) => h('button', { type: 'button', 'data-command': id, title, onclick: () => this.commands.run(id) }, label);
    this.#body = h('div', { class: 'kb-body' });
    this.root = h('div', { class: 'kb-app' },
      h('header', { class: 'kb-header' },
        h('span', { class: 'kb-brand' }, 'Kernelbook'),
        this.#fileName,
        h('nav', { class: 'kb-file-menu', 'aria-label': 'file' },
          menu('New', 'file.new', 'New notebook'),
          menu('Open…', 'file.open', 'Open a notebook (Ctrl+O)'),
          menu('Recent', 'file.recent', 'Open a recent notebook'),
          menu('Save', 'file.save', 'Save (Ctrl+S)'),
          menu('Save as…', 'file.save-as', 'Save under a new name (Ctrl+Shift+S)'))),
      this.#bar.root,
      this.#banners.root,
      h('div', { class: 'kb-columns' }, this.#body, this.#deps.root));
    this.#registerCommands();
    installHoverTips(this.#body);
    installMapZoom(this.#body);
    window.addEventListener('keydown', (event) => this.#onKey(event));
    window.addEventListener('beforeunload', (event) => {
      if (!this.#dirty) return;
      void this.#file.flushAutosave();
      event.preventDefault();
      // Older engines (and some Electron versions) look at returnValue instead.
      event.returnValue = '';
    });
    host.onCommand?.((command) => this.#hostCommand(command));
  }

  get doc(): NotebookDoc {
    return this.#doc;
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  /** Starts the engine (for the kernel bar) and says whether the page is isolated. */
  async checkEngine(): Promise<void> {
    const why = await isolationProblem();
    this.#bar.setIsolation(why === null, why);
    if (why) this.#banners.show('isolation', 'warn', `Not cross-origin isolated: ${why}.`);
    try {
      const engine = await sharedEngine() as unknown as { threads: number; reason: string | null };
      this.#bar.setEngine({ threads: engine.threads, reason: engine.reason });
    } catch (error) {
      this.#bar.setEngine(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Opens a notebook from the host, offering recovered work; bad files leave the current notebook as it was. */
  async open(path: HostPath): Promise<boolean> {
    if (!(await this.#confirmDiscard())) return false;
    let opened: OpenedFile;
    let notebook: Notebook;
    let warnings: string[];
    try {
      opened = await this.host.open(path);
      ({ notebook, warnings } = readNotebook(opened.path, opened.text));
    } catch (error) {
      this.#banners.show('open-error', 'error', `Could not open ${path}: ${messageOf(error)}`);
      return false;
    }
    this.#banners.hide('open-error');
    const baseline = safeWrite(opened.path, notebook) ?? opened.text;
    const file = FileSession.opened(this.host, opened, baseline);
    let shown = notebook;
    if (opened.recovery && opened.recovery.text !== opened.text && opened.recovery.text !== baseline) {
      const when = new Date(opened.recovery.savedAtMs).toLocaleString();
      const choice = await ask('Recover unsaved work?', `${baseName(opened.path)} has unsaved changes from ${when} that were never saved (the app or the server stopped). Recover them?`, [
        { id: 'discard', label: 'Discard them' },
        { id: 'recover', label: 'Recover', primary: true },
      ]);
      if (choice === 'recover') {
        try {
          shown = readNotebook(opened.path, opened.recovery.text).notebook;
        } catch (error) {
          this.#banners.show('open-error', 'error', `The recovered copy of ${path} could not be read (${messageOf(error)}); showing the file as saved.`);
        }
      } else if (choice === 'discard') {
        await this.host.discardRecovery(opened.path).catch(() => {});
      }
    }
    this.#show(shown, file);
    if (warnings.length) this.#banners.show('warnings', 'info', `${baseName(opened.path)}: ${warnings.join('; ')}`);
    return true;
  }

  /** A new, untitled notebook. */
  async newNotebook(): Promise<void> {
    if (!(await this.#confirmDiscard())) return;
    this.#show(EMPTY, FileSession.untitled(this.host, safeWrite(UNTITLED, EMPTY) ?? '', untitledKey()));
  }

  /**
   * Offers unsaved work on notebooks that were never saved (the page or the
   * host stopped); true when the user took one.
   */
  async offerUntitledRecovery(): Promise<boolean> {
    const untitled = (await this.host.recoveries().catch(() => [])).filter((r) => !r.exists);
    if (!untitled.length) return false;
    const latest = untitled[0];
    const choice = await ask('Recover an unsaved notebook?', `A notebook that was never saved has work from ${new Date(latest.savedAtMs).toLocaleString()}${untitled.length > 1 ? ` (and ${untitled.length - 1} older)` : ''}. Recover it?`, [
      { id: 'discard', label: 'Discard it' },
      { id: 'later', label: 'Not now' },
      { id: 'recover', label: 'Recover', primary: true },
    ]);
    if (choice === 'discard') await this.host.discardRecovery(latest.path).catch(() => {});
    if (choice !== 'recover') return false;
    try {
      const { notebook } = readNotebook(latest.path, latest.text);
      this.#show(notebook, FileSession.untitled(this.host, safeWrite(UNTITLED, EMPTY) ?? '', latest.path));
      return true;
    } catch (error) {
      this.#banners.show('open-error', 'error', `The recovered notebook could not be read: ${messageOf(error)}`);
      return false;
    }
  }

  /** Saves to the file; asks when the file changed on disk meanwhile. */
  async save(): Promise<boolean> {
    if (this.#file.path === null) return this.saveAs();
    const text = this.#text(this.#file.path);
    if (text === null) return false;
    try {
      await this.#file.save(text);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CONFLICT') {
        this.#banners.show('save-error', 'error', `Could not save ${this.#file.path}: ${messageOf(error)}. Your work is still here and in the recovery copy.`);
        return false;
      }
      const choice = await ask('The file changed on disk', `${baseName(this.#file.path)} was changed by another program since you opened it. Overwrite it with what you see here?`, [
        { id: 'cancel', label: 'Cancel' },
        { id: 'reload', label: 'Reload from disk' },
        { id: 'overwrite', label: 'Overwrite', primary: true },
      ]);
      if (choice === 'reload') { await this.reload(); return false; }
      if (choice !== 'overwrite') return false;
      try {
        await this.#file.save(text, { force: true });
      } catch (again) {
        this.#banners.show('save-error', 'error', `Could not save ${this.#file.path}: ${messageOf(again)}.`);
        return false;
      }
    }
    this.#saved();
    return true;
  }

  async saveAs(): Promise<boolean> {
    const suggested = this.#file.path ?? this.#file.untitledKey ?? UNTITLED;
    let path = this.host.pickSave ? await this.host.pickSave(suggested) : await pickFile(this.host, { saveAs: baseName(suggested) });
    if (!path) return false;
    if (!/\.(notebook|ipynb)$/i.test(path)) path += '.notebook';
    const text = this.#text(path);
    if (text === null) return false;
    try {
      await this.#file.saveAs(path, text);
    } catch (error) {
      const exists = (error as { code?: string }).code === 'CONFLICT';
      const overwrite = exists && await ask('Replace the file?', `${path} already exists. Replace it with this notebook?`, [
        { id: 'cancel', label: 'Cancel' },
        { id: 'overwrite', label: 'Replace', primary: true },
      ]) === 'overwrite';
      if (exists && !overwrite) return false;
      try {
        if (!overwrite) throw error;
        await this.#file.saveAs(path, text, { overwrite: true });
      } catch (again) {
        this.#banners.show('save-error', 'error', `Could not save ${path}: ${messageOf(again)}.`);
        return false;
      }
    }
    this.#watch();
    this.#saved();
    return true;
  }

  /** Writes the notebook with what it shows now as one self-contained HTML page. */
  async exportHtml(): Promise<boolean> {
    const name = baseName(this.#file.path ?? this.#file.untitledKey ?? UNTITLED).replace(/\.(notebook|ipynb)$/i, '.html');
    const suggested = this.#file.path ? this.#file.path.replace(/[^\\/]*$/, name) : name;
    let path = this.host.pickSave ? await this.host.pickSave(suggested) : await pickFile(this.host, { saveAs: name });
    if (!path) return false;
    if (!/\.html?$/i.test(path)) path += '.html';
    try {
      const css = await inlineStylesheet('styles.css');
      const cells = new Map(this.#doc.cells.map((cell) => {
        const state = this.#session?.state(cell.id);
        return [cell.id, { state, outputs: (state?.outputs ?? []).map(serializableBundle) }];
      }));
      await this.host.save(path, exportHtml(this.#doc.toNotebook(), cells, css));
    } catch (error) {
      this.#banners.show('save-error', 'error', `Could not export ${path}: ${messageOf(error)}`);
      return false;
    }
    this.#banners.show('exported', 'info', `Exported ${path}.`);
    return true;
  }

  /** Replaces what the page shows with the file on disk. */
  async reload(): Promise<void> {
    const path = this.#file.path;
    if (path === null) return;
    try {
      const opened = await this.host.open(path);
      const { notebook } = readNotebook(opened.path, opened.text);
      const file = FileSession.opened(this.host, opened, safeWrite(opened.path, notebook) ?? opened.text);
      this.#show(notebook, file);
    } catch (error) {
      this.#banners.show('open-error', 'error', `Could not reload ${path}: ${messageOf(error)}`);
    }
  }

  /** Trusts the notebook's content as it is on disk, then runs it. */
  async trust(): Promise<void> {
    try {
      await this.#file.trust();
    } catch (error) {
      this.#banners.show('trust', 'error', `Could not record trust: ${messageOf(error)}`);
      return;
    }
    this.#banners.hide('trust');
    this.#bar.setRunnable(true);
    this.root.dataset.trusted = 'true';
    this.#view?.setReadOnly(false);
    this.#session?.start(this.#doc.cells);
    this.#view?.refresh();
    this.#bar.setStatus(this.#session?.status ?? 'idle');
    this.#refreshGraph();
  }

  /** The kernel's state of a cell (status, run count, last duration), for automation. */
  cellState(id: string): CellState | undefined {
    return this.#session?.state(id);
  }

  /** Resolves when no cell is queued or running. */
  settled(): Promise<void> {
    return this.#session?.settled() ?? Promise.resolve();
  }

  #show(notebook: Notebook, file: FileSession): void {
    this.#file.close();
    this.#offDoc?.();
    this.#view?.destroy();
    this.#session?.dispose();
    this.#banners.clear();

    this.#file = file;
    file.onAutosave = (error) => {
      // The automation hook: whether the latest unsaved work reached the host's recovery copy.
      this.root.dataset.recovery = error ? 'failed' : 'saved';
      if (!error) { this.#banners.hide('autosave'); return; }
      this.#banners.show('autosave', 'error', `Unsaved changes could not be kept safe: ${messageOf(error)} Your work is still on this page; save it when the host is back.`);
    };
    this.#doc = new NotebookDoc(notebook);
    // The `width` builtin: the output column's width (the cell's gutter taken off), 900 before layout.
    const column = this.#body.clientWidth;
    const session = new KernelSession(column > 0 ? Math.min(960, Math.max(320, column - 60)) : 900);
    this.#session = session;
    const readOnly = !file.trusted;
    this.#view = new NotebookView(this.#doc, session, readOnly, {
      focus: (id) => this.#deps.focus(id),
      graph: () => this.#refreshGraph(),
    });
    this.#body.replaceChildren(this.#view.root);
    session.on('status', (status) => this.#bar.setStatus(status));
    this.#offDoc = this.#doc.on('change', () => this.#changed());
    this.#bar.setRunnable(file.trusted);
    if (file.trusted) {
      session.start(this.#doc.cells);
      this.#view.refresh();
    } else {
      // Compiling reads names without running anything: the panel shows how the cells connect.
      session.preview(this.#doc.cells);
      this.#view.refresh();
      this.#bar.setStatus('stopped');
      this.#banners.show('trust', 'warn',
        h('span', {}, h('strong', {}, 'Not run: '), 'this notebook is not one of the bundled walkthroughs and you have not trusted it. Its cells are code; read them below, then run it if you trust it.'),
        [{ label: 'Trust and run', primary: true, run: () => void this.trust() }]);
    }
    this.#watch();
    this.#refreshGraph();
    this.#changed();
    this.root.dataset.trusted = String(file.trusted);
  }

  #watch(): void {
    this.#file.watch((change) => {
      const name = baseName(change.path);
      if (change.hash === null) {
        this.#banners.show('disk', 'warn', `${name} was deleted or moved on disk. Save to write it again.`);
        return;
      }
      this.#banners.show('disk', 'warn', `${name} changed on disk.${this.#dirty ? ' Reloading discards your unsaved changes here.' : ''}`, [
        { label: 'Reload', primary: true, run: () => void this.reload() },
        { label: 'Keep mine', run: () => this.#banners.hide('disk') },
      ]);
    });
  }

  /** The document as the file at `path` holds it; null (and a banner) if it cannot be written. */
  #text(path: HostPath): string | null {
    try {
      return writeNotebook(path, this.#doc.toNotebook());
    } catch (error) {
      this.#banners.show('save-error', 'error', `Cannot save: ${messageOf(error)}`);
      return null;
    }
  }

  #changed(): void {
    const text = safeWrite(this.#file.path ?? UNTITLED, this.#doc.toNotebook());
    this.#dirty = text === null || this.#file.isDirty(text);
    if (text !== null) this.#file.scheduleAutosave(text);
    if (this.#dirty) this.root.dataset.recovery = 'pending';
    const name = baseName(this.#file.path ?? this.#file.untitledKey ?? UNTITLED);
    this.#fileName.textContent = name;
    this.#fileName.title = this.#file.path ?? 'not saved yet';
    this.root.dataset.dirty = String(this.#dirty);
    document.title = `${this.#dirty ? '● ' : ''}${this.#doc.title ?? name} — Kernelbook`;
  }

  #saved(): void {
    this.#banners.hide('save-error');
    this.#banners.hide('disk');
    this.#changed();
  }

  #refreshGraph(): void {
    if (!this.#view) return;
    this.#deps.update(this.#view.graph, this.#doc.cells.map((c) => c.id));
  }

  async #confirmDiscard(): Promise<boolean> {
    if (!this.#dirty) return true;
    const choice = await ask('Unsaved changes', `${this.#file.path ? baseName(this.#file.path) : UNTITLED} has changes that are not saved.`, [
      { id: 'cancel', label: 'Cancel' },
      { id: 'discard', label: 'Discard' },
      { id: 'save', label: 'Save', primary: true },
    ]);
    if (choice === 'save') return this.save();
    if (choice === 'discard') { await this.#file.discardRecovery().catch(() => {}); return true; }
    return false;
  }

  async #openDialog(): Promise<void> {
    const path = this.host.pickOpen ? await this.host.pickOpen() : await pickFile(this.host);
    if (path) await this.open(path);
  }

  async #openRecent(): Promise<void> {
    const recent = (await this.host.recent()).slice(0, 10);
    if (!recent.length) { this.#banners.show('recent', 'info', 'No recent notebooks yet.'); return; }
    const choice = await ask('Open recent', 'Notebooks opened lately, newest first:', [...recent.map((p) => ({ id: p, label: p })), { id: '', label: 'Cancel' }]);
    if (choice) await this.open(choice);
  }

  #focusedCell(): string | null {
    const active = document.activeElement?.closest?.('.kb-cell') as HTMLElement | null;
    return active?.dataset.cellId ?? this.#view?.focused ?? null;
  }

  #registerCommands(): void {
    const cell = (command: Parameters<NotebookView['command']>[1]) => () => {
      const id = this.#focusedCell();
      if (id) this.#view?.command(id, command);
    };
    const editable = () => this.root.dataset.trusted !== 'false';
    this.commands.add(
      { id: 'palette', title: 'Show all commands and shortcuts', keys: 'Mod-Shift-p F1', run: () => openPalette(this.commands) },
      { id: 'file.new', title: 'File: New notebook', run: () => this.newNotebook() },
      { id: 'file.open', title: 'File: Open…', keys: 'Mod-o', run: () => this.#openDialog() },
      { id: 'file.recent', title: 'File: Open recent…', run: () => this.#openRecent() },
      { id: 'file.save', title: 'File: Save', keys: 'Mod-s', run: () => this.save() },
      { id: 'file.save-as', title: 'File: Save as…', keys: 'Mod-Shift-s', run: () => this.saveAs() },
      { id: 'file.export-html', title: 'File: Export HTML…', run: () => this.exportHtml() },
      { id: 'file.reload', title: 'File: Reload from disk', run: () => this.reload(), enabled: () => this.#file.path !== null },
      { id: 'kernel.run-all', title: 'Kernel: Run all cells', keys: 'Mod-Shift-Enter', run: () => this.#view?.runAll(), enabled: editable },
      { id: 'kernel.interrupt', title: 'Kernel: Interrupt', keys: 'Mod-.', run: () => this.#session?.interrupt() },
      { id: 'kernel.restart', title: 'Kernel: Restart and run all', run: () => this.#session?.restart(), enabled: editable },
      { id: 'kernel.trust', title: 'Kernel: Trust this notebook and run it', run: () => this.trust(), enabled: () => !editable() },
      { id: 'cell.run', title: 'Cell: Run', cellKeys: 'Enter', run: () => { const id = this.#focusedCell(); if (id) this.#view?.run(id); } },
      { id: 'cell.edit', title: 'Cell: Edit source', cellKeys: 'e', run: () => { const id = this.#focusedCell(); if (id) this.#view?.view(id)?.edit(); } },
      { id: 'cell.add-below', title: 'Cell: Add below', cellKeys: 'b', run: cell('add-below'), enabled: editable },
      { id: 'cell.add-above', title: 'Cell: Add above', cellKeys: 'a', run: cell('add-above'), enabled: editable },
      { id: 'cell.delete', title: 'Cell: Delete', cellKeys: 'Delete', run: cell('delete'), enabled: editable },
      { id: 'cell.duplicate', title: 'Cell: Duplicate', cellKeys: 'Shift-d', run: cell('duplicate'), enabled: editable },
      { id: 'cell.up', title: 'Cell: Move up', keys: 'Alt-ArrowUp', run: cell('up'), enabled: editable },
      { id: 'cell.down', title: 'Cell: Move down', keys: 'Alt-ArrowDown', run: cell('down'), enabled: editable },
      { id: 'cell.pin', title: 'Cell: Pin or fold the source', cellKeys: 'p', run: cell('pin'), enabled: editable },
      { id: 'cell.to-markdown', title: 'Cell: Make Markdown', cellKeys: 'm', run: () => { const id = this.#focusedCell(); if (id) this.#doc.change(id, { type: 'text/markdown' }); }, enabled: editable },
      { id: 'cell.to-code', title: 'Cell: Make JavaScript', cellKeys: 'y', run: () => { const id = this.#focusedCell(); if (id) this.#doc.change(id, { type: 'module' }); }, enabled: editable },
      { id: 'edit.undo', title: 'Edit: Undo cell add / delete / move', keys: 'Mod-z', cellKeys: 'z', run: () => this.#doc.undo(), enabled: () => this.#doc.canUndo },
      { id: 'edit.redo', title: 'Edit: Redo cell add / delete / move', keys: 'Mod-Shift-z Mod-y', run: () => this.#doc.redo(), enabled: () => this.#doc.canRedo },
      { id: 'view.deps', title: 'View: Show or hide the dependency panel', run: () => { this.#deps.root.hidden = !this.#deps.root.hidden; } },
    );
  }

  #onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    const target = event.target as HTMLElement | null;
    // Keys typed into an editor, an input or a dialog belong there, unless they are the app's Mod- shortcuts.
    const inCell = !!target?.classList?.contains('kb-cell');
    const editing = !!target?.closest?.('.cm-editor, input, textarea, select, [contenteditable], dialog');
    const command = this.commands.match(event, inCell && !editing);
    if (!command) return;
    const global = command.keys !== undefined && this.commands.match(event, false) === command;
    if (editing && !(global && (event.ctrlKey || event.metaKey || event.key === 'F1'))) return;
    // Undo in an editor is the editor's own.
    if (editing && command.id.startsWith('edit.')) return;
    if (command.enabled?.() === false) return;
    event.preventDefault();
    this.commands.run(command.id);
  }

  #hostCommand(command: HostCommand): void {
    if (typeof command === 'object') { void this.open(command.open); return; }
    const ids: Record<string, string> = {
      new: 'file.new', open: 'file.open', save: 'file.save', 'save-as': 'file.save-as', 'export-html': 'file.export-html', 'run-all': 'kernel.run-all',
      interrupt: 'kernel.interrupt', restart: 'kernel.restart', 'command-palette': 'palette',
    };
    if (command === 'close') { void this.#confirmDiscard().then((ok) => { if (ok) this.host.close?.(); }); return; }
    if (ids[command]) this.commands.run(ids[command]);
  }
}

/** The recovery key of a new notebook: a name no saved notebook is likely to have. */
function untitledKey(): HostPath {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `Untitled-${stamp}.notebook`;
}

function safeWrite(path: HostPath, notebook: Notebook): string | null {
  try {
    return writeNotebook(path, notebook);
  } catch {
    return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
