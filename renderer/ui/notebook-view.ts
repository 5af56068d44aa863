// The notebook's cells on the page, kept in step with the document (edits,
// structural changes, undo) and with the kernel (each cell's state). The
// kernel's events of one burst are drawn together in a microtask: a slider
// that re-runs ten cells costs one layout, not ten, and — since the runtime
// computes inside an animation frame — the picture is painted in that same
// frame rather than the next.
import type { Cell } from '../../kernel/notebook.js';
import type { KernelSession } from '../kernel-session.js';
import { cellBadge } from '../model/cell-status.js';
import { waitingFor, type DependencyGraph } from '../model/dependencies.js';
import type { DocChange, NotebookDoc } from '../model/notebook-doc.js';
import { CellView, type CellActions } from './cell-view.js';
import { h } from './dom.js';
import type { CellCommand } from './workbook-commands.js';

export interface NotebookViewEvents {
  /** A cell gained focus (the dependency panel highlights it). */
  focus(id: string): void;
  /** The graph may have changed (a cell ran with new names). */
  graph(): void;
}

export class NotebookView {
  readonly root: HTMLElement;
  readonly #doc: NotebookDoc;
  readonly #session: KernelSession;
  readonly #views = new Map<string, CellView>();
  readonly #events: NotebookViewEvents;
  #readOnly: boolean;
  #graph: DependencyGraph | null = null;
  #dirty = new Set<string>();
  #scheduled = false;
  focused: string | null = null;

  constructor(doc: NotebookDoc, session: KernelSession, readOnly: boolean, events: NotebookViewEvents) {
    this.#doc = doc;
    this.#session = session;
    this.#readOnly = readOnly;
    this.#events = events;
    this.root = h('main', { class: 'kb-notebook' });
    for (const cell of doc.cells) this.#insertView(cell, this.#views.size);
    this.#offDoc = doc.on('change', (change) => this.#onDoc(change));
    this.#offCell = session.on('cell', (state) => this.#schedule(state.id));
    this.#refreshAll();
  }

  readonly #offDoc: () => void;
  readonly #offCell: () => void;

