// The native menus as plain data: labels, shortcuts and what each item does.
// main.ts turns the actions into clicks; nothing here touches Electron, so the
// whole menu is read by a test. Document commands go to the focused window's
// renderer (Save, Export HTML, Run All...); window commands (New, Open) make a
// window in the main process, one notebook per window.
import { basename } from 'node:path';
import type { HostCommand } from '../renderer/host.js';

export type MenuAction =
  | { do: 'new-window' }
  | { do: 'open-dialog' }
  | { do: 'open-file'; path: string }
  | { do: 'send'; command: HostCommand };

export type MenuRole =
  | 'appMenu' | 'editMenu' | 'windowMenu' | 'quit' | 'togglefullscreen'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'toggleDevTools';

export interface MenuItem {
  label?: string;
  accelerator?: string;
  action?: MenuAction;
  role?: MenuRole;
  separator?: true;
  enabled?: boolean;
  submenu?: MenuItem[];
}

export interface MenuInputs {
  platform: NodeJS.Platform;
  /** Absolute paths, newest first. */
  recent: readonly string[];
  /** In order; those with a `group` (another language's) go in a submenu of that name. */
  walkthroughs: readonly { path: string; title: string; group: string | null }[];
}

const SEPARATOR: MenuItem = { separator: true };
const send = (command: HostCommand): MenuAction => ({ do: 'send', command });

export function menuTemplate({ platform, recent, walkthroughs }: MenuInputs): MenuItem[] {
  const mac = platform === 'darwin';
  const openRecent: MenuItem[] = recent.length === 0
    ? [{ label: 'No Recent Notebooks', enabled: false }]
    : recent.map((path) => ({ label: basename(path), action: { do: 'open-file', path } }));
  const file: MenuItem = {
    label: '&File',
    submenu: [
      { label: '&New Notebook', accelerator: 'CmdOrCtrl+N', action: { do: 'new-window' } },
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', action: { do: 'open-dialog' } },
      { label: 'Open &Recent', submenu: openRecent },
      SEPARATOR,
      { label: '&Save', accelerator: 'CmdOrCtrl+S', action: send('save') },
      { label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', action: send('save-as') },
      { label: '&Export HTML…', accelerator: 'CmdOrCtrl+Shift+E', action: send('export-html') },
      SEPARATOR,
      { label: '&Close', accelerator: 'CmdOrCtrl+W', action: send('close') },
      ...(mac ? [] : [SEPARATOR, { role: 'quit' as const, label: 'E&xit' }]),
    ],
  };
  const notebook: MenuItem = {
    label: '&Notebook',
    submenu: [
      { label: '&Run All', accelerator: 'CmdOrCtrl+Shift+Enter', action: send('run-all') },
      { label: '&Interrupt', accelerator: 'CmdOrCtrl+.', action: send('interrupt') },
      { label: 'R&estart', action: send('restart') },
      SEPARATOR,
      { label: '&Command Palette…', accelerator: 'CmdOrCtrl+Shift+P', action: send('command-palette') },
    ],
  };
  const view: MenuItem = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
      SEPARATOR,
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools' },
    ],
  };
  const item = ({ path, title }: { path: string; title: string }): MenuItem => ({ label: title, action: { do: 'open-file', path } });
  const groups = [...new Set(walkthroughs.flatMap((w) => (w.group ? [w.group] : [])))];
  const translated = groups.map((label): MenuItem => ({ label, submenu: walkthroughs.filter((w) => w.group === label).map(item) }));
  const help: MenuItem = {
    label: '&Help',
    submenu: [
      ...walkthroughs.filter((w) => !w.group).map(item),
      ...translated,
      SEPARATOR,
      { label: '&Keyboard Shortcuts', action: send('command-palette') },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    view,
    notebook,
    { role: 'windowMenu' },
    help,
  ];
}
