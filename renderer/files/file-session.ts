// The file behind the open notebook, as the host knows it: its path, the
// version on disk this page last read or wrote (hash), the text of that
// version (to tell unsaved work), whether its content is trusted, and the
// recovery copy. Saves carry the hash they expect on disk, so another
// program's change is never overwritten silently; unsaved work goes to the
// host's recovery copy a moment after typing stops.
import type { FileChange, Host, HostPath, OpenedFile } from '../host.js';

/** Unsaved work reaches the recovery copy this long after the last change. */
export const AUTOSAVE_DELAY_MS = 1500;

export class FileSession {
  readonly host: Host;
  path: HostPath | null;
  /** Where an untitled notebook's unsaved work is kept until it has a path. */
  readonly untitledKey: HostPath | null;
  /** The on-disk version this page is based on; null for a notebook never saved. */
  hash: string | null;
  /**
   * The text that version has as this page writes it (for .ipynb, our own
   * serialisation of what was read, so opening a file does not make it dirty).
   */
  savedText: string;
  trusted: boolean;
  bundled: boolean;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: string | null = null;
  #autosaving: Promise<void> = Promise.resolve();
  #unwatch: (() => void) | null = null;

  private constructor(host: Host, path: HostPath | null, hash: string | null, text: string, trusted: boolean, bundled: boolean, untitledKey: HostPath | null = null) {
    this.host = host;
    this.path = path;
    this.untitledKey = untitledKey;
    this.hash = hash;
    this.savedText = text;
    this.trusted = trusted;
    this.bundled = bundled;
  }

  /** A notebook not saved yet; its unsaved work is autosaved under `key`. */
  static untitled(host: Host, text: string, key: HostPath | null = null): FileSession {
    return new FileSession(host, null, null, text, true, false, key);
  }

  /** `baseline`: the opened file's text as this page would write it. */
  static opened(host: Host, file: OpenedFile, baseline = file.text): FileSession {
    return new FileSession(host, file.path, file.hash, baseline, file.trusted, file.bundled);
  }

  isDirty(text: string): boolean {
    return text !== this.savedText;
  }

  /** Saves to the current path; rejects with code 'CONFLICT' when the file changed on disk, unless `force`. */
  async save(text: string, options: { force?: boolean } = {}): Promise<void> {
    if (this.path === null) throw new Error('this notebook has no file yet: use Save As');
    await this.#write(this.path, text, options.force ? undefined : this.hash);
  }

  /**
   * Saves under a new path; rejects with code 'CONFLICT' when a file is there
   * already, unless `overwrite` (the user said so).
   */
  async saveAs(path: HostPath, text: string, options: { overwrite?: boolean } = {}): Promise<void> {
    const previous = this.path ?? this.untitledKey;
    await this.#write(path, text, options.overwrite ? undefined : null);
    if (previous !== null && previous !== path) await this.host.discardRecovery(previous).catch(() => {});
  }

  async #write(path: HostPath, text: string, expectHash: string | null | undefined): Promise<void> {
    this.#cancelAutosave();
    await this.#autosaving;
    // Work the user wrote in a running notebook is theirs: trusted in the same call.
    // A read-only, untrusted notebook saved elsewhere stays untrusted.
    const saved = await this.host.save(path, text, { ...(expectHash === undefined ? {} : { expectHash }), trust: this.trusted });
    const moved = path !== this.path;
    this.path = saved.path;
    this.hash = saved.hash;
    this.savedText = text;
    await this.host.discardRecovery(saved.path).catch(() => {});
    if (moved && this.#unwatch) this.watch(this.#onChange!);
  }

  /** Schedules the recovery copy of `text`; a clean text cancels it and drops the copy. */
  scheduleAutosave(text: string, delayMs = AUTOSAVE_DELAY_MS): void {
    const path = this.path ?? this.untitledKey;
    if (path === null) return;
    if (!this.isDirty(text)) {
      if (this.#pending !== null) {
        this.#cancelAutosave();
        this.#autosaving = this.#autosaving.then(() => this.host.discardRecovery(path)).catch(() => {});
      }
      return;
    }
    this.#pending = text;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flushAutosave(), delayMs);
  }

  /** Writes the scheduled recovery copy now. */
  flushAutosave(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const text = this.#pending;
    const path = this.path ?? this.untitledKey;
    this.#pending = null;
    if (text === null || path === null) return this.#autosaving;
    this.#autosaving = this.#autosaving.then(() => this.host.autosave(path, text)).then(
      () => this.onAutosave?.(null),
      (error) => this.onAutosave?.(error instanceof Error ? error : new Error(String(error))),
    );
    return this.#autosaving;
  }

  discardRecovery(): Promise<void> {
    this.#cancelAutosave();
    const path = this.path ?? this.untitledKey;
    return path === null ? Promise.resolve() : this.host.discardRecovery(path);
  }

  /** Remembers that the user trusts the content on disk now. */
  async trust(): Promise<void> {
    if (this.path !== null && this.hash !== null) await this.host.trust(this.path, this.hash);
    this.trusted = true;
  }

  /** Hears how each recovery copy went (null: written), so a page can say when the host is gone. */
  onAutosave: ((error: Error | null) => void) | null = null;

  #onChange: ((change: FileChange) => void) | null = null;

  /** Calls `onChange` for changes on disk that are not this page's own saves. */
  watch(onChange: (change: FileChange) => void): void {
    this.#unwatch?.();
    this.#onChange = onChange;
    if (this.path === null) return;
    const path = this.path;
    this.#unwatch = this.host.watch(path, (change) => {
      if (change.path === this.path && change.hash !== this.hash) onChange(change);
    });
  }

  /** Takes the disk's version as the new base (after the user reloads it). */
  rebase(file: OpenedFile, baseline = file.text): void {
    this.hash = file.hash;
    this.savedText = baseline;
    this.trusted = file.trusted;
  }

  close(): void {
    this.#cancelAutosave();
    this.#unwatch?.();
    this.#unwatch = null;
  }

  #cancelAutosave(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
