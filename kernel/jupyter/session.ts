// The reactive session: each execution is a cell of one live notebook on a
// NotebookKernel. An execution that declares a name another execution
// declared replaces that earlier cell (it does not clash with it), and
// everything reading the name re-runs; their new outputs go out as updates
// of the displays they showed (displays.ts). A front end that sends a cellId
// with each execution (JupyterLab does) gets Observable's editing model:
// running the same front-end cell again redefines the same notebook cell,
// and cells deleted in the front end leave the notebook.
//
// An execution whose value can never change (it reads only builtins, not
// other executions' names) is answered with execute_result, which prompts
// print as Out[n]; every other output is display_data with a display id,
// the only kind JupyterLab updates in place.
import type { Cell } from '../notebook.js';
import { createBuiltins } from '../builtins/index.js';
import { compileCell, type CompiledCell } from '../runtime/compile.js';
import { CELL_LOCALS } from '../runtime/globals.js';
import { loadTypeScript } from '../runtime/typescript.js';
import type { NotebookKernel } from '../runtime/kernel.js';
import type { CellState, MimeBundle } from '../runtime/state.js';
import { controlBundle, redefinedControlBundle, type Control } from './controls.js';
import { Displays } from './displays.js';
import { droppedValueHint } from './hints.js';
import type { IOPub } from './iopub.js';
import { CONTROL_MIME, isUndefined } from './renderer.js';
import { errorContent, splitName, type ErrorContent } from './traceback.js';

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  storeHistory?: boolean;
  /** The front end's id of the cell being run (JupyterLab's execute_request metadata.cellId). */
  cellId?: string;
  /** Front-end cells deleted since the last execution (JupyterLab's metadata.deletedCells). */
  deletedCells?: string[];
}

export interface ExecuteOutcome {
  status: 'ok' | 'error';
  executionCount: number;
  error?: ErrorContent;
}

export interface Definition {
  name: string;
  /** "In [3]": the execution that declares the name. */
  label: string;
  source: string;
  /** The executions whose cells read the name. */
  readers: string[];
}

interface LiveCell {
  id: string;
  source: string;
  compiled: CompiledCell;
  /** The execution count of the execution that defined it last. */
  count: number;
  frontId?: string;
  /** Displays that show an Inputs control, by index, with the name the control declares. */
  controls: Map<number, string>;
}

/** The execution in progress: which cell it runs, and what else happened meanwhile. */
interface Execution {
  cellId: string;
  silent: boolean;
  executionCount: number;
  reran: Set<string>;
  failed: Map<string, string>;
  /** Set by interrupt(): the execution answers "Interrupted" even if its own cell had finished. */
  interrupted: boolean;
}

const EMPTY: MimeBundle = { 'text/plain': '' };

export class JupyterSession {
  readonly #kernel: NotebookKernel;
  readonly #iopub: IOPub;
  readonly #displays: Displays;
  readonly #cells = new Map<string, LiveCell>();
  readonly #byFrontId = new Map<string, string>();
  readonly #builtins: Set<string>;
  /** Builtins that never change value (all but `now`): a cell reading only these, and globals, shows a final result. */
  readonly #steady: Set<string>;
  readonly #off: (() => void)[];
  #count = 0;
  #ids = 0;
  #execution: Execution | null = null;

