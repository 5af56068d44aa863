// The IPC channel names are pinned: renaming one on one side only would fail
// silently in the app (a call nobody answers), so they are spelled out here.
import { describe, expect, it } from 'vitest';
import { EVENTS, INVOKE, SENDS } from '../../electron/channels.js';

describe('electron/channels.ts', () => {
  it('pins every channel name', () => {
    expect(INVOKE).toEqual({
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
    });
    expect(EVENTS).toEqual({ change: 'kernelbook:change', command: 'kernelbook:command' });
    expect(SENDS).toEqual({ close: 'kernelbook:close', listening: 'kernelbook:listening' });
  });

  it('uses each name once, all under kernelbook:', () => {
    const all = [...Object.values(INVOKE), ...Object.values(EVENTS), ...Object.values(SENDS)];
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) expect(name).toMatch(/^kernelbook:[a-z-]+$/);
  });
});
