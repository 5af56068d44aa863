// The Electron main process: windows, menus, dialogs, the app:// scheme and
// the IPC handlers, glued together. Every decision lives in a plain module next
// to this one (app-protocol, security, menu, grants, file-api, argv) and in
// host/; this file only connects them to Electron's objects. One notebook per
// window; closing a window with unsaved work asks its page first.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../host/open-workspace.js';
import { recentFiles } from '../host/recent.js';
import { stateDir } from '../host/state-dir.js';
import { rendererDir } from '../host/package-root.js';
import { firstWalkthrough, walkthroughsDir, walkthroughTitles } from '../host/walkthroughs.js';
import type { HostCommand, HostPath } from '../renderer/host.js';
import { APP_ENTRY, APP_SCHEME, APP_SCHEME_PRIVILEGES, appResponse } from './app-protocol.js';
import { notebookFromArgv } from './argv.js';
import { EVENTS, SENDS } from './channels.js';
import { fileApi } from './file-api.js';
import { grants as grantsFor } from './grants.js';
import { menuTemplate, type MenuAction, type MenuItem } from './menu.js';
import { navigationVerdict, permissionVerdict, WEB_PREFERENCES, windowOpenVerdict } from './security.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILTERS = [
  { name: 'Notebooks', extensions: ['notebook', 'ipynb'] },
  { name: 'All files', extensions: ['*'] },
];

// Must precede `ready`: the scheme is standard and secure, so its pages have an origin and can be isolated.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  // A file double-clicked before we are ready (macOS) is remembered, not lost.
  let pendingFile: string | null = null;
  const early = (event: { preventDefault(): void }, path: string) => { event.preventDefault(); pendingFile = path; };
  app.on('open-file', early);
  await app.whenReady();
  app.off('open-file', early);

  const state = stateDir();
  const recent = recentFiles(state);
  const grants = grantsFor(walkthroughsDir());
  await grants.grantFolder(walkthroughsDir());
  for (const path of await recent.list()) await grants.grantFile(path).catch(() => {});
  const workspace = await openWorkspace(grants, { stateDir: state });
  const initialPaths = new Map<number, HostPath | null>();
  const confirmedClose = new Set<number>();
  const listening = new Set<number>();
  const windowOf = (id: number) => BrowserWindow.getAllWindows().find((w) => w.webContents.id === id);

  const api = fileApi({
    workspace,
    grants,
    initialPathOf: (id) => initialPaths.get(id) ?? null,
    dialogs: {
      async open(id) {
        const window = windowOf(id);
        const options = { properties: ['openFile' as const], filters: FILTERS };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : result.filePaths[0] ?? null;
      },
      async save(id, suggested) {
        const window = windowOf(id);
        const defaultPath = isAbsolute(suggested) ? suggested : join(app.getPath('documents'), basename(suggested || 'Untitled.notebook'));
        const options = { defaultPath, filters: suggested.endsWith('.html') ? [{ name: 'Web page', extensions: ['html'] }] : FILTERS };
        const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    },
    send: (id, channel, ...args) => windowOf(id)?.webContents.send(channel, ...args),
    recentChanged: () => void refreshMenu(),
    walkthroughs: () => walkthroughTitles(),
  });
  for (const [channel, handler] of Object.entries(api.channels)) {
    ipcMain.handle(channel, (event, ...args) => handler(event.sender.id, ...args));
  }
  ipcMain.on(SENDS.listening, (event, on: unknown) => {
    if (on === true) listening.add(event.sender.id);
    else listening.delete(event.sender.id);
  });
  ipcMain.on(SENDS.close, (event) => {
    confirmedClose.add(event.sender.id);
    windowOf(event.sender.id)?.close();
  });

  const bundle = rendererDir();
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appResponse(request.url, request.method, bundle);
    const body = 'file' in answer ? (request.method === 'HEAD' ? null : await readFile(answer.file)) : answer.body;
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionVerdict(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionVerdict(permission));

  function guard(contents: WebContents): void {
    contents.setWindowOpenHandler(({ url }) => {
      if (windowOpenVerdict(url) === 'external') void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      const verdict = navigationVerdict(url);
      if (verdict === 'allow') return;
      event.preventDefault();
      if (verdict === 'external') void shell.openExternal(url);
    });
    contents.on('will-redirect', (event, url) => { if (navigationVerdict(url) !== 'allow') event.preventDefault(); });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  }

  async function openWindow(path: HostPath | null): Promise<void> {
    if (path !== null) await grants.grantFile(path);
    const window = new BrowserWindow({
      width: 1280,
      height: 900,
      show: false,
      title: path ? basename(path) : 'Kernelbook',
      webPreferences: { ...WEB_PREFERENCES, preload: join(here, 'preload.cjs') },
    });
    const id = window.webContents.id;
    initialPaths.set(id, path);
    guard(window.webContents);
    window.once('ready-to-show', () => window.show());
    // The page decides about unsaved work: it is asked first, and answers with SENDS.close.
    window.on('close', (event) => {
      if (confirmedClose.has(id) || !listening.has(id) || window.webContents.isCrashed()) return;
      event.preventDefault();
      window.webContents.send(EVENTS.command, 'close' satisfies HostCommand);
    });
    window.on('closed', () => {
      api.forget(id);
      initialPaths.delete(id);
      confirmedClose.delete(id);
      listening.delete(id);
    });
    await window.loadURL(APP_ENTRY);
  }

  async function perform(action: MenuAction): Promise<void> {
    switch (action.do) {
      case 'new-window': return openWindow(null);
      case 'open-file': return openWindow(action.path);
      case 'open-dialog': {
        const result = await dialog.showOpenDialog({ properties: ['openFile'], filters: FILTERS });
        if (!result.canceled && result.filePaths[0]) await openWindow(result.filePaths[0]);
        return;
      }
      case 'send': {
        const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        if (action.command === 'close' && !window) return;
        window?.webContents.send(EVENTS.command, action.command);
        return;
      }
    }
  }

  const toElectron = (item: MenuItem): MenuItemConstructorOptions => {
    if (item.separator) return { type: 'separator' };
    const { action, submenu, ...rest } = item;
    return {
      ...rest,
      ...(submenu ? { submenu: submenu.map(toElectron) } : {}),
      ...(action ? { click: () => void perform(action) } : {}),
    };
  };
  const walkthroughs = await walkthroughTitles();
  async function refreshMenu(): Promise<void> {
    const template = menuTemplate({ platform: process.platform, recent: await recent.list(), walkthroughs });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template.map(toElectron)));
  }
  await refreshMenu();

  app.on('second-instance', (_event, argv, cwd) => void openWindow(notebookFromArgv(argv, cwd)));
  app.on('open-file', (event, path) => { event.preventDefault(); void openWindow(path); });
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) void openWindow(null); });
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });

  await openWindow(pendingFile ?? notebookFromArgv(process.argv, process.cwd()) ?? firstWalkthrough());
}
