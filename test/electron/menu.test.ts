// The native menus, read as data: what the issue asks for (File: New, Open,
// Open Recent, Save, Save As, Export HTML, Close; Help: the walkthroughs), the
// shortcuts, and what each item does.
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuItem } from '../../electron/menu.js';

const walkthroughs = [
  { path: '/app/notebooks/conv2d-walkthrough.notebook', title: 'conv2d, channel by channel', group: null },
  { path: '/app/notebooks/depthwise-vs-conv2d.notebook', title: 'Depthwise vs. conv2d', group: null },
  { path: '/app/notebooks/zh-CN/conv2d-walkthrough.notebook', title: 'conv2d：逐通道计算', group: '教程（中文）' },
];

const labels = (items: MenuItem[] = []) => items.map((i) => (i.separator ? '---' : (i.label ?? i.role)!.replace(/&/g, '')));
const menu = (template: MenuItem[], label: string) => template.find((m) => m.label?.replace(/&/g, '') === label)!;
const item = (template: MenuItem[], path: string) => {
  const [top, ...rest] = path.split(' > ');
  let found = menu(template, top);
  for (const label of rest) found = found.submenu!.find((i) => i.label?.replace(/&/g, '') === label)!;
  return found;
};

describe('menuTemplate on Linux and Windows', () => {
  const template = menuTemplate({ platform: 'linux', recent: ['/home/u/a.notebook', '/home/u/b.ipynb'], walkthroughs });

  it('has File, Edit, View, Notebook, Window and Help, in that order', () => {
    expect(labels(template)).toEqual(['File', 'editMenu', 'View', 'Notebook', 'windowMenu', 'Help']);
  });

  it('File: New, Open, Open Recent, Save, Save As, Export HTML, Close, Exit', () => {
    expect(labels(menu(template, 'File').submenu)).toEqual([
      'New Notebook', 'Open…', 'Open Recent', '---', 'Save', 'Save As…', 'Export HTML…', '---', 'Close', '---', 'Exit',
    ]);
  });

  it('each File item does what it says, with the usual shortcut', () => {
    expect(item(template, 'File > New Notebook')).toMatchObject({ accelerator: 'CmdOrCtrl+N', action: { do: 'new-window' } });
    expect(item(template, 'File > Open…')).toMatchObject({ accelerator: 'CmdOrCtrl+O', action: { do: 'open-dialog' } });
    expect(item(template, 'File > Save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', action: { do: 'send', command: 'save' } });
    expect(item(template, 'File > Save As…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S', action: { do: 'send', command: 'save-as' } });
    expect(item(template, 'File > Export HTML…')).toMatchObject({ action: { do: 'send', command: 'export-html' } });
    expect(item(template, 'File > Close')).toMatchObject({ accelerator: 'CmdOrCtrl+W', action: { do: 'send', command: 'close' } });
    expect(item(template, 'File > Exit')).toMatchObject({ role: 'quit' });
  });

  it('Open Recent lists the recent notebooks by name, newest first, each opening its file', () => {
    expect(item(template, 'File > Open Recent').submenu).toEqual([
      { label: 'a.notebook', action: { do: 'open-file', path: '/home/u/a.notebook' } },
      { label: 'b.ipynb', action: { do: 'open-file', path: '/home/u/b.ipynb' } },
    ]);
    const none = menuTemplate({ platform: 'linux', recent: [], walkthroughs });
    expect(item(none, 'File > Open Recent').submenu).toEqual([{ label: 'No Recent Notebooks', enabled: false }]);
  });

  it('Help lists the walkthroughs by title, each opening its notebook', () => {
    const help = menu(template, 'Help').submenu!;
    expect(help.slice(0, 2)).toEqual([
      { label: 'conv2d, channel by channel', action: { do: 'open-file', path: walkthroughs[0].path } },
      { label: 'Depthwise vs. conv2d', action: { do: 'open-file', path: walkthroughs[1].path } },
    ]);
  });

  it('Help offers the lessons in Chinese in a submenu of their own', () => {
    expect(item(template, 'Help > 教程（中文）').submenu).toEqual([
      { label: 'conv2d：逐通道计算', action: { do: 'open-file', path: walkthroughs[2].path } },
    ]);
  });

  it('Notebook: Run All, Interrupt, Restart, Command Palette go to the page', () => {
    const commands = menu(template, 'Notebook').submenu!.filter((i) => i.action).map((i) => i.action);
    expect(commands).toEqual(['run-all', 'interrupt', 'restart', 'command-palette'].map((command) => ({ do: 'send', command })));
  });

  it('no two items share a shortcut', () => {
    const accelerators: string[] = [];
    const walk = (items: MenuItem[]) => items.forEach((i) => { if (i.accelerator) accelerators.push(i.accelerator); if (i.submenu) walk(i.submenu); });
    walk(template);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('menuTemplate on macOS', () => {
  const template = menuTemplate({ platform: 'darwin', recent: [], walkthroughs });

  it('starts with the app menu (Quit lives there), and File has no Exit', () => {
    expect(template[0]).toEqual({ role: 'appMenu' });
    expect(labels(menu(template, 'File').submenu)).not.toContain('Exit');
  });
});
