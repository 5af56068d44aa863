// Every IPC channel between the main process and the preload, in one place and
// pinned by test/electron/channels.test.ts: a typo on one side would otherwise
// fail silently as a call nobody answers.

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle); each answers a `Reply`. */
export const INVOKE = {
  initialPath: 'kernelbook:initial-path',
  list: 'kernelbook:list',
  open: 'kernelbook:open',
  save: 'kernelbook:save',
  autosave: 'kernelbook:autosave',
  discardRecovery: 'kernelbook:discard-recovery',
  recoveries: 'kernelbook:recoveries',
  trust: 'kernelbook:trust',
  recent: 'kernelbook:recent',
  watch: 'kernelbook:watch',
  unwatch: 'kernelbook:unwatch',
  pickOpen: 'kernelbook:pick-open',
  pickSave: 'kernelbook:pick-save',
  walkthroughs: 'kernelbook:walkthroughs',
} as const;

/** Main → renderer messages (webContents.send / ipcRenderer.on). */
export const EVENTS = {
  /** (watchId, FileChange) */
  change: 'kernelbook:change',
  /** (HostCommand) from the native menus */
  command: 'kernelbook:command',
} as const;

/** Renderer → main, no answer (ipcRenderer.send / ipcMain.on). */
export const SENDS = {
  /** The renderer confirmed unsaved work and asks its window to close. */
  close: 'kernelbook:close',
  /** (boolean) The page does (or no longer does) listen for menu commands, so closing asks it first. */
  listening: 'kernelbook:listening',
} as const;

export type InvokeName = keyof typeof INVOKE;
