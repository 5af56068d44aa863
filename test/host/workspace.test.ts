// The workspace both hosts forward to, over a real folder: what list, open,
// save, autosave, trust and recent do, and what they refuse.
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../host/hash.js';
import { WALKTHROUGHS, walkthroughsDir } from '../../host/walkthroughs.js';
import type { Workspace } from '../../host/workspace.js';
import { NOTEBOOK, outcome, sandbox, servedWorkspace, type Sandbox } from './helpers.js';

let box: Sandbox;
let ws: Workspace;

beforeEach(async () => {
  box = sandbox();
  mkdirSync(join(box.root, 'sub'), { recursive: true });
  writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('A'));
  writeFileSync(join(box.root, 'b.ipynb'), '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n');
  writeFileSync(join(box.root, 'notes.txt'), 'not a notebook');
  writeFileSync(join(box.root, '.hidden.notebook'), NOTEBOOK('hidden'));
  writeFileSync(join(box.root, 'sub', 'c.notebook'), NOTEBOOK('C'));
  ws = await servedWorkspace(box);
});
afterEach(() => box.remove());

describe('workspace.list(dir)', () => {
  it('lists folders first, then notebooks (.notebook, .ipynb) by name; no other files, no dot-files', async () => {
    expect(await ws.list()).toEqual([
      { path: 'sub', name: 'sub', kind: 'dir' },
      { path: 'a.notebook', name: 'a.notebook', kind: 'file' },
      { path: 'b.ipynb', name: 'b.ipynb', kind: 'file' },
    ]);
    expect(await ws.list('sub')).toEqual([{ path: 'sub/c.notebook', name: 'c.notebook', kind: 'file' }]);
  });

  it('does not list a symbolic link that leads out of the served folder', async () => {
    writeFileSync(join(box.dir, 'outside.notebook'), NOTEBOOK('outside'));
    symlinkSync(join(box.dir, 'outside.notebook'), join(box.root, 'escape.notebook'));
    symlinkSync(join(box.root, 'a.notebook'), join(box.root, 'alias.notebook'));
    const names = (await ws.list()).map((e) => e.name);
    expect(names).toContain('alias.notebook');
    expect(names).not.toContain('escape.notebook');
  });

  it('refuses a missing folder and a path out of the served folder', async () => {
    expect(await outcome(ws.list('nope'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await outcome(ws.list('..'))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('workspace.open(path)', () => {
  it('gives the text exactly as on disk, its SHA-256, and says it is neither bundled nor trusted', async () => {
    const file = await ws.open('a.notebook');
    expect(file).toMatchObject({ path: 'a.notebook', text: NOTEBOOK('A'), bundled: false, trusted: false, recovery: null });
    expect(file.hash).toBe(contentHash(readFileSync(join(box.root, 'a.notebook'))));
    expect(file.mtimeMs).toBeGreaterThan(0);
  });

  it('keeps a byte-order mark, so the hash is of the bytes on disk', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NOTEBOOK('BOM'))]);
    writeFileSync(join(box.root, 'bom.notebook'), bytes);
    const file = await ws.open('bom.notebook');
    expect(file.text.charCodeAt(0)).toBe(0xfeff);
    expect(file.hash).toBe(contentHash(bytes));
  });

  it('refuses what is not UTF-8 text, a folder, a missing file and a file that is not a notebook', async () => {
    writeFileSync(join(box.root, 'latin1.notebook'), Buffer.from([0x3c, 0xe9, 0x3e]));
    expect(await outcome(ws.open('latin1.notebook'))).toMatchObject({ code: 'IO', message: expect.stringMatching(/not UTF-8/) });
    mkdirSync(join(box.root, 'dir.notebook'));
    expect(await outcome(ws.open('dir.notebook'))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/folder/) });
    expect(await outcome(ws.open('missing.notebook'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/missing\.notebook/) });
    expect(await outcome(ws.open('notes.txt'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('calls a copy of a shipped walkthrough bundled and trusted; an edited copy is neither', async () => {
    const shipped = readFileSync(join(walkthroughsDir(), WALKTHROUGHS[0]));
    writeFileSync(join(box.root, 'copy.notebook'), shipped);
    writeFileSync(join(box.root, 'edited.notebook'), Buffer.concat([shipped, Buffer.from('\n')]));
    expect(await ws.open('copy.notebook')).toMatchObject({ bundled: true, trusted: true });
    expect(await ws.open('edited.notebook')).toMatchObject({ bundled: false, trusted: false });
  });
});

describe('workspace.save(path, text, options)', () => {
  it('writes the text and answers its hash; open then reads the same', async () => {
    const saved = await ws.save('a.notebook', NOTEBOOK('A2'));
    expect(saved).toMatchObject({ path: 'a.notebook', hash: contentHash(NOTEBOOK('A2')) });
    expect(readFileSync(join(box.root, 'a.notebook'), 'utf8')).toBe(NOTEBOOK('A2'));
    expect((await ws.open('a.notebook')).hash).toBe(saved.hash);
  });

  it('with expectHash, refuses (CONFLICT) when the file on disk is no longer that version, and leaves it alone', async () => {
    const { hash } = await ws.open('a.notebook');
    writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('changed by another program'));
    expect(await outcome(ws.save('a.notebook', NOTEBOOK('mine'), { expectHash: hash })))
      .toEqual({ code: 'CONFLICT', message: 'a.notebook changed on disk since it was opened' });
    expect(readFileSync(join(box.root, 'a.notebook'), 'utf8')).toBe(NOTEBOOK('changed by another program'));
  });

  it('with the current hash, saves; with expectHash null, saves only a new file', async () => {
    const { hash } = await ws.open('a.notebook');
    await expect(ws.save('a.notebook', NOTEBOOK('A3'), { expectHash: hash })).resolves.toMatchObject({ hash: contentHash(NOTEBOOK('A3')) });
    expect(await outcome(ws.save('a.notebook', NOTEBOOK('A4'), { expectHash: null }))).toMatchObject({ code: 'CONFLICT', message: 'a.notebook already exists' });
    await expect(ws.save('sub/new.notebook', NOTEBOOK('new'), { expectHash: null })).resolves.toMatchObject({ path: 'sub/new.notebook' });
    expect(readFileSync(join(box.root, 'sub', 'new.notebook'), 'utf8')).toBe(NOTEBOOK('new'));
  });

  it('two saves racing with the same expectHash: exactly one wins, the other is a CONFLICT', async () => {
    const { hash } = await ws.open('a.notebook');
    const results = await Promise.all([
      outcome(ws.save('a.notebook', NOTEBOOK('first'), { expectHash: hash })),
      outcome(ws.save('a.notebook', NOTEBOOK('second'), { expectHash: hash })),
    ]);
    expect(results.filter((r) => 'value' in r)).toHaveLength(1);
    expect(results.filter((r) => 'code' in r && r.code === 'CONFLICT')).toHaveLength(1);
    expect(readFileSync(join(box.root, 'a.notebook'), 'utf8')).toBe(NOTEBOOK('first'));
  });

  it('writes .notebook, .ipynb and .html (Export HTML) only, and never into a missing folder', async () => {
    await expect(ws.save('page.html', '<p>exported</p>')).resolves.toMatchObject({ path: 'page.html' });
    expect(await outcome(ws.save('evil.sh', 'rm -rf ~'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await outcome(ws.save('nowhere/x.notebook', NOTEBOOK('x')))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await outcome(ws.save('a.notebook', 42 as unknown as string))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('with trust: true, the saved content is trusted when opened again; without, it is not', async () => {
    await ws.save('a.notebook', NOTEBOOK('untrusted edit'));
    expect((await ws.open('a.notebook')).trusted).toBe(false);
    await ws.save('a.notebook', NOTEBOOK('my own work'), { trust: true });
    expect((await ws.open('a.notebook')).trusted).toBe(true);
  });
});

describe('workspace.trust(path, hash)', () => {
  it('is remembered per content: the same file edited asks again, the trusted content elsewhere does not', async () => {
    const first = await ws.open('a.notebook');
    await ws.trust('a.notebook', first.hash);
    expect((await ws.open('a.notebook')).trusted).toBe(true);
    // Remembered across workspaces (a restart): it is on disk in the state folder.
    const again = await servedWorkspace(box);
    expect((await again.open('a.notebook')).trusted).toBe(true);
    writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('A, edited'));
    expect((await again.open('a.notebook')).trusted).toBe(false);
    writeFileSync(join(box.root, 'sub', 'same.notebook'), NOTEBOOK('A'));
    expect((await again.open('sub/same.notebook')).trusted).toBe(true);
  });

  it('refuses a hash that is not SHA-256 hex', async () => {
    expect(await outcome(ws.trust('a.notebook', 'yes please'))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('workspace.autosave / recoveries / discardRecovery', () => {
  it('offers an autosaved copy newer than the file, and not once the file is saved', async () => {
    // The file is older than the autosave.
    utimesSync(join(box.root, 'a.notebook'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await ws.autosave('a.notebook', NOTEBOOK('A, unsaved edit'));
    const opened = await ws.open('a.notebook');
    expect(opened.recovery).toMatchObject({ text: NOTEBOOK('A, unsaved edit') });
    expect(opened.recovery!.savedAtMs).toBeGreaterThan(opened.mtimeMs);
    expect(await ws.recoveries()).toEqual([{ path: 'a.notebook', text: NOTEBOOK('A, unsaved edit'), savedAtMs: opened.recovery!.savedAtMs, exists: true }]);
    await ws.save('a.notebook', NOTEBOOK('A, saved'));
    expect((await ws.open('a.notebook')).recovery).toBeNull();
    expect(await ws.recoveries()).toEqual([]);
  });

  it('does not offer a copy that says what the file says', async () => {
    utimesSync(join(box.root, 'a.notebook'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await ws.autosave('a.notebook', NOTEBOOK('A'));
    expect((await ws.open('a.notebook')).recovery).toBeNull();
  });

  it('keeps untitled work under an untitled: key, listed for recovery, until discarded', async () => {
    await ws.autosave('untitled:1', NOTEBOOK('scratch'));
    expect(await ws.recoveries()).toMatchObject([{ path: 'untitled:1', text: NOTEBOOK('scratch'), exists: false }]);
    await ws.discardRecovery('untitled:1');
    expect(await ws.recoveries()).toEqual([]);
  });

  it('refuses recovery keys out of the served folder', async () => {
    expect(await outcome(ws.autosave('../x.notebook', 'x'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await outcome(ws.autosave('untitled:../../x', 'x'))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('workspace.recent() and initialPath()', () => {
  it('lists opened and saved notebooks, newest first, that still exist', async () => {
    await ws.open('a.notebook');
    await ws.open('sub/c.notebook');
    await ws.save('sub/d.notebook', NOTEBOOK('D'));
    await ws.save('page.html', '<p>not a notebook</p>');
    expect(await ws.recent()).toEqual(['sub/d.notebook', 'sub/c.notebook', 'a.notebook']);
    writeFileSync(join(box.root, 'sub', 'c.notebook'), '');
    const { unlinkSync } = await import('node:fs');
    unlinkSync(join(box.root, 'sub', 'c.notebook'));
    expect(await ws.recent()).toEqual(['sub/d.notebook', 'a.notebook']);
  });

  it('initialPath is what serve FILE was started with, else null', async () => {
    expect(await ws.initialPath()).toBeNull();
    expect(await (await servedWorkspace(box, { initialPath: 'a.notebook' })).initialPath()).toBe('a.notebook');
  });
});

describe('workspace.watch(path, onChange)', () => {
  const until = async (done: () => boolean, what: string) => {
    for (let waited = 0; !done(); waited += 10) {
      if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('reports a write by another process with the new hash, never its own saves, and stops when asked', async () => {
    const { execFileSync } = await import('node:child_process');
    const changes: { hash: string | null }[] = [];
    const stop = await ws.watch('a.notebook', (c) => changes.push(c));
    await ws.save('a.notebook', NOTEBOOK('saved here'));
    execFileSync(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], process.argv[2])', join(box.root, 'a.notebook'), NOTEBOOK('written elsewhere')]);
    await until(() => changes.length > 0, 'the change');
    expect(changes).toEqual([{ path: 'a.notebook', hash: contentHash(NOTEBOOK('written elsewhere')), mtimeMs: expect.any(Number) }]);
    stop();
    writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('after stop'));
    await new Promise((r) => setTimeout(r, 500));
    expect(changes).toHaveLength(1);
  });

  it('refuses to watch what it may not open', async () => {
    expect(await outcome(ws.watch('../x.notebook', () => {}))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
