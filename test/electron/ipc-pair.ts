// Electron's IPC without Electron: an ipcRenderer for one window wired to the
// main process's handlers (electron/file-api.ts), every argument and answer
// passed through structuredClone as Electron's IPC does, so a value that could
// not cross the real channel fails here too. The handlers, the preload object
// and the files are the real ones; only the transport is in-process.
import { EventEmitter } from 'node:events';
import type { IpcRendererLike } from '../../electron/preload-api.js';

export interface MainSide {
  channels: Record<string, (windowId: number, ...args: unknown[]) => Promise<unknown>>;
}

export function ipcPair(windowId: number) {
  const toRenderer = new EventEmitter();
  const sent: { channel: string; args: unknown[] }[] = [];
  const invoked: string[] = [];
  let main: MainSide | undefined;
  const renderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push(channel);
      const handler = main?.channels[channel];
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      return structuredClone(await handler(windowId, ...structuredClone(args)));
    },
    on(channel, listener) { toRenderer.on(channel, listener); },
    removeListener(channel, listener) { toRenderer.removeListener(channel, listener); },
    send(channel, ...args) { sent.push({ channel, args: structuredClone(args) }); },
  };
  return {
    renderer,
    sent,
    invoked,
    connect(side: MainSide) { main = side; },
    /** webContents.send from the main process to this window. */
    sendToRenderer(channel: string, ...args: unknown[]) { toRenderer.emit(channel, {}, ...structuredClone(args)); },
    listeners: (channel: string) => toRenderer.listenerCount(channel),
  };
}