  get graph(): DependencyGraph {
    return (this.#graph ??= this.#session.graph(this.#doc.cells.map((c) => c.id)));
  }

  /** The kernel's cells changed wholesale (started, restarted): recompute the graph and redraw. */
  refresh(): void {
    this.#graph = null;
    this.#refreshAll();
  }

  view(id: string): CellView | undefined {
    return this.#views.get(id);
  }

  setReadOnly(readOnly: boolean): void {
    this.#readOnly = readOnly;
    for (const view of this.#views.values()) view.setReadOnly(readOnly);
  }

  /** Runs a cell as its editor has it (Shift+Enter, the ▶ button). */
  run(id: string, advance = false): void {
    const cell = this.#doc.cell(id);
    const view = this.#views.get(id);
    if (!cell || !view || !this.#session.started) return;
    this.#session.run(cell);
    this.#graph = null;
    this.#events.graph();
    view.ran();
    this.#schedule(id);
    if (advance) {
      const next = this.#doc.cells[this.#doc.indexOf(id) + 1];
      if (next) this.#views.get(next.id)!.root.focus();
    }
  }

  /** Runs every cell whose editor differs from what the kernel ran, or all of them. */
  runAll(): void {
    for (const cell of this.#doc.cells) this.#session.run(cell);
    this.#graph = null;
    this.#events.graph();
    this.#refreshAll();
  }

  showCell(id: string): void {
    const view = this.#views.get(id);
    if (!view) return;
    view.root.scrollIntoView({ block: 'center', behavior: 'smooth' });
    view.root.focus({ preventScroll: true });
  }

  destroy(): void {
    this.#offDoc();
    this.#offCell();
    this.#dirty.clear();
    for (const view of this.#views.values()) view.destroy();
    this.root.remove();
  }

  readonly #actions: CellActions = {
    run: (id, advance) => this.run(id, advance),
    edited: (id, source) => this.#doc.setSource(id, source),
    focused: (id) => {
      if (this.focused === id) return;
      this.focused = id;
      this.#events.focus(id);
    },
    showCell: (id) => this.showCell(id),
    command: (id, command) => this.command(id, command),
    changeType: (id, type) => this.#doc.change(id, { type }),
    names: () => this.graph.names.map((n) => ({ name: n.name, detail: `cell ${n.definedBy}` })),
  };

  /** A structural command on a cell, from its toolbar, the keyboard or the palette. */
  command(id: string, command: CellCommand): void {
    if (this.#readOnly) return;
    const cell = this.#doc.cell(id);
    if (!cell) return;
    switch (command) {
      case 'delete': {
        const index = this.#doc.indexOf(id);
        this.#doc.delete(id);
        const neighbour = this.#doc.cells[Math.min(index, this.#doc.cells.length - 1)];
        if (neighbour) this.#views.get(neighbour.id)?.root.focus();
        break;
      }
      case 'duplicate': this.#views.get(this.#doc.duplicate(id).id)?.root.focus(); break;
      case 'up': this.#doc.move(id, -1); this.#views.get(id)?.root.focus(); break;
      case 'down': this.#doc.move(id, +1); this.#views.get(id)?.root.focus(); break;
      case 'add-below': this.#views.get(this.#doc.add(id).id)?.edit(); break;
      case 'add-above': {
        const index = this.#doc.indexOf(id);
        this.#views.get(this.#doc.add(index > 0 ? this.#doc.cells[index - 1].id : null).id)?.edit();
        break;
      }
      case 'pin': this.#doc.change(id, { pinned: !cell.pinned }); break;
    }
  }

  #onDoc(change: DocChange): void {
    switch (change.kind) {
      case 'insert': {
        this.#insertView(change.cell, change.index);
        // A new cell, or one brought back by undo, runs as it is.
        if (!this.#readOnly) this.#session.run(change.cell);
        this.#graph = null;
        this.#events.graph();
        break;
      }
      case 'delete': {
        this.#views.get(change.id)?.destroy();
        this.#views.delete(change.id);
        this.#session.remove(change.id);
        this.#graph = null;
        this.#events.graph();
        break;
      }
      case 'move': {
        const view = this.#views.get(change.id)!;
        const after = this.#doc.cells[change.index + 1];
        this.root.insertBefore(view.root, after ? this.#views.get(after.id)!.root : null);
        this.#graph = null;
        this.#events.graph();
        break;
      }
      case 'change': {
        this.#views.get(change.cell.id)?.setCell(change.cell);
        if (change.fields.includes('type') && !this.#readOnly) {
          this.#session.run(change.cell);
          this.#graph = null;
          this.#events.graph();
        }
        break;
      }
      case 'source': break;
    }
    if (change.kind !== 'delete') this.#schedule(change.kind === 'move' ? change.id : change.cell.id);
  }

  #insertView(cell: Cell, index: number): void {
    const view = new CellView(cell, this.#actions, this.#readOnly);
    const after = this.#doc.cells[index + 1];
    this.root.insertBefore(view.root, after && this.#views.has(after.id) ? this.#views.get(after.id)!.root : null);
    this.#views.set(cell.id, view);
  }

  #schedule(id: string): void {
    this.#dirty.add(id);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #refreshAll(): void {
    for (const id of this.#views.keys()) this.#dirty.add(id);
    this.#flush();
  }

  #flush(): void {
    this.#scheduled = false;
    const ids = this.#dirty;
    this.#dirty = new Set();
    const graph = this.graph;
    const failed = (id: string) => this.#session.state(id)?.status === 'error';
    // A cell whose upstream failed or recovered changes its badge too.
    for (const id of [...ids]) for (const down of graph.downstream.get(id) ?? []) ids.add(down);
    const label = (id: string) => `cell ${this.#doc.indexOf(id) + 1}`;
    for (const id of ids) {
      const view = this.#views.get(id);
      const cell = this.#doc.cell(id);
      if (!view || !cell) continue;
      const state = this.#session.state(id);
      const edited = this.#session.started && !this.#session.isCurrent(cell) && state !== undefined;
      const input = state?.status === 'error' ? waitingFor(graph, id, failed) : undefined;
      const waiting = input && { ...input, failed: !waitingFor(graph, input.cellId, failed) };
      view.update(state, cellBadge(state, edited, waiting), label);
    }
  }
}
