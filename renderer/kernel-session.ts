// The workbook's side of the kernel: one NotebookKernel for the open
// notebook, started only once the notebook is trusted, fed the cells as the
// user runs them, and the source each cell last ran (so an edited cell is
// known to be stale). It subscribes to the kernel's events and passes them on;
// it never reaches into the runtime.
import type { Cell } from '../kernel/notebook.js';
import { compileCell } from '../kernel/runtime/compile.js';
import { NotebookKernel } from '../kernel/runtime/kernel.js';
import { loadTypeScript } from '../kernel/runtime/typescript.js';
import { Emitter, type CellState, type KernelStatus } from '../kernel/runtime/state.js';
import { dependencyGraph, type CellNames, type DependencyGraph } from './model/dependencies.js';
import { liveMimeBundle } from './outputs/live-mime.js';

export class KernelSession extends Emitter<{ cell: CellState; status: KernelStatus }> {
  #kernel: NotebookKernel | null = null;
  readonly #ran = new Map<string, Cell>();
  readonly #names = new Map<string, CellNames>();
  readonly #width: number;

  constructor(width: number) {
    super();
    this.#width = width;
  }

  /** Whether the kernel runs (the notebook is trusted and was started). */
  get started(): boolean {
    return this.#kernel !== null;
  }

  get status(): KernelStatus {
    return this.#kernel?.status ?? 'idle';
  }

  /**
   * Starts the kernel on these cells; every cell runs. `language` is the
   * notebook's (<notebook lang>): explanations are written in it.
   */
  start(cells: readonly Cell[], language?: string): void {
    this.dispose();
    // The page shows outputs live: feature maps paint on canvases (exports still get PNGs).
    const kernel = new NotebookKernel({ document, width: this.#width, mimeBundle: liveMimeBundle, language, canvas: true });
    kernel.on('cell', (state) => this.emit('cell', state));
    kernel.on('status', (status) => this.emit('status', status));
    this.#kernel = kernel;
    for (const cell of cells) this.#remember(cell);
    // A notebook with a TypeScript cell: the kernel holds every cell until TypeScript has loaded.
    kernel.load({ cells: cells.map((c) => ({ ...c })) });
  }

  /** Reads the cells' names without running anything (an untrusted notebook's graph). */
  preview(cells: readonly Cell[]): void {
    for (const cell of cells) this.#remember(cell);
  }

  /** Runs a cell with this source (and, reactively, its dependents). */
  run(cell: Cell): void {
    if (!this.#kernel) return;
    this.#remember(cell);
    this.#kernel.define({ ...cell });
  }

  remove(id: string): void {
    this.#ran.delete(id);
    this.#names.delete(id);
    this.#kernel?.delete(id);
  }

  /** Whether the kernel ran this cell with exactly this source and type. */
  isCurrent(cell: Cell): boolean {
    const ran = this.#ran.get(cell.id);
    return ran !== undefined && ran.source === cell.source && ran.type === cell.type;
  }

  state(id: string): CellState | undefined {
    return this.#kernel?.cell(id);
  }

  /** The dependency graph of the cells as the kernel has them, in `order`. */
  graph(order: readonly string[]): DependencyGraph {
    return dependencyGraph(order.map((id) => this.#names.get(id)).filter((n): n is CellNames => n !== undefined));
  }

  interrupt(): void {
    this.#kernel?.interrupt();
  }

  restart(): void {
    this.#kernel?.restart();
  }

  settled(): Promise<void> {
    return this.#kernel?.settled() ?? Promise.resolve();
  }

  dispose(): void {
    this.#kernel?.dispose();
    this.#kernel = null;
    this.#ran.clear();
    this.#names.clear();
  }

  #remember(cell: Cell): void {
    const ran = { ...cell };
    this.#ran.set(cell.id, ran);
    const compiled = compileCell(cell);
    this.#names.set(cell.id, { id: cell.id, defines: compiled.outputs, reads: compiled.inputs });
    // A TypeScript cell's names are known once TypeScript has loaded (the kernel waits for it too).
    if (compiled.waitsForTypeScript) void loadTypeScript().then(() => { if (this.#ran.get(cell.id) === ran) this.#remember(cell); }, () => {});
  }
}
