// The main process's side of the preload's calls: one handler per INVOKE
// channel, each forwarding to the shared workspace (host/workspace.ts) and
// answering a Reply. Dialogs grant what the user picked; watches are kept per
// window and dropped with it. main.ts only registers these with ipcMain.
import type { HostPath, Walkthrough } from '../renderer/host.js';
import { isHostError } from '../host/host-error.js';
import type { Reply } from '../renderer/hosts/electron.js';
import type { Workspace } from '../host/workspace.js';
import { EVENTS, INVOKE, type InvokeName } from './channels.js';
import type { Grants } from './grants.js';

export interface FileApiContext {
  workspace: Workspace;
  grants: Grants;
  /** The notebook a window was opened on (null: untitled). */
  initialPathOf(windowId: number): HostPath | null;
  /** Native dialogs; the chosen path, or null when cancelled. */
  dialogs: {
    open(windowId: number): Promise<string | null>;
    save(windowId: number, suggested: string): Promise<string | null>;
  };
  /** webContents.send to a window. */
  send(windowId: number, channel: string, ...args: unknown[]): void;
  /** After anything that may change Open Recent (an open, a save). */
  recentChanged?(): void;
  /** The bundled walkthroughs, for the page's Help menu (the native one lists the same). */
  walkthroughs?(): Promise<Walkthrough[]>;
}

type Handler = (windowId: number, ...args: any[]) => Promise<unknown>;

async function reply<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isHostError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'IO', message: error instanceof Error ? error.message : String(error) } };
  }
}

export function fileApi(context: FileApiContext) {
  const { workspace, grants } = context;
  const watches = new Map<number, Map<number, () => void>>();
  const watchesOf = (windowId: number) => watches.get(windowId) ?? watches.set(windowId, new Map()).get(windowId)!;

  const handlers: Record<InvokeName, Handler> = {
    initialPath: async (windowId) => context.initialPathOf(windowId),
    list: (_, dir?: HostPath) => workspace.list(dir),
    open: async (_, path: HostPath) => {
      const file = await workspace.open(path);
      context.recentChanged?.();
      return file;
    },
    save: async (_, path: HostPath, text: string, options?: { expectHash?: string | null; trust?: boolean }) => {
      const saved = await workspace.save(path, text, options ?? {});
      context.recentChanged?.();
      return saved;
    },
    autosave: (_, path: HostPath, text: string) => workspace.autosave(path, text),
    discardRecovery: (_, path: HostPath) => workspace.discardRecovery(path),
    recoveries: () => workspace.recoveries(),
    trust: (_, path: HostPath, hash: string) => workspace.trust(path, hash),
    recent: () => workspace.recent(),
    watch: async (windowId, id: number, path: HostPath, since?: string | null) => {
      const stop = await workspace.watch(path, (change) => context.send(windowId, EVENTS.change, id, change), since);
      watchesOf(windowId).set(id, stop);
    },
    unwatch: async (windowId, id: number) => {
      watches.get(windowId)?.get(id)?.();
      watches.get(windowId)?.delete(id);
    },
    pickOpen: async (windowId) => {
      const path = await context.dialogs.open(windowId);
      if (path !== null) await grants.grantFile(path);
      return path;
    },
    walkthroughs: async () => (await context.walkthroughs?.()) ?? [],
    pickSave: async (windowId, suggested: HostPath) => {
      const path = await context.dialogs.save(windowId, typeof suggested === 'string' ? suggested : '');
      if (path !== null) await grants.grantFile(path);
      return path;
    },
  };

  return {
    /** Channel name → handler answering a Reply, for ipcMain.handle. */
    channels: Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [
      INVOKE[name as InvokeName],
      (windowId: number, ...args: unknown[]) => reply(() => handler(windowId, ...args)),
    ])) as Record<string, (windowId: number, ...args: unknown[]) => Promise<Reply<unknown>>>,
    /** Stops a closed window's watches. */
    forget(windowId: number) {
      for (const stop of watches.get(windowId)?.values() ?? []) stop();
      watches.delete(windowId);
    },
  };
}
