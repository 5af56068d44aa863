// FileSession: saving with the hash it expects on disk, autosaving unsaved
// work to the host's recovery copy, and hearing only other programs' changes.
// Against MemoryHost, which keeps the Host contract's rules in memory.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSession } from '../../renderer/files/file-session.js';
import { MemoryHost, sha256 } from '../../renderer/files/memory-host.js';
import { formatOf, readNotebook, writeNotebook } from '../../renderer/files/formats.js';
import { readFileSync } from 'node:fs';

const TEXT = '<!doctype html>\n<notebook>\n  <script id="1" type="module">\n    1 + 1\n  </script>\n</notebook>\n';

async function opened(host: MemoryHost, path = 'a.notebook') {
  return FileSession.opened(host, await host.open(path));
}

describe('FileSession', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('save writes the text, takes the new hash, and drops the recovery copy', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    await host.autosave('a.notebook', 'draft');
    const edited = TEXT.replace('1 + 1', '1 + 2');
    expect(file.isDirty(edited)).toBe(true);
    await file.save(edited);
    expect(host.files.get('a.notebook')!.text).toBe(edited);
    expect(file.hash).toBe(await sha256(edited));
    expect(file.isDirty(edited)).toBe(false);
    expect(host.recovery.has('a.notebook')).toBe(false);
  });

  it('save refuses with CONFLICT when another program changed the file, and force overwrites it', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    await host.writeExternally('a.notebook', 'theirs');
    await expect(file.save('mine')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(host.files.get('a.notebook')!.text).toBe('theirs');
    await file.save('mine', { force: true });
    expect(host.files.get('a.notebook')!.text).toBe('mine');
  });

  it('saveAs moves the session to the new path and leaves the old file alone', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    await file.saveAs('b.notebook', 'copy');
    expect(file.path).toBe('b.notebook');
    expect(host.files.get('a.notebook')!.text).toBe(TEXT);
    expect(host.files.get('b.notebook')!.text).toBe('copy');
    expect(await host.recent()).toEqual(['b.notebook', 'a.notebook']);
  });

  it('saveAs onto an existing file refuses with CONFLICT unless told to overwrite', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT, 'b.notebook': 'other' });
    const file = await opened(host);
    await expect(file.saveAs('b.notebook', 'copy')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(host.files.get('b.notebook')!.text).toBe('other');
    await file.saveAs('b.notebook', 'copy', { overwrite: true });
    expect(host.files.get('b.notebook')!.text).toBe('copy');
  });

  it('saving a trusted notebook trusts what was saved; saving an untrusted one does not launder it', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT, 'b.notebook': TEXT });
    host.trusted.add(`a.notebook\n${await sha256(TEXT)}`);
    const trusted = await opened(host, 'a.notebook');
    await trusted.save('edited');
    expect((await host.open('a.notebook')).trusted).toBe(true);
    const untrusted = await opened(host, 'b.notebook');
    await untrusted.saveAs('c.notebook', TEXT);
    expect((await host.open('c.notebook')).trusted).toBe(false);
  });

  it('an untitled notebook autosaves under its key, which recoveries() lists as not existing', async () => {
    const host = new MemoryHost({});
    const file = FileSession.untitled(host, '', 'Untitled-1.notebook');
    file.scheduleAutosave('work', 0);
    await file.flushAutosave();
    expect(await host.recoveries()).toEqual([expect.objectContaining({ path: 'Untitled-1.notebook', text: 'work', exists: false })]);
    await file.saveAs('kept.notebook', 'work');
    expect(await host.recoveries()).toEqual([]);
  });

  it('a failed recovery copy is reported, so the page can say the host is gone', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    const heard: (string | null)[] = [];
    file.onAutosave = (error) => heard.push(error?.message ?? null);
    vi.spyOn(host, 'autosave').mockRejectedValueOnce(new Error('not answering'));
    file.scheduleAutosave('x', 0);
    await file.flushAutosave();
    file.scheduleAutosave('y', 0);
    await file.flushAutosave();
    expect(heard).toEqual(['not answering', null]);
  });

  it('an untitled notebook has no path: save asks for Save As', async () => {
    const file = FileSession.untitled(new MemoryHost(), '');
    await expect(file.save('x')).rejects.toThrow('use Save As');
  });

  it('scheduleAutosave writes the recovery copy once typing pauses, only the latest text, and never for clean text', async () => {
    vi.useFakeTimers();
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    const autosave = vi.spyOn(host, 'autosave');
    file.scheduleAutosave('one');
    file.scheduleAutosave('two');
    await vi.advanceTimersByTimeAsync(1000);
    expect(autosave).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(600);
    expect(autosave.mock.calls).toEqual([['a.notebook', 'two']]);
    file.scheduleAutosave(TEXT);
    await vi.advanceTimersByTimeAsync(2000);
    expect(autosave).toHaveBeenCalledTimes(1);
  });

  it('reopening after unsaved work offers the recovery copy (newer than the file)', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    file.scheduleAutosave('unsaved work', 0);
    await file.flushAutosave();
    expect((await host.open('a.notebook')).recovery).toMatchObject({ text: 'unsaved work' });
  });

  it('watch reports other programs\' changes, not this page\'s own saves', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    const heard: (string | null)[] = [];
    file.watch((change) => heard.push(change.hash));
    await file.save('mine');
    await host.writeExternally('a.notebook', 'mine');
    await host.writeExternally('a.notebook', 'theirs');
    expect(heard).toEqual([await sha256('theirs')]);
  });

  it('trust records this content\'s hash with the host', async () => {
    const host = new MemoryHost({ 'a.notebook': TEXT });
    const file = await opened(host);
    expect(file.trusted).toBe(false);
    await file.trust();
    expect(file.trusted).toBe(true);
    expect((await host.open('a.notebook')).trusted).toBe(true);
    await host.writeExternally('a.notebook', 'edited elsewhere');
    expect((await host.open('a.notebook')).trusted).toBe(false);
  });
});

describe('formats', () => {
  it('reads and writes .ipynb through the Jupyter converter and everything else as .notebook', () => {
    const ipynb = readFileSync(new URL('../fixtures/notebooks/jupyter-javascript.ipynb', import.meta.url), 'utf8');
    expect(formatOf('x/y.IPYNB')).toBe('ipynb');
    expect(formatOf('x/y.notebook')).toBe('notebook');
    const { notebook } = readNotebook('y.ipynb', ipynb);
    expect(notebook.cells.length).toBeGreaterThan(0);
    const back = writeNotebook('y.ipynb', notebook);
    expect(readNotebook('y.ipynb', back).notebook.cells).toEqual(notebook.cells);
    expect(writeNotebook('y.notebook', notebook)).toMatch(/^<!doctype html>\n<notebook/);
  });

  it('a file that is not a notebook is a clear error naming the file and line', () => {
    expect(() => readNotebook('bad.notebook', '<!doctype html>\n<notebook>\n  <script id="1" type="module">\n')).toThrow(/bad\.notebook:\d+/);
    expect(() => readNotebook('bad.ipynb', '{"cells": [')).toThrow(/bad\.ipynb/);
  });
});
