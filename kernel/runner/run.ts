// A headless run of a notebook: every cell on a fresh kernel, until the
// notebook settles (or a time limit passes), reported cell by cell.
import type { Notebook } from '../notebook.js';
import { disposeSharedEngine } from '../builtins/index.js';
import { compileCell } from '../runtime/compile.js';
import { NotebookKernel } from '../runtime/kernel.js';
import { loadTypeScriptFor } from '../runtime/typescript.js';
import type { MimeBundle, MimeRenderer } from '../runtime/state.js';
import { inspect } from '../views/index.js';
import type { CellState } from '../runtime/state.js';
import { installDom } from './dom.js';

export interface CellReport {
  id: string;
  status: 'ok' | 'error';
  ms: number;
  outputs: MimeBundle[];
  error?: { message: string; line?: number };
}

export interface RunReport {
  file: string;
  ok: boolean;
  cells: CellReport[];
}

/** A run's report plus, for the terminal, a short text of what each program cell declared. */
export interface RunResult extends RunReport {
  declared: Map<string, string>;
}

export interface RunOptions {
  /** Initial values of views (and plain declarations) by name: `--set`. */
  overrides?: Record<string, unknown>;
  /** Cells still running after this long are interrupted and fail. */
  timeoutMs?: number;
  mimeBundle?: MimeRenderer;
  /** Called whenever a cell's state changes, with how many have finished. */
  onProgress?: (finished: number, total: number) => void;
}

export async function runNotebook(notebook: Notebook, file: string, options: RunOptions = {}): Promise<RunResult> {
  // Before names are read: a TypeScript cell's are known once it compiles.
  await loadTypeScriptFor(notebook.cells);
  checkOverrides(notebook, options.overrides ?? {});
  const document = installDom();
  const kernel = new NotebookKernel({ document, overrides: options.overrides, mimeBundle: options.mimeBundle, language: notebook.attributes?.lang });
  const { timeoutMs = 120_000, onProgress } = options;
  const finished = (s: CellState) => s.status === 'ok' || s.status === 'error' || s.status === 'stale';
  const off = onProgress && kernel.on('cell', () => {
    const cells = kernel.cells().filter((c) => c.status !== 'idle');
    onProgress(cells.filter(finished).length, cells.length);
  });
  try {
    kernel.load(notebook);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      kernel.settled().then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      kernel.interrupt();
      // A generator can keep its readers busy forever; report what there is after a short grace.
      await Promise.race([kernel.settled(), new Promise((resolve) => { timer = setTimeout(resolve, 1000); })]);
      clearTimeout(timer);
    }
    const states = kernel.cells().filter((c) => c.status !== 'idle');
    const cells = states.map((c) => report(c, timedOut ? timeoutMs : 0));
    const declared = new Map<string, string>();
    for (const state of states) {
      const value = state.value;
      if (state.status !== 'ok' || !value || typeof value !== 'object' || state.outputs.length) continue;
      if (Object.getPrototypeOf(value) !== Object.prototype) continue;
      declared.set(state.id, Object.entries(value).map(([name, v]) => `${name} = ${inspect(v)}`).join(', '));
    }
    return { file, ok: cells.every((c) => c.status === 'ok'), cells, declared };
  } finally {
    off?.();
    kernel.dispose();
    await disposeSharedEngine();
  }
}

function report(state: CellState, timeoutMs: number): CellReport {
  const ok = state.status === 'ok';
  const cell: CellReport = { id: state.id, status: ok ? 'ok' : 'error', ms: state.lastDurationMs ?? 0, outputs: state.outputs };
  if (!ok) {
    const message = timeoutMs && (state.status !== 'error' || state.error?.message === 'interrupted')
      ? `timed out after ${timeoutMs} ms${state.status === 'stale' ? ' (waiting for a cell that timed out)' : ''}`
      : state.error?.message ?? `did not finish (${state.status})`;
    cell.error = state.error?.line === undefined ? { message } : { message, line: state.error.line };
  }
  return cell;
}

/** A --set for a name no cell defines is a mistake worth stopping for. */
function checkOverrides(notebook: Notebook, overrides: Record<string, unknown>): void {
  const defined = new Set(notebook.cells.flatMap((cell) => compileCell(cell).outputs));
  const missing = Object.keys(overrides).filter((n) => !defined.has(n));
  if (missing.length) throw new Error(`--set ${missing.join(', ')}: no cell defines ${missing.length > 1 ? 'these names' : 'this name'}`);
}
