// The reactive kernel: a notebook's cells as variables of an Observable
// runtime, with the per-cell state a notebook UI needs (status, run count,
// duration, outputs as MIME bundles, errors that name what is wrong).
import { Runtime, type Module, type Variable } from '@observablehq/runtime';
import type { Cell, Notebook } from '../notebook.js';
import { createBuiltins, engineFor, importBundled, input, syncEngine } from '../builtins/index.js';
import { LayerNames } from '../builtins/layer-names.js';
import { compileCell, type CompiledCell } from './compile.js';
import { evaluate, lineInCell, type CellFactory } from './evaluate.js';
import { CELL_LOCALS } from './globals.js';
import { cyclePaths, duplicateMessage, duplicateNames } from './graph.js';
import { loadTypeScript, waitsForTypeScript } from './typescript.js';
import { mimeBundle } from '../views/index.js';
import type { SyncEngine } from '../../engine/index.js';
import { Emitter, type CellError, type CellState, type KernelStatus, type MimeBundle, type MimeRenderer } from './state.js';

export interface KernelOptions {
  /** The document outputs are created in; in Node, a DOM shim's. */
  document: Document;
  /** Width of the output column, the `width` builtin. */
  width?: number;
  /** Initial values by name: a view's input starts at it, a plain declaration is replaced by it. */
  overrides?: Record<string, unknown>;
  /** Turns a value into a MIME bundle. */
  mimeBundle?: MimeRenderer;
  /** The notebook's language (<notebook lang>), for the words views write around numbers; English by default. */
  language?: string;
  /** Outputs are shown live in a browser page: views may paint on <canvas> (serialised outputs still carry PNGs). */
  canvas?: boolean;
}

interface Run {
  round: number;
  started: number;
  controller: AbortController;
  /** Rejects when the kernel is interrupted while this run is in flight. */
  interrupted: Promise<never>;
  interrupt(): void;
  /** Rendering of this run's displays, in order. */
  rendering: Promise<void>;
  /** Whether this run has replaced the previous run's outputs yet. */
  cleared: boolean;
}

interface Entry {
  cell: Cell;
  compiled: CompiledCell;
  variable: Variable | null;
  outputs: Map<string, Variable>;
  state: CellState;
  /** Counts compute rounds (pending calls); a run belongs to one round. */
  round: number;
  run: Run | null;
  /** The duplicate-definition message for this cell, if any. */
  problem: string | null;
  /** Set by interrupt() on cells that were waiting, not running. */
  interruptedWhileQueued: boolean;
}

const INTERRUPTED = 'interrupted';
// A runtime builtin no cell can name (it is not an identifier): the sync engine, once compiled.
const SYNC_ENGINE = 'kernelbook sync engine';

/**
 * Events: `cell` whenever a cell's state changes; `status` when the kernel
 * turns busy or idle; `display` with a cell's id when the cell calls display()
 * (or view()), before the output is rendered and arrives in a `cell` event,
 * so a host can keep the cell's other output (its console) in call order.
 */
export class NotebookKernel extends Emitter<{ cell: CellState; status: KernelStatus; display: string }> {
  readonly #options: KernelOptions;
  readonly #entries = new Map<string, Entry>();
  #layerNames = new LayerNames();
  #runtime!: Runtime;
  #module!: Module;
  #status: KernelStatus = 'idle';
  #renders = 0;
  #disposed = false;
  /** Cells defined while TypeScript loads, by id in definition order (see #defer). */
  #deferred: Map<string, Cell> | null = null;

  constructor(options: KernelOptions) {
    super();
    this.#options = options;
    this.#createRuntime();
  }

  get status(): KernelStatus {
    return this.#status;
  }

