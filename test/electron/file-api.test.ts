// The Electron app's whole file path without Electron: the page's Host
// (renderer/hosts/electron.ts) over the preload's object (electron/preload-api.ts)
// over IPC (in-process, structured-cloned) to the main process's handlers
// (electron/file-api.ts), the grants, and the shared workspace on real files.
// Dialogs are the one stand-in: they answer the path a user would pick.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS, INVOKE, SENDS } from '../../electron/channels.js';
import { fileApi } from '../../electron/file-api.js';
import { grants as grantsFor, type Grants } from '../../electron/grants.js';
import { preloadApi } from '../../electron/preload-api.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { walkthroughsDir, walkthroughTitles } from '../../host/walkthroughs.js';
import type { FileChange, Host, HostCommand } from '../../renderer/host.js';
import { connectHost } from '../../renderer/hosts/connect.js';
import { electronHost } from '../../renderer/hosts/electron.js';
import { NOTEBOOK, outcome, sandbox, type Sandbox } from '../host/helpers.js';
import { ipcPair } from './ipc-pair.js';

const WINDOW = 7;
let box: Sandbox;
let grants: Grants;
let host: Host;
let pair: ReturnType<typeof ipcPair>;
let api: ReturnType<typeof fileApi>;
let picks: (string | null)[];
let recentChanges: number;

beforeEach(async () => {
  box = sandbox('kernelbook-electron-');
  mkdirSync(join(box.root, 'walkthroughs'), { recursive: true });
  writeFileSync(join(box.root, 'walkthroughs', 'w.notebook'), NOTEBOOK('W'));
  writeFileSync(join(box.root, 'mine.notebook'), NOTEBOOK('mine'));
  writeFileSync(join(box.root, 'private.notebook'), NOTEBOOK('never opened'));
  grants = grantsFor(join(box.root, 'walkthroughs'));
  await grants.grantFolder(join(box.root, 'walkthroughs'));
  const workspace = await openWorkspace(grants, { stateDir: box.state, watch: { debounceMs: 20, pollMs: 200 } });
  picks = [];
  recentChanges = 0;
  pair = ipcPair(WINDOW);
  api = fileApi({
    workspace,
    grants,
    initialPathOf: (id) => (id === WINDOW ? join(box.root, 'walkthroughs', 'w.notebook') : null),
    dialogs: { open: async () => picks.shift() ?? null, save: async () => picks.shift() ?? null },
    send: (id, channel, ...args) => { if (id === WINDOW) pair.sendToRenderer(channel, ...args); },
    recentChanged: () => { recentChanges++; },
  });
  pair.connect(api);
  host = electronHost(preloadApi(pair.renderer));
});
afterEach(() => {
  api.forget(WINDOW);
  box.remove();
});

