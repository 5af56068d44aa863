// What the kernel reports about each cell and about itself: the Jupyter-style
// state the workbook and the runner show.
/** An output as Jupyter carries it: MIME type to data (text, markup, or base64 for images). */
export type MimeBundle = Record<string, string>;
/** Turns a value into a bundle; kernel/views' mimeBundle unless the host gives another. */
export type MimeRenderer = (value: unknown, options: { document?: Document }) => MimeBundle | Promise<MimeBundle>;

export type CellStatus = 'idle' | 'queued' | 'running' | 'ok' | 'error' | 'stale';
export type KernelStatus = 'idle' | 'busy';

export interface CellError {
  message: string;
  /** 1-based line within the cell's source, when known. */
  line?: number;
}

export interface CellState {
  id: string;
  type: string;
  status: CellStatus;
  /** How many times the cell's definition has run. */
  runCount: number;
  /** Wall time of the last run, from its start to its value (or error). */
  lastDurationMs: number | null;
  /** What the cell shows: its value for an expression cell, what it display()ed otherwise. */
  outputs: MimeBundle[];
  /** The cell's latest value: an expression's value, or the object of a program cell's declarations' current values. */
  value?: unknown;
  error?: CellError;
}

type Listener<T> = (value: T) => void;

/** A minimal typed event emitter; `on` returns the function that unsubscribes. */
export class Emitter<Events extends Record<string, unknown>> {
  #listeners = new Map<keyof Events, Set<Listener<any>>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  protected emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(value);
  }
}