  constructor(kernel: NotebookKernel, iopub: IOPub, document: Document) {
    this.#kernel = kernel;
    this.#iopub = iopub;
    this.#displays = new Displays(iopub);
    this.#builtins = new Set(Object.keys(createBuiltins({ document })));
    this.#steady = new Set(['invalidation', ...CELL_LOCALS, ...[...this.#builtins].filter((n) => n !== 'now')]);
    this.#off = [
      kernel.on('cell', (state) => this.#onCell(state)),
      // Console text written after a display() call waits for that display (see iopub.ts).
      kernel.on('display', (id) => { if (this.#execution?.cellId === id && !this.#execution.silent) iopub.hold(); }),
    ];
  }

  get executionCount(): number {
    return this.#count;
  }

  async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
    const silent = request.silent === true;
    const executionCount = !silent && request.storeHistory !== false ? ++this.#count : this.#count;
    if (!silent) this.#iopub.publish('execute_input', { code: request.code, execution_count: executionCount });
    for (const frontId of request.deletedCells ?? []) {
      const id = this.#byFrontId.get(frontId);
      if (id && frontId !== request.cellId) this.#remove(id);
    }
    if (!request.code.trim()) {
      // A front-end cell emptied and run again declares nothing any more.
      const emptied = request.cellId && this.#byFrontId.get(request.cellId);
      if (emptied) this.#remove(emptied);
      return { status: 'ok', executionCount };
    }

    const id = (request.cellId && this.#byFrontId.get(request.cellId)) || String(++this.#ids);
    const { cell, compiled } = await cellOf(id, request.code);
    const replaced = this.#retireOwners(compiled.outputs, id, `In [${executionCount}]`);
    const live: LiveCell = { id, source: request.code, compiled, count: executionCount, frontId: request.cellId, controls: new Map() };
    this.#cells.set(id, live);
    if (request.cellId) this.#byFrontId.set(request.cellId, id);
    // A re-executed front-end cell starts with an empty output area.
    this.#displays.forget(id);
    const execution: Execution = { cellId: id, silent, executionCount, reran: new Set(), failed: new Map(), interrupted: false };
    this.#execution = execution;
    try {
      this.#kernel.define(cell);
      await this.#kernel.settled();
      this.#displays.flush();
    } finally {
      this.#execution = null;
      this.#iopub.releaseAll();
    }
    const state = this.#kernel.cell(id);
    if (!silent) this.#report(execution, replaced);
    const hint = !silent && state?.status === 'ok' && !compiled.expression ? droppedValueHint(request.code) : null;
    if (hint) this.#iopub.stream('stdout', `${hint}\n`);
    if (state?.status === 'ok' && !execution.interrupted) return { status: 'ok', executionCount };
    // A failed execution that declares nothing has nowhere to show a later success: it leaves the notebook.
    if (state?.status !== 'ok' && (!compiled.outputs.length || compiled.error)) this.#remove(id);
    const failure = state?.status === 'error' && state.error ? state.error : { message: 'interrupted' };
    const error = errorContent(failure, request.code, `In [${executionCount}]`);
    if (!silent) this.#iopub.publish('error', { ...error });
    return { status: 'error', executionCount, error };
  }

  /** Stops running cells (aborting their engine ops) and every cell waiting for one. */
  interrupt(): void {
    if (this.#execution) this.#execution.interrupted = true;
    this.#kernel.interrupt();
  }

  /** A user expression's value (execute_request's user_expressions): evaluated as a passing cell, never kept. */
  async evaluate(expression: string): Promise<{ status: 'ok'; data: MimeBundle; metadata: object } | ({ status: 'error' } & ErrorContent)> {
    const id = `expression ${++this.#ids}`;
    const { cell, compiled } = await cellOf(id, expression);
    if (!compiled.expression || compiled.outputs.length) {
      return { status: 'error', ...errorContent({ message: 'SyntaxError: a user expression must be an expression' }, expression, 'expression') };
    }
    this.#kernel.define(cell);
    try {
      await this.#kernel.settled();
      const state = this.#kernel.cell(id)!;
      if (state.status === 'ok') return { status: 'ok', data: state.outputs[0] ?? EMPTY, metadata: {} };
      return { status: 'error', ...errorContent(state.error ?? { message: 'interrupted' }, expression, 'expression') };
    } finally {
      this.#kernel.delete(id);
    }
  }

  /** Names the notebook's cells declare, for completion. */
  names(): string[] {
    return [...new Set([...this.#cells.values()].flatMap((c) => c.compiled.outputs))];
  }

  isBuiltin(name: string): boolean {
    return this.#builtins.has(name) || CELL_LOCALS.has(name);
  }

  builtinNames(): string[] {
    return [...this.#builtins, ...CELL_LOCALS];
  }

  /** Where a name is declared and who reads it, for inspection. */
  definition(name: string): Definition | null {
    const owner = [...this.#cells.values()].find((c) => c.compiled.outputs.includes(name));
    if (!owner) return null;
    const readers = [...this.#cells.values()].filter((c) => c.compiled.inputs.includes(name)).map(label);
    return { name, label: label(owner), source: owner.source, readers };
  }

  /** The current value of a declared name. */
  value(name: string): Promise<unknown> {
    return this.#kernel.value(name);
  }

  dispose(): void {
    for (const off of this.#off) off();
    this.#displays.dispose();
  }

  #remove(id: string): void {
    const live = this.#cells.get(id);
    this.#kernel.delete(id);
    this.#cells.delete(id);
    this.#displays.forget(id);
    if (live?.frontId && this.#byFrontId.get(live.frontId) === id) this.#byFrontId.delete(live.frontId);
  }

  /** Takes out every other cell declaring one of `names`; says what went, and what went with it. */
  #retireOwners(names: readonly string[], keep: string, by: string): string[] {
    const notes: string[] = [];
    for (const cell of [...this.#cells.values()]) {
      if (cell.id === keep) continue;
      const shared = cell.compiled.outputs.filter((n) => names.includes(n));
      if (!shared.length) continue;
      const lost = cell.compiled.outputs.filter((n) => !names.includes(n));
      notes.push(`${shared.join(', ')} redefined (was ${label(cell)}${lost.length ? `, which also declared ${lost.join(', ')}: no longer defined` : ''})`);
      // A control left showing its old value would contradict every output that now reads the new one.
      for (const [index, name] of cell.controls) this.#displays.update(cell.id, index, redefinedControlBundle(name, by));
      this.#displays.flush();
      this.#remove(cell.id);
    }
    return notes;
  }

  /** One line on what the execution did to the rest of the notebook, and one per cell that failed re-running. */
  #report(execution: Execution, replaced: string[]): void {
    const reran = [...execution.reran].map((id) => this.#cells.get(id)).filter((c): c is LiveCell => !!c).sort((a, b) => a.count - b.count);
    const parts = [...replaced];
    if (reran.length) parts.push(`re-ran ${listed(reran.map(label))}`);
    if (parts.length) this.#iopub.stream('stdout', `${parts.join('; ')}\n`);
    const failed = [...execution.failed].filter(([id]) => this.#cells.has(id));
    for (const [id, message] of failed.slice(0, LISTED)) {
      const { ename, evalue } = splitName(message);
      this.#iopub.stream('stderr', `${label(this.#cells.get(id)!)} failed re-running: ${ename}: ${evalue}\n`);
    }
    if (failed.length > LISTED) this.#iopub.stream('stderr', `… and ${failed.length - LISTED} more failed re-running\n`);
  }

  /** Every change of a cell's state: new displays for the cell being executed, updates for the rest. */
  #onCell(state: CellState): void {
    const live = this.#cells.get(state.id);
    const execution = this.#execution;
    if (!live) return;
    const direct = execution?.cellId === state.id;
    if (direct && execution!.silent) return;
    if (!direct && state.status === 'running') execution?.reran.add(state.id);
    const settled = state.status === 'ok' || state.status === 'error';
    let bundles = state.outputs.map((b, i) => this.#final(b, live, i));
    if (!direct && state.status === 'error') {
      const message = state.error?.message ?? 'failed';
      execution?.failed.set(state.id, message);
      bundles = [errorBundle(message)];
    }
    const shown = this.#displays.count(state.id);
    bundles.forEach((bundle, i) => {
      if (i < shown) this.#displays.update(state.id, i, bundle);
      else if (!direct) return;
      else if (!this.#isResult(live, i)) this.#displays.show(state.id, bundle);
      // Like Python's None, an undefined result (console.log(…) as the whole cell) is not shown.
      else if (!isUndefined(bundle)) this.#displays.show(state.id, bundle, { executionCount: execution!.executionCount });
    });
    if (settled) for (let i = bundles.length; i < shown; i++) this.#displays.update(state.id, i, EMPTY);
  }

  /** The value of an expression that reads nothing another execution declares is final: Out[n]. */
  #isResult(live: LiveCell, index: number): boolean {
    const { compiled } = live;
    return index === 0 && compiled.expression && compiled.autodisplay && compiled.inputs.every((n) => this.#steady.has(n) && !this.#declared(n));
  }

  #declared(name: string): boolean {
    for (const cell of this.#cells.values()) if (cell.compiled.outputs.includes(name)) return true;
    return false;
  }

  /** A control's note names the variable its cell declares with view(). */
  #final(bundle: MimeBundle, live: LiveCell, index: number): MimeBundle {
    const described = bundle[CONTROL_MIME];
    if (described === undefined) return bundle;
    const control = JSON.parse(described) as Control;
    const { inputs, outputs } = live.compiled;
    const name = inputs.includes('view') && outputs.length ? (outputs.find((o) => o === control.label) ?? outputs[0]) : null;
    if (name) live.controls.set(index, name);
    return controlBundle(control, name);
  }
}

/** A cell for an execution's code: JavaScript, or TypeScript when only TypeScript parses it (TypeScript is loaded the first time that is asked). */
export async function cellOf(id: string, source: string): Promise<{ cell: Cell; compiled: CompiledCell }> {
  const js: Cell = { id, type: 'module', source };
  const compiled = compileCell(js);
  if (!compiled.error) return { cell: js, compiled };
  await loadTypeScript();
  const ts: Cell = { id, type: 'text/x-typescript', source };
  const typed = compileCell(ts);
  return typed.error ? { cell: js, compiled } : { cell: ts, compiled: typed };
}

/** A long fan-out is named up to this many executions, then counted. */
const LISTED = 8;

function listed(labels: string[]): string {
  return labels.length > LISTED ? `${labels.slice(0, LISTED).join(', ')} and ${labels.length - LISTED} more` : labels.join(', ');
}

function label(cell: LiveCell): string {
  return `In [${cell.count}]`;
}

function errorBundle(message: string): MimeBundle {
  const { ename, evalue } = splitName(message);
  const text = `${ename}: ${evalue}`;
  return { 'text/plain': text, 'text/html': `<pre style="color:#b00020;margin:0">${text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</pre>` };
}
