// What the workbook asks of whatever hosts it. Two hosts implement this one
// interface: Electron's preload (over IPC, electron/) and `kernelbook serve`
// (over HTTP, host/). The renderer never knows which it has beyond `kind`.
//
// The host is a careful byte store: it reads and writes notebook files as
// text, atomically, keeps recovery copies of unsaved work, remembers which
// contents the user trusted, and says when a file changes on disk. Parsing,
// converting (.ipynb) and serializing are the renderer's, through kernel/format,
// so both hosts stay small and the two never disagree about a file's meaning.
//
// The workbook's side of the bargain: get the host with connectHost()
// (renderer/hosts/connect.ts); show an opened file read-only and unrun unless
// `trusted`; offer `recovery` when there is one; autosave unsaved work every
// few seconds; save with the `expectHash` it opened (or last saved) and
// `trust: true` for its own work; offer to reload when `watch` reports a change.

/** Where a path is: relative to the served folder (serve) or absolute (Electron). */
export type HostPath = string;

export interface DirEntry {
  path: HostPath;
  name: string;
  kind: 'file' | 'dir';
}

export interface OpenedFile {
  path: HostPath;
  /** The file's text exactly as on disk (a .notebook's HTML or an .ipynb's JSON). */
  text: string;
  /** SHA-256 of the text, hex: the version a later save or trust refers to. */
  hash: string;
  mtimeMs: number;
  /** One of the bundled walkthroughs (always trusted). */
  bundled: boolean;
  /** Bundled, or this exact content (hash) was trusted before by the user. */
  trusted: boolean;
  /** Unsaved work autosaved for this file and newer than it, if any: offered for recovery. */
  recovery: { text: string; savedAtMs: number } | null;
}

export interface SavedFile {
  path: HostPath;
  hash: string;
  mtimeMs: number;
}

/** Unsaved work kept by `autosave`, listed so work on an untitled notebook can be found after a crash. */
export interface RecoveryEntry {
  path: HostPath;
  text: string;
  savedAtMs: number;
  /** Whether a file exists at `path` (false for untitled work). */
  exists: boolean;
}

export interface FileChange {
  path: HostPath;
  /** null when the file was deleted. */
  hash: string | null;
  mtimeMs: number | null;
}

/**
 * Why a host call failed. Both hosts reject with an Error carrying one of these
 * as `code` (see `HostError`), so the renderer can react without parsing messages.
 * - CONFLICT: the file on disk is not the version `expectHash` named.
 * - NOT_FOUND: no such file or folder.
 * - FORBIDDEN: outside what the host may touch (`..`, a symlink out of the served
 *   folder, a path Electron's user never opened), or not a notebook.
 * - BAD_REQUEST: malformed arguments.
 * - UNAUTHORIZED: serve's token is missing or wrong (e.g. the server restarted: open its new URL).
 * - UNAVAILABLE: the host cannot be reached (serve stopped).
 * - IO: the file system refused (permissions, disk full, read-only).
 */
export type HostErrorCode = 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_REQUEST' | 'UNAUTHORIZED' | 'UNAVAILABLE' | 'IO';

export interface HostError extends Error {
  code: HostErrorCode;
}

export function hostError(code: HostErrorCode, message: string): HostError {
  return Object.assign(new Error(message), { name: 'HostError', code });
}

const HOST_ERROR_CODES: ReadonlySet<string> = new Set<HostErrorCode>(['CONFLICT', 'NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST', 'UNAUTHORIZED', 'UNAVAILABLE', 'IO']);

export function isHostErrorCode(code: unknown): code is HostErrorCode {
  return typeof code === 'string' && HOST_ERROR_CODES.has(code);
}

/** A HostError (of `code`, if given). Node's own errors carry string codes too ('ENOENT'), so the code is checked. */
export function isHostError(error: unknown, code?: HostErrorCode): error is HostError {
  const actual = (error as HostError | null)?.code;
  return error instanceof Error && isHostErrorCode(actual) && (code === undefined || actual === code);
}

/** A walkthrough shipped with the app, as the Help menu lists it. */
export interface Walkthrough {
  path: HostPath;
  title: string;
  /** 'en' or 'zh-CN' */
  lang: string;
  /** The menu group of a language other than English (教程（中文）), null for English. */
  group: string | null;
}

/** Menu and shortcut commands a host may send (Electron's menus); serve's page has its own menus. */
export type HostCommand =
  | 'new' | 'open' | 'save' | 'save-as' | 'export-html' | 'close'
  | 'run-all' | 'interrupt' | 'restart' | 'command-palette'
  | { open: HostPath };

export interface Host {
  readonly kind: 'electron' | 'serve';
  /** The notebook to show first (the one `serve FILE` or the app was opened with), if any. */
  initialPath(): Promise<HostPath | null>;
  /** Entries of a folder (the served folder's root when omitted), notebooks and folders only. */
  list(dir?: HostPath): Promise<DirEntry[]>;
  open(path: HostPath): Promise<OpenedFile>;
  /**
   * Writes atomically (temporary file, fsync, rename). With `expectHash`, refuses
   * (rejects with an error whose `code` is 'CONFLICT') when the file on disk is
   * no longer that version, so a save never silently overwrites another program's
   * change; `expectHash: null` means "the file must not exist yet" (Save As onto a
   * new name). With `trust`, the saved content is remembered as trusted in the same
   * call: pass it when saving work the user wrote in a trusted (running) notebook,
   * never for a read-only untrusted one, or Save As would launder it.
   * Saves `.notebook`, `.ipynb` and `.html` (Export HTML) files only.
   */
  save(path: HostPath, text: string, options?: { expectHash?: string | null; trust?: boolean }): Promise<SavedFile>;
  /** Keeps `text` as the recovery copy of `path` (or of an untitled notebook, keyed by `path`). */
  autosave(path: HostPath, text: string): Promise<void>;
  /** Drops the recovery copy (after a save, or when the user discards it). */
  discardRecovery(path: HostPath): Promise<void>;
  /** Every recovery copy this host can reach, newest first (untitled work included). */
  recoveries(): Promise<RecoveryEntry[]>;
  /** Remembers that the user trusts this content of this file. */
  trust(path: HostPath, hash: string): Promise<void>;
  /** Recently opened files, newest first. */
  recent(): Promise<HostPath[]>;
  /** The bundled walkthroughs, English first, for the page's Help menu (Electron's native Help menu lists them too). */
  walkthroughs?(): Promise<Walkthrough[]>;
  /**
   * Calls `onChange` when the file changes on disk by another program (this host's
   * own saves are not reported); returns the unsubscribe.
   */
  watch(path: HostPath, onChange: (change: FileChange) => void): () => void;
  /** Native dialogs where the host has them (Electron); null means the renderer shows its own picker. */
  pickOpen?(): Promise<HostPath | null>;
  pickSave?(suggested: HostPath): Promise<HostPath | null>;
  /** Commands from native menus (Electron); returns the unsubscribe. */
  onCommand?(listener: (command: HostCommand) => void): () => void;
  /** Asks the host to close the window (Electron), after the renderer confirmed unsaved work. */
  close?(): void;
}
