// The command registry: key events to commands, shortcuts as the palette shows them.
import { describe, expect, it } from 'vitest';
import { commandForKey, Commands, displayKeys, keyName } from '../../renderer/ui/commands.js';
import { workbookCommands, type WorkbookActions } from '../../renderer/ui/workbook-commands.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

describe('Commands', () => {
  it('keyName writes Mod for Ctrl (or Cmd on a Mac) and lower-cases letters', () => {
    expect(keyName(key('S', { ctrlKey: true, shiftKey: true }), false)).toBe('Mod-Shift-s');
    expect(keyName(key('s', { metaKey: true }), true)).toBe('Mod-s');
    expect(keyName(key('s', { ctrlKey: true }), true)).toBe('Ctrl-s');
    expect(keyName(key('ArrowUp', { altKey: true }), false)).toBe('Alt-ArrowUp');
  });

  it('match finds global shortcuts anywhere, and cell keys only when a cell has focus', () => {
    const commands = new Commands();
    const ran: string[] = [];
    commands.add(
      { id: 'save', title: 'Save', keys: 'Mod-s', run: () => ran.push('save') },
      { id: 'palette', title: 'Palette', keys: 'Mod-Shift-p F1', run: () => ran.push('palette') },
      { id: 'add', title: 'Add below', cellKeys: 'b', run: () => ran.push('add') },
      { id: 'off', title: 'Disabled', keys: 'Mod-d', run: () => ran.push('off'), enabled: () => false },
    );
    const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
    const mod = mac ? { metaKey: true } : { ctrlKey: true };
    expect(commands.match(key('s', mod), false)?.id).toBe('save');
    expect(commands.match(key('F1'), false)?.id).toBe('palette');
    expect(commands.match(key('P', { ...mod, shiftKey: true }), false)?.id).toBe('palette');
    expect(commands.match(key('b'), false)).toBeUndefined();
    expect(commands.match(key('b'), true)?.id).toBe('add');
    expect(commands.run('off')).toBe(false);
    expect(commands.run('add')).toBe(true);
    expect(commands.run('nothing')).toBe(false);
    expect(ran).toEqual(['add']);
  });

  it('displayKeys spells shortcuts for the platform', () => {
    expect(displayKeys('Mod-Shift-p F1', false)).toBe('Ctrl+Shift+P / F1');
    expect(displayKeys('Mod-Shift-p', true)).toBe('⌘⇧P');
    expect(displayKeys('Alt-ArrowDown', false)).toBe('Alt+↓');
  });
});

describe('commandForKey', () => {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  const mod = mac ? { metaKey: true } : { ctrlKey: true };
  const ran: string[] = [];
  let canUndo = true;
  const actions = new Proxy({}, {
    get: (_, name: string) => (name === 'editable' ? () => true : name === 'canUndo' ? () => canUndo : name === 'canRedo' || name === 'hasFile' ? () => true : () => { ran.push(name); }),
  }) as WorkbookActions;
  const commands = new Commands();
  commands.add(...workbookCommands(actions));
  const id = (event: KeyboardEvent, inCell: boolean, editing: boolean) => commandForKey(commands, event, { inCell, editing })?.id;

  it('plain letters are cell commands only when a cell itself has focus, never while typing', () => {
    expect(id(key('b'), true, false)).toBe('cell.add-below');
    expect(id(key('b'), false, false)).toBeUndefined();
    expect(id(key('b'), true, true)).toBeUndefined();
    expect(id(key('Delete'), true, false)).toBe('cell.delete');
  });

  it('Ctrl/Cmd shortcuts and F1 work from inside an editor; undo there stays the editor\'s', () => {
    expect(id(key('s', mod), false, true)).toBe('file.save');
    expect(id(key('F1'), false, true)).toBe('palette');
    expect(id(key('z', mod), false, true)).toBeUndefined();
    expect(id(key('z', mod), false, false)).toBe('edit.undo');
  });

  it('a disabled command (nothing to undo) lets the key through', () => {
    canUndo = false;
    expect(id(key('z', mod), false, false)).toBeUndefined();
    canUndo = true;
  });

  it('an event something else already handled is left alone', () => {
    const handled = { ...key('s', mod), defaultPrevented: true } as KeyboardEvent;
    expect(id(handled, false, false)).toBeUndefined();
  });

  it('every command has a unique id and a title the palette can show', () => {
    const all = workbookCommands(actions);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.every((c) => /^[A-Z]/.test(c.title))).toBe(true);
  });
});
