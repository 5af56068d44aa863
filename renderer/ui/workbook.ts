// The workbook: one open notebook and everything around it — the file it
// came from (open, save, recovery, trust, changes on disk), the kernel that
// runs it, the kernel bar, the dependency panel, the commands and their keys.
// It is the one place that wires the parts together; each part draws itself.
import type { Notebook } from '../../kernel/notebook.js';
import type { CellState } from '../../kernel/runtime/state.js';
import { sharedEngine } from '../../kernel/builtins/engine.js';
import type { Host, HostCommand, HostPath, OpenedFile } from '../host.js';
import { FileSession } from '../files/file-session.js';
import { baseName } from '../files/formats.js';
import { EMPTY, FileActions, messageOf, safeWrite, UNTITLED } from './file-actions.js';
import { KernelSession } from '../kernel-session.js';
import { NotebookDoc } from '../model/notebook-doc.js';
import { installHoverTips } from '../outputs/hover-tip.js';
import { installMapZoom } from '../outputs/zoom.js';
import { Banners } from './banners.js';
import { commandForKey, Commands } from './commands.js';
import { workbookCommands } from './workbook-commands.js';
import { DepsPanel } from './deps-panel.js';
import { ask, pickFile } from './dialogs.js';
import { h } from './dom.js';
import { isolationProblem, KernelBar } from './kernel-bar.js';
import { NotebookView } from './notebook-view.js';
import { openPalette } from './palette.js';
import { HelpMenu } from './help-menu.js';


export class Workbook {
  readonly host: Host;
  readonly commands = new Commands();
  readonly root: HTMLElement;
  readonly #banners = new Banners();
  readonly #bar: KernelBar;
  readonly #deps: DepsPanel;
  readonly #help: HelpMenu;
  readonly #body: HTMLElement;
  readonly #fileName: HTMLElement;
  #doc: NotebookDoc = new NotebookDoc(EMPTY);
  #file: FileSession;
  #session: KernelSession | null = null;
  #view: NotebookView | null = null;
  #dirty = false;
  #offDoc: (() => void) | null = null;
  readonly #files: FileActions;

  constructor(host: Host) {
    this.host = host;
    this.#file = FileSession.untitled(host, '');
    this.#files = new FileActions({
      host,
      banners: this.#banners,
      file: () => this.#file,
      doc: () => this.#doc,
      dirty: () => this.#dirty,
      cellState: (id) => this.#session?.state(id),
      show: (notebook, file) => this.#show(notebook, file),
      saved: () => this.#saved(),
      watch: () => this.#watch(),
    });
    this.#bar = new KernelBar({
      runAll: () => this.commands.run('kernel.run-all'),
      interrupt: () => this.commands.run('kernel.interrupt'),
      restart: () => this.commands.run('kernel.restart'),
      palette: () => this.commands.run('palette'),
    });
    this.#deps = new DepsPanel((id) => this.#view?.showCell(id));
    this.#help = new HelpMenu({ open: (path) => this.open(path), palette: () => this.commands.run('palette') });
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
          menu('Save as…', 'file.save-as', 'Save under a new name (Ctrl+Shift+S)'),
          this.#help.button),
        this.#help.menu),
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

  /** Lists the host's walkthroughs in the Help menu and the palette. */
  async loadHelp(): Promise<void> {
    await this.#help.load(this.host);
    this.commands.add(...this.#help.commands());
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

  /** Opens a notebook from the host, offering recovered work; a bad file leaves the current notebook as it was. */
  open(path: HostPath): Promise<boolean> {
    return this.#files.open(path);
  }

  newNotebook(): Promise<void> {
    return this.#files.newNotebook();
  }

  /** Offers unsaved work on notebooks never saved (after a crash); true when the user took one. */
  offerUntitledRecovery(): Promise<boolean> {
    return this.#files.offerUntitledRecovery();
  }

  save(): Promise<boolean> {
    return this.#files.save();
  }

  saveAs(): Promise<boolean> {
    return this.#files.saveAs();
  }

  exportHtml(): Promise<boolean> {
    return this.#files.exportHtml();
  }

  reload(): Promise<void> {
    return this.#files.reload();
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
    this.#session?.start(this.#doc.cells, this.#doc.language);
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
    // The notebook's language (<notebook lang="zh-CN">) on its cells, so the browser picks Chinese glyphs for them; the app's own words stay English.
    if (this.#doc.language) this.#view.root.lang = this.#doc.language;
    this.#body.replaceChildren(this.#view.root);
    session.on('status', (status) => this.#bar.setStatus(status));
    this.#offDoc = this.#doc.on('change', () => this.#changed());
    this.#bar.setRunnable(file.trusted);
    if (file.trusted) {
      session.start(this.#doc.cells, this.#doc.language);
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

  #focusedCell(): string | null {
    const active = document.activeElement?.closest?.('.kb-cell') as HTMLElement | null;
    return active?.dataset.cellId ?? this.#view?.focused ?? null;
  }

  #registerCommands(): void {
    const focused = (f: (id: string) => void) => { const id = this.#focusedCell(); if (id) f(id); };
    this.commands.add(...workbookCommands({
      palette: () => openPalette(this.commands),
      newNotebook: () => this.newNotebook(),
      openDialog: () => this.#files.openDialog(),
      openRecent: () => this.#files.openRecent(),
      save: () => this.save(),
      saveAs: () => this.saveAs(),
      exportHtml: () => this.exportHtml(),
      reload: () => this.reload(),
      hasFile: () => this.#file.path !== null,
      runAll: () => this.#view?.runAll(),
      interrupt: () => this.#session?.interrupt(),
      restart: () => this.#session?.restart(),
      trust: () => this.trust(),
      editable: () => this.root.dataset.trusted !== 'false',
      onCell: (command) => focused((id) => this.#view?.command(id, command)),
      runCell: () => focused((id) => this.#view?.run(id)),
      editCell: () => focused((id) => this.#view?.view(id)?.edit()),
      setCellType: (type) => focused((id) => this.#doc.change(id, { type })),
      undo: () => this.#doc.undo(),
      redo: () => this.#doc.redo(),
      canUndo: () => this.#doc.canUndo,
      canRedo: () => this.#doc.canRedo,
      toggleDependencies: () => { this.#deps.root.hidden = !this.#deps.root.hidden; },
    }));
    this.commands.add({ id: 'help.menu', title: 'Help: Walkthroughs…', run: () => this.#help.toggle() });
  }

  #onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    const command = commandForKey(this.commands, event, {
      inCell: !!target?.classList?.contains('kb-cell'),
      editing: !!target?.closest?.('.cm-editor, input, textarea, select, [contenteditable], dialog'),
    });
    if (!command) return;
    event.preventDefault();
    this.commands.run(command.id);
  }

  #hostCommand(command: HostCommand): void {
    if (typeof command === 'object') { void this.open(command.open); return; }
    const ids: Record<string, string> = {
      new: 'file.new', open: 'file.open', save: 'file.save', 'save-as': 'file.save-as', 'export-html': 'file.export-html', 'run-all': 'kernel.run-all',
      interrupt: 'kernel.interrupt', restart: 'kernel.restart', 'command-palette': 'palette',
    };
    if (command === 'close') { void this.#files.confirmDiscard().then((ok) => { if (ok) this.host.close?.(); }); return; }
    if (ids[command]) this.commands.run(ids[command]);
  }
}

