// The object the preload exposes to the page (renderer/hosts/electron.ts's
// PreloadApi), built over ipcRenderer. Only the channels of channels.ts, only
// plain data across; a page never gets ipcRenderer itself.
import type { FileChange, HostCommand } from '../renderer/host.js';
import type { PreloadApi, Reply } from '../renderer/hosts/electron.js';
import { EVENTS, INVOKE, SENDS } from './channels.js';

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

export function preloadApi(ipc: IpcRendererLike): PreloadApi {
  const invoke = <T>(channel: string, ...args: unknown[]) => ipc.invoke(channel, ...args) as Promise<Reply<T>>;
  const watchers = new Map<number, (change: FileChange) => void>();
  let commandListeners = 0;
  let nextWatch = 1;
  ipc.on(EVENTS.change, (_event, id: number, change: FileChange) => watchers.get(id)?.(change));

  return {
    initialPath: () => invoke(INVOKE.initialPath),
    list: (dir) => invoke(INVOKE.list, dir),
    open: (path) => invoke(INVOKE.open, path),
    save: (path, text, options) => invoke(INVOKE.save, path, text, options),
    autosave: (path, text) => invoke(INVOKE.autosave, path, text),
    discardRecovery: (path) => invoke(INVOKE.discardRecovery, path),
    recoveries: () => invoke(INVOKE.recoveries),
    trust: (path, hash) => invoke(INVOKE.trust, path, hash),
    recent: () => invoke(INVOKE.recent),
    walkthroughs: () => invoke(INVOKE.walkthroughs),
    watch(path, since, onChange) {
      const id = nextWatch++;
      watchers.set(id, onChange);
      void ipc.invoke(INVOKE.watch, id, path, since);
      return () => {
        watchers.delete(id);
        void ipc.invoke(INVOKE.unwatch, id);
      };
    },
    pickOpen: () => invoke(INVOKE.pickOpen),
    pickSave: (suggested) => invoke(INVOKE.pickSave, suggested),
    // Main asks the page before closing its window only while someone listens,
    // so a page that never handles 'close' can still be closed.
    onCommand(listener) {
      const relay = (_event: unknown, command: HostCommand) => listener(command);
      ipc.on(EVENTS.command, relay);
      if (commandListeners++ === 0) ipc.send(SENDS.listening, true);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(EVENTS.command, relay);
        if (--commandListeners === 0) ipc.send(SENDS.listening, false);
      };
    },
    close: () => ipc.send(SENDS.close),
  };
}
