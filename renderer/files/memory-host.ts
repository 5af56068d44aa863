// A Host that keeps files in memory: the renderer's unit tests use it, and a
// page opened with no host to talk to (a static preview) still works on the
// notebooks it was seeded with. It behaves as the real hosts do: SHA-256
// hashes, CONFLICT on a stale expectHash, recovery copies, trust by hash.
import { hostError, type DirEntry, type FileChange, type Host, type HostPath, type OpenedFile, type RecoveryEntry, type SavedFile } from '../host.js';

interface Stored {
  text: string;
  mtimeMs: number;
  bundled: boolean;
}

export class MemoryHost implements Host {
  readonly kind = 'serve' as const;
  readonly files = new Map<HostPath, Stored>();
  readonly recovery = new Map<HostPath, { text: string; savedAtMs: number }>();
  readonly trusted = new Set<string>();
  readonly #recent: HostPath[] = [];
  readonly #watchers = new Map<HostPath, Set<(change: FileChange) => void>>();
  #initial: HostPath | null;
  #clock = 1;

  constructor(files: Record<HostPath, string> = {}, options: { initial?: HostPath; bundled?: boolean } = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, { text, mtimeMs: this.#tick(), bundled: options.bundled ?? false });
    this.#initial = options.initial ?? null;
  }

  async initialPath(): Promise<HostPath | null> {
    return this.#initial;
  }

  async list(dir?: HostPath): Promise<DirEntry[]> {
    const prefix = dir ? `${dir}/` : '';
    const entries = new Map<string, DirEntry>();
    for (const path of [...this.files.keys()].sort()) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      entries.set(name, rest.length ? { path: prefix + name, name, kind: 'dir' } : { path, name, kind: 'file' });
    }
    return [...entries.values()];
  }

  async open(path: HostPath): Promise<OpenedFile> {
    const file = this.files.get(path);
    if (!file) throw hostError('NOT_FOUND', `${path}: no such file`);
    const hash = await sha256(file.text);
    const recovery = this.recovery.get(path);
    this.#remember(path);
    return {
      path, text: file.text, hash, mtimeMs: file.mtimeMs, bundled: file.bundled,
      trusted: file.bundled || this.trusted.has(`${path}\n${hash}`),
      recovery: recovery && recovery.savedAtMs > file.mtimeMs ? recovery : null,
    };
  }

  async save(path: HostPath, text: string, options: { expectHash?: string | null; trust?: boolean } = {}): Promise<SavedFile> {
    const current = this.files.get(path);
    if (options.expectHash !== undefined) {
      const onDisk = current ? await sha256(current.text) : null;
      if (onDisk !== options.expectHash) {
        throw hostError('CONFLICT', options.expectHash === null ? `${path} already exists` : `${path} changed on disk since it was opened`);
      }
    }
    const mtimeMs = this.#tick();
    const hash = await sha256(text);
    this.files.set(path, { text, mtimeMs, bundled: false });
    if (options.trust) this.trusted.add(`${path}\n${hash}`);
    this.#remember(path);
    return { path, hash, mtimeMs };
  }

  async autosave(path: HostPath, text: string): Promise<void> {
    this.recovery.set(path, { text, savedAtMs: this.#tick() });
  }

  async discardRecovery(path: HostPath): Promise<void> {
    this.recovery.delete(path);
  }

  async recoveries(): Promise<RecoveryEntry[]> {
    return [...this.recovery].map(([path, r]) => ({ path, ...r, exists: this.files.has(path) })).sort((a, b) => b.savedAtMs - a.savedAtMs);
  }

  async trust(path: HostPath, hash: string): Promise<void> {
    this.trusted.add(`${path}\n${hash}`);
  }

  async recent(): Promise<HostPath[]> {
    return [...this.#recent];
  }

  watch(path: HostPath, onChange: (change: FileChange) => void): () => void {
    let set = this.#watchers.get(path);
    if (!set) this.#watchers.set(path, (set = new Set()));
    set.add(onChange);
    return () => set!.delete(onChange);
  }

  /** Another program writes the file (tests). */
  async writeExternally(path: HostPath, text: string): Promise<void> {
    const mtimeMs = this.#tick();
    this.files.set(path, { text, mtimeMs, bundled: this.files.get(path)?.bundled ?? false });
    const hash = await sha256(text);
    for (const listener of this.#watchers.get(path) ?? []) listener({ path, hash, mtimeMs });
  }

  #remember(path: HostPath): void {
    const i = this.#recent.indexOf(path);
    if (i >= 0) this.#recent.splice(i, 1);
    this.#recent.unshift(path);
  }

  /** A clock that always moves forward, so "newer than" is exact in tests. */
  #tick(): number {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
