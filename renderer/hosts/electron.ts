// The `Host` of the Electron app: a thin wrapper over the object the preload
// exposes (electron/preload-api.ts). Each call answers a `Reply` rather than
// throwing, because an Error crossing contextBridge loses its `code`; here the
// reply becomes a value or a HostError again.
import {
  hostError, type DirEntry, type FileChange, type Host, type HostCommand, type HostErrorCode,
  type HostPath, type OpenedFile, type RecoveryEntry, type SavedFile, type Walkthrough,
} from '../host.js';

/** The name the preload exposes its object under (`window.kernelbook`). */
export const PRELOAD_GLOBAL = 'kernelbook';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: HostErrorCode; message: string } };

/** What the preload exposes: one method per Host call, plain data in and out. */
export interface PreloadApi {
  initialPath(): Promise<Reply<HostPath | null>>;
  list(dir?: HostPath): Promise<Reply<DirEntry[]>>;
  open(path: HostPath): Promise<Reply<OpenedFile>>;
  save(path: HostPath, text: string, options?: { expectHash?: string | null; trust?: boolean }): Promise<Reply<SavedFile>>;
  autosave(path: HostPath, text: string): Promise<Reply<void>>;
  discardRecovery(path: HostPath): Promise<Reply<void>>;
  recoveries(): Promise<Reply<RecoveryEntry[]>>;
  trust(path: HostPath, hash: string): Promise<Reply<void>>;
  recent(): Promise<Reply<HostPath[]>>;
  walkthroughs(): Promise<Reply<Walkthrough[]>>;
  /** `since`: the hash the page has (null: no file); returns the unsubscribe. */
  watch(path: HostPath, since: string | null | undefined, onChange: (change: FileChange) => void): () => void;
  pickOpen(): Promise<Reply<HostPath | null>>;
  pickSave(suggested: HostPath): Promise<Reply<HostPath | null>>;
  onCommand(listener: (command: HostCommand) => void): () => void;
  close(): void;
}

export function electronHost(api: PreloadApi): Host {
  const known = new Map<HostPath, string | null>();
  const value = async <T>(reply: Promise<Reply<T>>): Promise<T> => {
    const answer = await reply;
    if (answer.ok) return answer.value;
    throw hostError(answer.error.code, answer.error.message);
  };
  const see = <T extends { path: HostPath; hash: string }>(file: T): T => {
    known.set(file.path, file.hash);
    return file;
  };
  return {
    kind: 'electron',
    initialPath: () => value(api.initialPath()),
    list: (dir) => value(api.list(dir)),
    open: async (path) => see(await value(api.open(path))),
    save: async (path, text, options) => see(await value(api.save(path, text, options))),
    autosave: (path, text) => value(api.autosave(path, text)),
    discardRecovery: (path) => value(api.discardRecovery(path)),
    recoveries: () => value(api.recoveries()),
    trust: (path, hash) => value(api.trust(path, hash)),
    recent: () => value(api.recent()),
    walkthroughs: () => value(api.walkthroughs()),
    watch(path, onChange) {
      return api.watch(path, known.get(path), (change) => {
        // This window's own save coming back is not news.
        if (known.has(path) && known.get(path) === change.hash) return;
        known.set(path, change.hash);
        onChange(change);
      });
    },
    pickOpen: () => value(api.pickOpen()),
    pickSave: (suggested) => value(api.pickSave(suggested)),
    onCommand: (listener) => api.onCommand(listener),
    close: () => api.close(),
  };
}
