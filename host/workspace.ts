// The host side of renderer/host.ts's `Host`, over real files: what `kernelbook
// serve`'s HTTP API and Electron's IPC both forward to. Paths come in as the
// renderer names them and go through one `Access` policy; contents are text in
// and out, hashed from the bytes on disk, saved atomically.
import { readdir, readFile, stat } from 'node:fs/promises';
import { atomicWriteFile } from '../kernel/format/atomic-write.js';
import type { DirEntry, FileChange, HostPath, OpenedFile, RecoveryEntry, SavedFile, Walkthrough } from '../renderer/host.js';
import { walkthroughTitles } from './walkthroughs.js';
import { hostError } from './host-error.js';
import type { Access } from './access.js';
import { asHostError } from './fs-errors.js';
import { contentHash } from './hash.js';
import { keyedQueue } from './keyed-queue.js';
import { isNotebookName, isOpenableName, isUntitledKey } from './notebook-names.js';
import type { RecentFiles } from './recent.js';
import type { RecoveryStore } from './recovery.js';
import { isContentHash, type TrustStore } from './trust.js';
import { diskVersion, watchFile, type WatchOptions } from './watch.js';

/** Larger files are refused rather than shipped whole to the renderer. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface WorkspaceOptions {
  access: Access;
  trust: TrustStore;
  recent: RecentFiles;
  recovery: RecoveryStore;
  /** Content hashes of the walkthroughs as shipped (host/walkthroughs.ts). */
  bundled: ReadonlySet<string>;
  initialPath?: HostPath | null;
  watch?: WatchOptions;
  /** The bundled walkthroughs' folder (host/walkthroughs.ts), for the page's Help. */
  walkthroughsDir?: string;
}

export type Workspace = ReturnType<typeof createWorkspace>;

