// Display ids: every output a cell shows in the execution that ran it becomes
// a display with an id of its own. When the cell re-runs later, because an
// execution redefined a name it reads, its new outputs replace the old ones
// as update_display_data on those ids, so a front end shows the chain update
// where the outputs already are. Updates to one display are coalesced: a
// generator re-running a cell every frame sends its latest value, not every
// frame.
import { randomBytes } from 'node:crypto';
import type { MimeBundle } from '../runtime/state.js';
import type { IOPub } from './iopub.js';

/** How long updates to a display gather before the latest is sent, outside an execution's end. */
const COALESCE_MS = 50;

interface Slot {
  id: string;
  /** The bundle the front end shows now, as JSON, to skip updates that change nothing. */
  shown: string;
}

export class Displays {
  readonly #iopub: IOPub;
  readonly #prefix = randomBytes(4).toString('hex');
  readonly #slots = new Map<string, Slot[]>();
  readonly #updates = new Map<string, MimeBundle>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #next = 0;

  constructor(iopub: IOPub) {
    this.#iopub = iopub;
  }

  /** How many displays a cell has. */
  count(cellId: string): number {
    return this.#slots.get(cellId)?.length ?? 0;
  }

  /** A cell's displays are gone (the front end cleared them on re-executing it, or the cell is gone). */
  forget(cellId: string): void {
    for (const slot of this.#slots.get(cellId) ?? []) this.#updates.delete(slot.id);
    this.#slots.delete(cellId);
  }

  /**
   * A new display for a cell's next output: display_data, or, for the value
   * of an execution that can never change, execute_result with its count.
   */
  show(cellId: string, bundle: MimeBundle, result?: { executionCount: number }): void {
    const slot = { id: `${this.#prefix}-${++this.#next}`, shown: JSON.stringify(bundle) };
    const slots = this.#slots.get(cellId) ?? [];
    slots.push(slot);
    this.#slots.set(cellId, slots);
    const content = { data: bundle, metadata: {}, transient: { display_id: slot.id } };
    // JupyterLab only updates display_data in place; the id still goes with a result, for clients that update those too.
    if (result) this.#iopub.publish('execute_result', { execution_count: result.executionCount, ...content }, undefined, true);
    else this.#iopub.publish('display_data', content, undefined, true);
  }

  /** Replaces what display `index` of a cell shows (sent with the next flush). */
  update(cellId: string, index: number, bundle: MimeBundle): void {
    const slot = this.#slots.get(cellId)?.[index];
    if (!slot) return;
    const json = JSON.stringify(bundle);
    if (json === slot.shown) {
      this.#updates.delete(slot.id);
      return;
    }
    this.#updates.set(slot.id, bundle);
    this.#timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** Sends every gathered update now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#updates.size) return;
    const shown = new Map<string, Slot>();
    for (const slots of this.#slots.values()) for (const slot of slots) shown.set(slot.id, slot);
    for (const [id, bundle] of this.#updates) {
      const slot = shown.get(id);
      if (!slot) continue;
      slot.shown = JSON.stringify(bundle);
      this.#iopub.publish('update_display_data', { data: bundle, metadata: {}, transient: { display_id: id } });
    }
    this.#updates.clear();
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#updates.clear();
  }
}
