// Noticing that a file changed on disk. The folder is watched, not the file:
// an atomic save (ours or another editor's) renames a new file over the old
// one, and a watch on the old file would go quiet. Events are debounced, then
// the file is hashed, and only a new hash is reported, so touching a file or an
// editor writing it in several steps reports at most what actually changed.
// A slow poll backs fs.watch up where it is silent (network file systems).
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { contentHash } from './hash.js';

export interface DiskVersion {
  /** null when the file is gone. */
  hash: string | null;
  mtimeMs: number | null;
}

export interface WatchOptions {
  /** Quiet time after the last event before hashing (editors write in bursts). */
  debounceMs?: number;
  /** How often to check when no event comes. */
  pollMs?: number;
  /**
   * The version the caller already has (the hash it opened or saved; null for
   * "no file"): a change made before the watch began is then reported at once
   * instead of becoming the baseline.
   */
  since?: string | null;
}

export async function diskVersion(path: string): Promise<DiskVersion & { size: number | null }> {
  try {
    const [info, bytes] = await Promise.all([stat(path), readFile(path)]);
    return { hash: contentHash(bytes), mtimeMs: info.mtimeMs, size: info.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hash: null, mtimeMs: null, size: null };
    throw error;
  }
}

/** Calls `onChange` with each new version of `path`; returns the stop function. */
export function watchFile(path: string, onChange: (version: DiskVersion) => void, options: WatchOptions = {}): () => void {
  const { debounceMs = 60, pollMs = 2000 } = options;
  const name = basename(path);
  let known: { hash: string | null; mtimeMs: number | null; size: number | null } | undefined =
    options.since === undefined ? undefined : { hash: options.since, mtimeMs: null, size: null };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> = Promise.resolve();

  // Checks run one at a time, so two reports never race each other out of order.
  const check = () => {
    checking = checking.then(async () => {
      if (stopped) return;
      const now = await diskVersion(path).catch(() => undefined);
      if (!now || stopped) return;
      if (known === undefined) { known = now; return; }
      if (now.hash === known.hash) { known = now; return; }
      known = now;
      onChange({ hash: now.hash, mtimeMs: now.mtimeMs });
    });
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  };
  // The poll only hashes when size or mtime moved.
  const poll = setInterval(() => {
    void stat(path).then(
      (s) => { if (!known || s.mtimeMs !== known.mtimeMs || s.size !== known.size) soon(); },
      () => { if (known?.hash !== null) soon(); },
    );
  }, pollMs);
  poll.unref();

  let watcher: FSWatcher | undefined;
  try {
    watcher = watchFolder(dirname(path), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) soon();
    });
    watcher.on('error', () => { watcher?.close(); watcher = undefined; });
  } catch {
    // The folder cannot be watched; the poll still notices.
  }
  check();

  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(poll);
    watcher?.close();
  };
}