export function createWorkspace(options: WorkspaceOptions) {
  const { access, trust, recent, recovery, bundled } = options;
  const saves = keyedQueue();
  // The last version this workspace wrote to each file: its watchers do not
  // report it back (the page that saved already has it, and the event could
  // otherwise overtake the save's own answer).
  const written = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  const checkText = (text: unknown, what: string): string => {
    if (typeof text !== 'string') throw hostError('BAD_REQUEST', `${what} must be a string`);
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw hostError('BAD_REQUEST', `${what} is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
    return text;
  };
  const resolve = async (path: HostPath, kind: 'file' | 'any' = 'file'): Promise<string> => {
    if (typeof path !== 'string') throw hostError('BAD_REQUEST', 'a path must be a string');
    if (kind === 'file' && !isOpenableName(path)) throw hostError('FORBIDDEN', `${path}: only .notebook, .ipynb and .html files`);
    try {
      return await access.resolve(path);
    } catch (error) {
      throw asHostError(error, path);
    }
  };
  // Recovery copies are keyed by the file's real path, so every name for a file finds them.
  const recoveryKey = async (path: HostPath): Promise<string> => (isUntitledKey(path) ? path : resolve(path));

  return {
    initialPath: async (): Promise<HostPath | null> => options.initialPath ?? null,

    async list(dir: HostPath = access.home): Promise<DirEntry[]> {
      const abs = await resolve(dir, 'any');
      let entries;
      try {
        entries = await readdir(abs, { withFileTypes: true });
      } catch (error) {
        throw asHostError(error, dir);
      }
      const listed: DirEntry[] = [];
      for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const path = access.child(dir, entry.name);
        let kind: 'file' | 'dir' | null = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : null;
        // A link is listed as what it leads to, and only if it stays where this host may go.
        if (entry.isSymbolicLink()) {
          const target = await access.resolve(path).then(stat).catch(() => null);
          kind = target?.isDirectory() ? 'dir' : target?.isFile() ? 'file' : null;
        }
        if (kind === 'dir' || (kind === 'file' && isNotebookName(entry.name))) listed.push({ path, name: entry.name, kind });
      }
      return listed.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    },

    async open(path: HostPath): Promise<OpenedFile> {
      const abs = await resolve(path);
      let bytes: Buffer, info;
      try {
        info = await stat(abs);
        if (info.isDirectory()) throw hostError('BAD_REQUEST', `${path} is a folder, not a file`);
        if (info.size > MAX_FILE_BYTES) throw hostError('BAD_REQUEST', `${path} is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
        bytes = await readFile(abs);
      } catch (error) {
        throw asHostError(error, path);
      }
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        throw hostError('IO', `${path} is not UTF-8 text`);
      }
      const hash = contentHash(bytes);
      const isBundled = bundled.has(hash);
      const saved = await recovery.get(abs);
      // Offered only when it is newer than the file and says something the file does not.
      const offer = saved && saved.savedAtMs > info.mtimeMs && saved.text !== text ? { text: saved.text, savedAtMs: saved.savedAtMs } : null;
      if (isNotebookName(abs)) await recent.add(abs);
      return { path, text, hash, mtimeMs: info.mtimeMs, bundled: isBundled, trusted: isBundled || (await trust.isTrusted(hash)), recovery: offer };
    },

    async save(path: HostPath, text: string, opts: { expectHash?: string | null; trust?: boolean } = {}): Promise<SavedFile> {
      checkText(text, 'the text to save');
      const { expectHash } = opts;
      if (expectHash !== undefined && expectHash !== null && !isContentHash(expectHash)) throw hostError('BAD_REQUEST', 'expectHash must be a SHA-256 hex string or null');
      if (access.readOnly?.(path)) throw hostError('FORBIDDEN', `${path} is a walkthrough shipped with the app: use Save As to keep your changes in the served folder`);
      const abs = await resolve(path);
      return saves(abs, async () => {
        if (expectHash !== undefined) {
          const current = (await diskVersion(abs).catch((error) => { throw asHostError(error, path); })).hash;
          if (current !== expectHash) {
            throw hostError('CONFLICT', expectHash === null
              ? `${path} already exists`
              : current === null ? `${path} was deleted since it was opened` : `${path} changed on disk since it was opened`);
          }
        }
        const hash = contentHash(text);
        written.set(abs, hash);
        try {
          await atomicWriteFile(abs, text);
        } catch (error) {
          throw asHostError(error, path);
        }
        const { mtimeMs } = await stat(abs);
        if (isNotebookName(abs)) {
          // The saved version supersedes any recovery copy of the file.
          await recovery.discard(abs);
          if (opts.trust) await trust.trust(hash, abs);
          await recent.add(abs);
        }
        return { path, hash, mtimeMs };
      });
    },

    async autosave(path: HostPath, text: string): Promise<void> {
      checkText(text, 'the text to autosave');
      await recovery.put(await recoveryKey(path), text);
    },

    async discardRecovery(path: HostPath): Promise<void> {
      await recovery.discard(await recoveryKey(path));
    },

    async recoveries(): Promise<RecoveryEntry[]> {
      const entries: RecoveryEntry[] = [];
      for (const record of await recovery.all()) {
        if (isUntitledKey(record.key)) {
          entries.push({ path: record.key, text: record.text, savedAtMs: record.savedAtMs, exists: false });
          continue;
        }
        const path = access.name(record.key);
        if (path === null) continue;
        const exists = await stat(record.key).then(() => true, () => false);
        entries.push({ path, text: record.text, savedAtMs: record.savedAtMs, exists });
      }
      return entries;
    },

    async trust(path: HostPath, hash: string): Promise<void> {
      if (!isContentHash(hash)) throw hostError('BAD_REQUEST', 'hash must be a SHA-256 hex string');
      await trust.trust(hash, await resolve(path));
    },

    /** The bundled walkthroughs this host can open, English first, each with its title and language. */
    async walkthroughs(): Promise<Walkthrough[]> {
      const listed = await walkthroughTitles(options.walkthroughsDir);
      return listed.flatMap(({ path: abs, title, lang, group }) => {
        const path = access.name(abs);
        return path === null ? [] : [{ path, title, lang, group }];
      });
    },

    async recent(): Promise<HostPath[]> {
      const names: HostPath[] = [];
      for (const abs of await recent.list()) {
        const path = access.name(abs);
        if (path !== null && await stat(abs).then((s) => s.isFile(), () => false)) names.push(path);
      }
      return names;
    },

    /** Resolves first, so a refused path fails here rather than watching nothing. */
    async watch(path: HostPath, onChange: (change: FileChange) => void, since?: string | null): Promise<() => void> {
      const abs = await resolve(path);
      return watchFile(abs, (version) => {
        if (version.hash !== null && version.hash === written.get(abs)) return;
        onChange({ path, ...version });
      }, { ...options.watch, since });
    },
  };
}
