// The preload: exposes one small typed object, the file API, to the page as
// `window.kernelbook` (contextIsolation keeps everything else out of reach).
// Bundled to CommonJS (scripts/build-electron.mjs): sandboxed preloads cannot
// load ES modules or files of their own.
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL } from '../renderer/hosts/electron.js';
import { preloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, preloadApi(ipcRenderer));