  /** Replaces every cell with the notebook's. */
  load(notebook: Notebook): void {
    for (const id of [...this.#entries.keys()]) this.delete(id);
    // Any cell may read a TypeScript cell's names, those before it too: all of them wait for TypeScript.
    if (notebook.cells.some(waitsForTypeScript)) this.#deferUntilTypeScript();
    for (const cell of notebook.cells) this.define(cell);
  }

  /** Adds a cell or replaces its source; the cell and exactly its dependents re-run. */
  define(cell: Cell): void {
    this.#checkAlive();
    if (this.#deferred || waitsForTypeScript(cell)) return this.#defer(cell);
    const compiled = compileCell(cell);
    const entry = this.#entries.get(cell.id) ?? this.#newEntry(cell, compiled, 'idle');
    entry.cell = cell;
    entry.compiled = compiled;
    entry.state.type = cell.type;
    this.#install(entry);
    this.#rediagnose(entry);
  }

  #newEntry(cell: Cell, compiled: CompiledCell, status: CellState['status']): Entry {
    const entry: Entry = {
      cell, compiled, variable: null, outputs: new Map(), round: 0, run: null, problem: null, interruptedWhileQueued: false,
      state: { id: cell.id, type: cell.type, status, runCount: 0, lastDurationMs: null, outputs: [] },
    };
    this.#entries.set(cell.id, entry);
    return entry;
  }

  /**
   * From now until TypeScript has loaded (see typescript.ts), cells are
   * defined only then, in the order they came: a cell reading a TypeScript
   * cell's names must not run (and fail) before they exist. Begins at a
   * TypeScript cell that has to wait, or at load() of a notebook holding one.
   */
  #deferUntilTypeScript(): void {
    if (this.#deferred) return;
    const deferred = new Map<string, Cell>();
    this.#deferred = deferred;
    const release = () => {
      if (this.#deferred !== deferred) return;
      this.#deferred = null;
      if (!this.#disposed) for (const c of deferred.values()) this.define(c);
    };
    loadTypeScript().then(release, release);
  }

  /** A cell waiting for TypeScript shows as queued; one being redefined keeps its old definition meanwhile. */
  #defer(cell: Cell): void {
    this.#deferUntilTypeScript();
    this.#deferred!.delete(cell.id);
    this.#deferred!.set(cell.id, cell);
    const entry = this.#entries.get(cell.id) ?? this.#newEntry(cell, compileCell(cell), 'queued');
    this.#update(entry, { status: 'queued' });
  }

  redefine(cell: Cell): void {
    this.define(cell);
  }

  delete(cellId: string): void {
    this.#deferred?.delete(cellId);
    const entry = this.#entries.get(cellId);
    if (!entry) return;
    entry.run?.controller.abort(new Error('deleted'));
    entry.variable?.delete();
    for (const v of entry.outputs.values()) v.delete();
    this.#entries.delete(cellId);
    this.#rediagnose(null);
    this.#updateStatus();
  }

  cell(cellId: string): CellState | undefined {
    return this.#entries.get(cellId)?.state;
  }

  /** Every cell's state, in notebook order. */
  cells(): CellState[] {
    return [...this.#entries.values()].map((e) => e.state);
  }

  /** The current value of a name some cell defines. */
  value(name: string): Promise<unknown> {
    return this.#module.value(name);
  }

  /** Resolves once no cell is queued or running and every output is rendered. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#disposed) return;
      await this.#runtime._compute();
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!this.#busy()) return;
      await new Promise<void>((resolve) => {
        const off = this.on('status', (status) => { if (status === 'idle') { off(); resolve(); } });
      });
    }
  }

  /** Stops every running cell (aborting its engine ops) and every cell waiting for one. */
  interrupt(): void {
    for (const entry of this.#entries.values()) {
      if (entry.state.status === 'running' && entry.run) entry.run.interrupt();
      else if (entry.state.status === 'queued') {
        entry.interruptedWhileQueued = true;
        this.#update(entry, { status: 'stale' });
      }
    }
  }

  /** Throws the runtime away and runs every cell again from scratch. */
  restart(): void {
    this.#checkAlive();
    for (const entry of this.#entries.values()) entry.run?.controller.abort(new Error('restarted'));
    this.#runtime.dispose();
    this.#createRuntime();
    this.#layerNames = new LayerNames();
    for (const entry of this.#entries.values()) {
      entry.variable = null;
      entry.outputs.clear();
      entry.run = null;
      entry.problem = null;
      this.#install(entry);
    }
    this.#rediagnose(null);
  }

  dispose(): void {
    if (this.#disposed) return;
    for (const entry of this.#entries.values()) entry.run?.controller.abort(new Error('disposed'));
    this.#disposed = true;
    this.#runtime.dispose();
    this.#updateStatus();
  }

  #checkAlive(): void {
    if (this.#disposed) throw new Error('NotebookKernel: the kernel has been disposed');
  }

  #createRuntime(): void {
    const builtins: Record<string, () => unknown> = createBuiltins({ document: this.#options.document, width: this.#options.width, language: this.#options.language, canvas: this.#options.canvas });
    // A cell using `engine` waits for the sync engine's WebAssembly to compile.
    builtins[SYNC_ENGINE] = syncEngine;
    // Names no cell defines fall through to the host's globals, else "x is not defined".
    this.#runtime = new Runtime(builtins, (name) => {
      if (name in globalThis) return (globalThis as Record<string, unknown>)[name];
      throw new Error(`${name} is not defined`);
    });
    this.#module = this.#runtime.module();
  }

  /** Defines (or redefines) the runtime variables of a cell. */
  #install(entry: Entry): void {
    const { compiled } = entry;
    if (!compiled.runnable) {
      entry.variable?.delete();
      entry.variable = null;
      for (const v of entry.outputs.values()) v.delete();
      entry.outputs.clear();
      this.#update(entry, { status: 'idle', outputs: [], error: undefined, value: undefined });
      return;
    }
    const single = compiled.expression && compiled.outputs.length === 1;
    const name = single ? compiled.outputs[0] : compiled.outputs.length ? `cell ${compiled.id}` : null;
    const inputs = ['invalidation', ...compiled.inputs.filter((n) => !CELL_LOCALS.has(n))];
    if (compiled.inputs.includes('engine')) inputs.push(SYNC_ENGINE);
    entry.variable ??= this.#module.variable(this.#observer(entry));
    entry.variable.define(name, inputs, this.#definition(entry));
    // A program cell exposes each declaration as its own variable.
    const names = single ? [] : compiled.outputs;
    for (const [o, v] of entry.outputs) if (!names.includes(o)) { v.delete(); entry.outputs.delete(o); }
    if (!single && entry.state.value && typeof entry.state.value === 'object') {
      entry.state.value = Object.fromEntries(Object.entries(entry.state.value).filter(([k]) => names.includes(k)));
    }
    const overrides = this.#options.overrides ?? {};
    const usesView = compiled.inputs.includes('view');
    for (const o of names) {
      if (entry.outputs.has(o)) continue;
      const pick = !usesView && Object.hasOwn(overrides, o) ? () => overrides[o] : (exports: Record<string, unknown>) => exports[o];
      // Observing each declaration keeps `value` current, generators' latest values included.
      const observer = { fulfilled: (value: unknown) => this.#declared(entry, o, value) };
      entry.outputs.set(o, this.#module.variable(observer).define(o, [name!], pick));
    }
    this.#update(entry, { status: 'queued' });
  }

  /** Recomputes duplicate names; cells whose diagnosis changed are redefined. */
  #rediagnose(changed: Entry | null): void {
    const duplicates = duplicateNames([...this.#entries.values()].map((e) => e.compiled));
    for (const entry of this.#entries.values()) {
      const messages = entry.compiled.outputs.filter((n) => duplicates.has(n)).map((n) => duplicateMessage(n, duplicates.get(n)!));
      const problem = messages.length ? messages.join('; ') : null;
      if (problem !== entry.problem) {
        entry.problem = problem;
        if (entry !== changed) this.#install(entry);
      }
    }
  }

  #definition(entry: Entry): (...args: unknown[]) => unknown {
    const { compiled } = entry;
    let factory: CellFactory | null = null;
    if (!compiled.error) {
      try {
        factory = evaluate(compiled);
      } catch (error) {
        // Code acorn accepts but the engine rejects is still the cell's syntax error.
        compiled.error = { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    }
    return (invalidation: unknown, ...values: unknown[]) => {
      const run = this.#startRun(entry, invalidation as Promise<void>);
      if (entry.problem) throw new Error(entry.problem);
      if (compiled.error) throw Object.assign(new Error(compiled.error.message), { cellLine: compiled.error.line });
      const fn = factory!((name: string) => importBundled(name, this.#options.document));
      let next = 0;
      const fast = (compiled.inputs.includes('engine') ? values[values.length - 1] : null) as SyncEngine | null;
      const args = compiled.inputs.map((name) => (CELL_LOCALS.has(name) ? this.#local(name, entry, run, fast) : values[next++]));
      const result = fn(...args);
      // A promise is raced against interrupt(): the cell stops waiting even if the work cannot be stopped.
      return isPromise(result) ? Promise.race([result, run.interrupted]) : result;
    };
  }

  #startRun(entry: Entry, invalidation: Promise<void>): Run {
    const controller = new AbortController();
    let interrupt!: () => void;
    const interrupted = new Promise<never>((_, reject) => {
      interrupt = () => {
        const error = new Error(INTERRUPTED);
        controller.abort(error);
        reject(error);
      };
    });
    interrupted.catch(() => {});
    const run: Run = { round: entry.round, started: performance.now(), controller, interrupted, interrupt, rendering: Promise.resolve(), cleared: false };
    // A cell about to re-run aborts what its previous run still has in flight.
    invalidation.then(() => controller.abort(new Error('invalidated')));
    entry.run = run;
    entry.interruptedWhileQueued = false;
    this.#update(entry, { status: 'running', runCount: entry.state.runCount + 1 });
    return run;
  }

  /** display, view and engine: each run of a cell gets its own. */
  #local(name: string, entry: Entry, run: Run, fast: SyncEngine | null): unknown {
    const display = (value: unknown) => {
      if (entry.run !== run) return value;
      this.emit('display', entry.cell.id);
      this.#render(run, value, (bundle) => {
        if (entry.run !== run) return;
        const outputs = run.cleared ? entry.state.outputs : [];
        run.cleared = true;
        this.#update(entry, { outputs: [...outputs, bundle] });
      });
      return value;
    };
    switch (name) {
      case 'display': return display;
      case 'view': return (element: HTMLElement & { value?: unknown }) => {
        const overrides = this.#options.overrides ?? {};
        const o = entry.compiled.outputs.find((n) => Object.hasOwn(overrides, n));
        if (o === undefined) {
          display(element);
          return input(element);
        }
        // Show the override where the input allows setting it; the value is the override either way.
        try { element.value = overrides[o]; } catch { /* a read-only value, e.g. Inputs.select */ }
        display(element);
        return input(element, overrides[o]);
      };
      case 'engine': return engineFor(run.controller.signal, this.#layerNames.forRun(entry.cell.id), fast);
    }
    throw new Error(`no cell local ${name}`);
  }

  /** Renders a value to a bundle, then hands it over in display order. */
  #render(run: Run, value: unknown, done: (bundle: MimeBundle) => void): void {
    const mime = this.#options.mimeBundle ?? mimeBundle;
    this.#renders++;
    run.rendering = run.rendering
      .then(async () => done(await mime(value, { document: this.#options.document })))
      .catch((error) => done({ 'text/plain': `could not render: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => { this.#renders--; this.#updateStatus(); });
  }

  #observer(entry: Entry) {
    return {
      pending: () => {
        entry.round++;
        if (entry.state.status !== 'running') this.#update(entry, { status: 'queued' });
      },
      fulfilled: (value: unknown) => {
        const run = entry.run;
        if (!run || run.round !== entry.round) return;
        const durationMs = performance.now() - run.started;
        const finish = () => {
          if (entry.run !== run) return;
          // A program cell's value is kept by its declarations' observers, which see generators' values.
          const patch: Partial<CellState> = { status: 'ok', error: undefined, outputs: run.cleared ? entry.state.outputs : [], lastDurationMs: round(durationMs) };
          if (entry.compiled.expression) patch.value = value;
          else if (!entry.compiled.outputs.length) patch.value = undefined;
          this.#update(entry, patch);
        };
        if (entry.compiled.autodisplay) {
          this.#render(run, value, (bundle) => {
            if (entry.run !== run) return;
            run.cleared = true;
            this.#update(entry, { outputs: [bundle] });
          });
        }
        this.#renders++;
        run.rendering = run.rendering.then(finish).finally(() => { this.#renders--; this.#updateStatus(); });
      },
      rejected: (error: unknown) => {
        const ran = entry.run !== null && entry.run.round === entry.round;
        const run = ran ? entry.run! : null;
        const report = this.#describe(entry, error);
        const durationMs = run ? round(performance.now() - run.started) : null;
        const stale = entry.interruptedWhileQueued && !ran;
        const finish = () => this.#update(entry, {
          status: stale ? 'stale' : 'error', error: report, value: undefined,
          outputs: run?.cleared ? entry.state.outputs : [], lastDurationMs: durationMs ?? entry.state.lastDurationMs,
        });
        if (!run) return finish();
        this.#renders++;
        run.rendering = run.rendering.then(finish).finally(() => { this.#renders--; this.#updateStatus(); });
      },
    };
  }

  #declared(entry: Entry, name: string, value: unknown): void {
    const current = entry.state.value;
    const values = current && typeof current === 'object' && Object.getPrototypeOf(current) === Object.prototype ? current : {};
    const next: Record<string, unknown> = { ...values, [name]: value };
    // Keep the declarations in source order, whichever resolved first.
    const ordered = Object.fromEntries(entry.compiled.outputs.filter((o) => Object.hasOwn(next, o)).map((o) => [o, next[o]]));
    this.#update(entry, { value: ordered });
  }

  /** The message and line a failed cell shows. */
  #describe(entry: Entry, error: unknown): CellError {
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'circular definition') {
      const path = cyclePaths([...this.#entries.values()].map((e) => e.compiled)).get(entry.cell.id);
      if (path) return { message: path };
    }
    const line = (error as { cellLine?: number })?.cellLine ?? lineInCell(error, entry.compiled);
    const name = error instanceof Error && error.name !== 'Error' && error.name !== 'RuntimeError' ? `${error.name}: ` : '';
    return line === undefined ? { message: name + message } : { message: name + message, line };
  }

  #update(entry: Entry, patch: Partial<CellState>): void {
    Object.assign(entry.state, patch);
    for (const key of Object.keys(patch) as (keyof CellState)[]) if (patch[key] === undefined) delete entry.state[key];
    entry.state = { ...entry.state };
    this.emit('cell', entry.state);
    this.#updateStatus();
  }

  #busy(): boolean {
    if (this.#renders > 0) return true;
    for (const e of this.#entries.values()) if (e.state.status === 'queued' || e.state.status === 'running') return true;
    return false;
  }

  #updateStatus(): void {
    const status: KernelStatus = !this.#disposed && this.#busy() ? 'busy' : 'idle';
    if (status !== this.#status) {
      this.#status = status;
      this.emit('status', status);
    }
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<unknown>).then === 'function';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
