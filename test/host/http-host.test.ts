// The page's Host for `kernelbook serve` (renderer/hosts/http.ts), run in Node
// against a real server over real files: each Host call does what the contract
// says, errors keep their codes, and a change made by another program (a child
// process) is reported while this host's own saves are not.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../host/hash.js';
import { startServer, type RunningServer } from '../../host/serve/server.js';
import type { FileChange, Host } from '../../renderer/host.js';
import { connectHost, tokenFromHash } from '../../renderer/hosts/connect.js';
import { httpHost } from '../../renderer/hosts/http.js';
import { NOTEBOOK, outcome, sandbox, servedWorkspace, type Sandbox } from './helpers.js';

let box: Sandbox;
let server: RunningServer;
let host: Host;

beforeAll(async () => {
  box = sandbox();
  mkdirSync(box.root, { recursive: true });
  writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('A'));
  server = await startServer({ workspace: await servedWorkspace(box, { initialPath: 'a.notebook' }), rendererDir: box.dir, port: 0 });
  host = httpHost({ origin: server.origin, token: server.token });
});
afterAll(async () => {
  await server?.close();
  box?.remove();
});

/** Another program writing the file: a separate process, as an editor would. */
function otherProgramWrites(path: string, text: string) {
  execFileSync(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], process.argv[2])', path, text]);
}

/** Polls the reported changes until `done` holds, or fails after `ms` saying what it waited for and what came. */
function reported(changes: FileChange[], done: (changes: FileChange[]) => boolean, what: string, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      if (done(changes)) { clearInterval(check); resolve(); }
      else if (Date.now() - started > ms) { clearInterval(check); reject(new Error(`${what} (have ${JSON.stringify(changes.map((c) => c.hash))})`)); }
    }, 10);
  });
}

/**
 * Waits until the latest change reported has `hash`. An editor writing in
 * place truncates, then writes: on a loaded machine the half-written file can
 * be reported first (and rightly: it was on disk), so a test waits for the
 * version it wrote, not for the first report.
 */
const changeTo = (changes: FileChange[], hash: string | null) =>
  reported(changes, (c) => c.length > 0 && c[c.length - 1].hash === hash, `no change to ${hash} reported`);

const nextChange = (changes: FileChange[], count: number) =>
  reported(changes, (c) => c.length >= count, 'no change reported');