describe('the Electron host, end to end in Node', () => {
  it('answers every INVOKE channel, and the preload calls nothing else', () => {
    expect(Object.keys(api.channels).sort()).toEqual(Object.values(INVOKE).sort());
  });

  it('is kind electron; opens the window\'s notebook by absolute path', async () => {
    expect(host.kind).toBe('electron');
    const path = await host.initialPath();
    expect(path).toBe(join(box.root, 'walkthroughs', 'w.notebook'));
    expect(await host.open(path!)).toMatchObject({ path, text: NOTEBOOK('W'), trusted: false });
    expect(recentChanges).toBe(1);
  });

  it('refuses a file the user never opened, and a relative path', async () => {
    expect(await outcome(host.open(join(box.root, 'private.notebook')))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/File > Open/) });
    expect(await outcome(host.open('private.notebook'))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await outcome(host.save(join(box.dir, 'anywhere.notebook'), 'x'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pickOpen grants the picked file; pickSave grants a new one, which save then writes (with the conflict check)', async () => {
    picks.push(join(box.root, 'mine.notebook'));
    const picked = await host.pickOpen!();
    const opened = await host.open(picked!);
    expect(opened.text).toBe(NOTEBOOK('mine'));
    picks.push(join(box.root, 'copy.notebook'));
    const target = await host.pickSave!('mine.notebook');
    await host.save(target!, opened.text, { expectHash: null, trust: true });
    expect(readFileSync(join(box.root, 'copy.notebook'), 'utf8')).toBe(NOTEBOOK('mine'));
    expect((await host.open(target!)).trusted).toBe(true);
    writeFileSync(join(box.root, 'mine.notebook'), NOTEBOOK('changed elsewhere'));
    expect(await outcome(host.save(picked!, NOTEBOOK('stale'), { expectHash: opened.hash }))).toMatchObject({ code: 'CONFLICT' });
    // A cancelled dialog grants nothing.
    expect(await host.pickOpen!()).toBeNull();
  });

  it("lists the bundled walkthroughs for the page's Help menu, as the native Help menu does, and one opens from it trusted", async () => {
    // As main.ts sets it up: the walkthroughs' folder granted, their titles from host/walkthroughs.ts.
    const dir = walkthroughsDir();
    const shipped = grantsFor(dir);
    await shipped.grantFolder(dir);
    const other = ipcPair(WINDOW + 1);
    const main = fileApi({
      workspace: await openWorkspace(shipped, { stateDir: box.state }),
      grants: shipped,
      initialPathOf: () => null,
      dialogs: { open: async () => null, save: async () => null },
      send: () => {},
      walkthroughs: () => walkthroughTitles(),
    });
    other.connect(main);
    const page = electronHost(preloadApi(other.renderer));
    try {
      const listed = await page.walkthroughs!();
      expect(listed).toEqual(await walkthroughTitles());
      expect(listed.filter((w) => w.lang === 'en')).toHaveLength(6);
      expect(listed.filter((w) => w.lang === 'zh-CN').map((w) => w.group)).toEqual(Array(6).fill('教程（中文）'));
      expect(listed.every((w) => w.title.length > 0 && w.path.startsWith(dir))).toBe(true);
      const chinese = listed.find((w) => w.lang === 'zh-CN')!;
      expect(await page.open(chinese.path)).toMatchObject({ path: chinese.path, bundled: true, trusted: true });
    } finally {
      main.forget(WINDOW + 1);
    }
  });

  it('autosave, recoveries, trust and recent work as in serve, with absolute paths', async () => {
    const path = join(box.root, 'walkthroughs', 'w.notebook');
    const opened = await host.open(path);
    await host.trust(path, opened.hash);
    expect((await host.open(path)).trusted).toBe(true);
    await host.autosave('untitled:1', NOTEBOOK('scratch'));
    expect(await host.recoveries()).toMatchObject([{ path: 'untitled:1', text: NOTEBOOK('scratch') }]);
    await host.discardRecovery('untitled:1');
    expect(await host.recent()).toEqual([path]);
    expect(await host.list()).toEqual([{ path: join(box.root, 'walkthroughs', 'w.notebook'), name: 'w.notebook', kind: 'file' }]);
  });

  it('watch: another process\'s write reaches the page; closing the window stops its watches', async () => {
    const path = join(box.root, 'walkthroughs', 'w.notebook');
    await host.open(path);
    const changes: FileChange[] = [];
    host.watch(path, (c) => changes.push(c));
    await new Promise((r) => setTimeout(r, 50));
    execFileSync(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], process.argv[2])', path, NOTEBOOK('W, edited elsewhere')]);
    for (let waited = 0; changes.length === 0 && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(changes).toMatchObject([{ path, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    api.forget(WINDOW);
    writeFileSync(path, NOTEBOOK('after the window closed'));
    await new Promise((r) => setTimeout(r, 500));
    expect(changes).toHaveLength(1);
  });

  it('menu commands reach onCommand listeners; the page tells main whether it listens, and asks to close', () => {
    const commands: HostCommand[] = [];
    const unsubscribe = host.onCommand!((c) => commands.push(c));
    pair.sendToRenderer(EVENTS.command, 'save');
    pair.sendToRenderer(EVENTS.command, { open: '/x.notebook' });
    expect(commands).toEqual(['save', { open: '/x.notebook' }]);
    unsubscribe();
    unsubscribe();
    pair.sendToRenderer(EVENTS.command, 'close');
    expect(commands).toHaveLength(2);
    expect(pair.listeners(EVENTS.command)).toBe(0);
    host.close!();
    expect(pair.sent).toEqual([
      { channel: SENDS.listening, args: [true] },
      { channel: SENDS.listening, args: [false] },
      { channel: SENDS.close, args: [] },
    ]);
  });

  it('connectHost picks the preload\'s object when the page has one', async () => {
    const connected = connectHost({ location: new URL('app://kernelbook/index.html') as unknown as Location, kernelbook: preloadApi(pair.renderer) });
    expect(connected.kind).toBe('electron');
    expect(await connected.initialPath()).toBe(join(box.root, 'walkthroughs', 'w.notebook'));
  });
});
