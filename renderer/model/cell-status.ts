// What a cell's status hook and badge say, from the kernel's state and the
// editor's: the kernel knows queued / running / ok / error; only the editor
// knows that the source was changed and not yet run (stale).
import type { CellState } from '../../kernel/runtime/state.js';

export interface WaitingFor {
  name: string;
  cellId: string;
  /** The cell defining `name` failed itself (rather than waiting in turn). */
  failed?: boolean;
}

/** The values of a cell's data-status attribute, the automation hook. */
export type CellStatusHook = 'idle' | 'running' | 'ok' | 'error' | 'stale';

export interface CellBadge {
  status: CellStatusHook;
  /** What the badge reads: "running", "queued", "ok", "waiting for x", ... */
  label: string;
  /** The name this cell waits for, when a cell upstream failed; `failed`: that cell's own error, not a wait of its own. */
  waitingFor?: WaitingFor;
}

/**
 * `edited`: the editor's source differs from what the kernel last ran.
 * `waitingFor`: from dependencies.ts, when the error is an upstream cell's.
 */
export function cellBadge(state: CellState | undefined, edited: boolean, waitingFor?: WaitingFor): CellBadge {
  const status = state?.status ?? 'idle';
  if (status === 'running') return { status: 'running', label: 'running' };
  // A queued cell waits for its inputs; for automation it is as good as running.
  if (status === 'queued') return { status: 'running', label: 'queued' };
  if (edited) return { status: 'stale', label: 'edited' };
  if (status === 'error' && waitingFor) return { status: 'idle', label: `waiting for ${waitingFor.name}`, waitingFor };
  if (status === 'stale') return { status: 'stale', label: 'interrupted' };
  return { status, label: status === 'idle' ? '' : status };
}

/** "12.3 ms", "1.24 s": a duration as a cell's header shows it. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