describe('httpHost (serve)', () => {
  it('is kind serve and knows the initial notebook', async () => {
    expect(host.kind).toBe('serve');
    expect(await host.initialPath()).toBe('a.notebook');
  });

  it('opens, saves with the conflict check, and reads back what it saved', async () => {
    const opened = await host.open('a.notebook');
    expect(opened).toMatchObject({ path: 'a.notebook', text: NOTEBOOK('A'), trusted: false, bundled: false, recovery: null });
    const saved = await host.save('a.notebook', NOTEBOOK('A2'), { expectHash: opened.hash, trust: true });
    expect(readFileSync(join(box.root, 'a.notebook'), 'utf8')).toBe(NOTEBOOK('A2'));
    const again = await host.open('a.notebook');
    expect(again).toMatchObject({ text: NOTEBOOK('A2'), hash: saved.hash, trusted: true });
    const conflict = await outcome(host.save('a.notebook', NOTEBOOK('stale'), { expectHash: opened.hash }));
    expect(conflict).toMatchObject({ code: 'CONFLICT' });
  });

  it('autosaves, lists and discards recovery copies; lists, trusts and remembers recent files', async () => {
    await host.autosave('untitled:7', NOTEBOOK('scratch'));
    expect(await host.recoveries()).toMatchObject([{ path: 'untitled:7', text: NOTEBOOK('scratch'), exists: false }]);
    await host.discardRecovery('untitled:7');
    expect(await host.recoveries()).toEqual([]);
    expect(await host.list()).toEqual([{ path: 'a.notebook', name: 'a.notebook', kind: 'file' }]);
    expect(await host.recent()).toContain('a.notebook');
    writeFileSync(join(box.root, 'b.notebook'), NOTEBOOK('B'));
    const b = await host.open('b.notebook');
    await host.trust('b.notebook', b.hash);
    expect((await host.open('b.notebook')).trusted).toBe(true);
  });

  it('rejects with the server\'s code and message', async () => {
    expect(await outcome(host.open('../x.notebook'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/'\.\.'/) });
    expect(await outcome(host.open('nope.notebook'))).toMatchObject({ code: 'NOT_FOUND' });
    const wrongToken = httpHost({ origin: server.origin, token: 'wrong' });
    expect(await outcome(wrongToken.list())).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/wrong token/) });
    const nobody = httpHost({ origin: 'http://127.0.0.1:9', token: 'x' });
    expect(await outcome(nobody.list())).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/not answering/) });
  });

  it('watch: reports another program\'s write and deletion, not this host\'s own save', async () => {
    const path = join(box.root, 'w.notebook');
    writeFileSync(path, NOTEBOOK('W'));
    const opened = await host.open('w.notebook');
    const changes: FileChange[] = [];
    const stop = host.watch('w.notebook', (c) => changes.push(c));
    try {
      // Our own save comes back from the server, and is dropped as not news.
      const mine = await host.save('w.notebook', NOTEBOOK('W, mine'), { expectHash: opened.hash });
      otherProgramWrites(path, NOTEBOOK('W, theirs'));
      const theirs = contentHash(Buffer.from(NOTEBOOK('W, theirs')));
      await changeTo(changes, theirs);
      expect(changes[changes.length - 1]).toMatchObject({ path: 'w.notebook', hash: theirs });
      execFileSync(process.execPath, ['-e', 'require("fs").unlinkSync(process.argv[1])', path]);
      await changeTo(changes, null);
      expect(changes[changes.length - 1]).toEqual({ path: 'w.notebook', hash: null, mtimeMs: null });
      // Never our own save; on a quiet machine, exactly their write and the deletion.
      expect(changes.map((c) => c.hash)).not.toContain(mine.hash);
      expect(changes.length).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
    }
  });

  it('watch: a change made between open and watch is reported at once', async () => {
    const path = join(box.root, 'late.notebook');
    writeFileSync(path, NOTEBOOK('late'));
    await host.open('late.notebook');
    otherProgramWrites(path, NOTEBOOK('late, changed before the watch'));
    const changes: FileChange[] = [];
    const stop = host.watch('late.notebook', (c) => changes.push(c));
    try {
      await nextChange(changes, 1);
      expect(changes[0].hash).not.toBeNull();
    } finally {
      stop();
    }
  });
});

describe('connectHost', () => {
  it('takes the token from the URL fragment and the origin from the page', async () => {
    expect(tokenFromHash('#token=abc&x=1')).toBe('abc');
    expect(tokenFromHash('')).toBeNull();
    const location = new URL(server.url) as unknown as Location;
    const connected = connectHost({ location });
    expect(connected.kind).toBe('serve');
    expect(await connected.initialPath()).toBe('a.notebook');
  });

  it('without a token in the URL, says to open the printed URL', () => {
    const location = new URL(server.origin) as unknown as Location;
    expect(() => connectHost({ location })).toThrow(/token from the URL `kernelbook serve` printed/);
  });
});

describe('watch streams on the server', () => {
  it('the server\'s watch starts with the page\'s and stops when the page unsubscribes or the server closes', async () => {
    const workspace = await servedWorkspace(box);
    let active = 0;
    const counted = {
      ...workspace,
      async watch(...args: Parameters<typeof workspace.watch>) {
        const stop = await workspace.watch(...args);
        active++;
        return () => { active--; stop(); };
      },
    };
    const own = await startServer({ workspace: counted, rendererDir: box.dir, port: 0 });
    const until = async (done: () => boolean) => { for (let i = 0; !done() && i < 1500; i++) await new Promise((r) => setTimeout(r, 10)); };
    let second = () => {};
    try {
      const page = httpHost({ origin: own.origin, token: own.token });
      const stop = page.watch('a.notebook', () => {});
      await until(() => active === 1);
      expect(active).toBe(1);
      stop();
      await until(() => active === 0);
      expect(active).toBe(0);
      second = page.watch('a.notebook', () => {});
      await until(() => active === 1);
      expect(active).toBe(1);
    } finally {
      await own.close();
    }
    await until(() => active === 0);
    expect(active).toBe(0);
    second();
  });
});
