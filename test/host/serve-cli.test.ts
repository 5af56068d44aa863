// `kernelbook serve` as a real child process on the built CLI (npm run build
// first): what it prints, what it refuses, and unsaved work surviving the
// server being killed with SIGKILL and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTEBOOK, sandbox, type Sandbox } from './helpers.js';
import { bearer, json, raw } from './serve-helpers.js';

const CLI = 'dist/bin/kernelbook.js';
let box: Sandbox;
const children = new Set<ChildProcess>();

beforeAll(() => {
  if (!existsSync(CLI) || !existsSync('dist/host/cli/serve.js')) throw new Error('the CLI is not built: run `npm run build` first');
  box = sandbox();
  mkdirSync(box.root, { recursive: true });
  writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('A'));
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  box?.remove();
});

interface Served { child: ChildProcess; url: string; port: number; token: string; output: string[] }

/** Starts `kernelbook serve ARGS` and waits for the URL line. */
function serve(...args: string[]): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...process.env, KERNELBOOK_STATE_DIR: box.state } });
    children.add(child);
    const output: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      output.push(...buffer.split('\n').slice(0, -1));
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      const line = output.find((l) => /http:\/\/127\.0\.0\.1:\d+\/#token=/.test(l));
      if (line) {
        const url = line.trim();
        const match = /:(\d+)\/#token=(.+)$/.exec(url)!;
        resolve({ child, url, port: Number(match[1]), token: match[2], output });
      }
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...process.env, KERNELBOOK_STATE_DIR: box.state } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.once('exit', (code) => resolve(code));
});

describe('kernelbook serve (CLI)', () => {
  it('serve FILE prints the folder, the file it opens, and the URL; the API answers with that token; SIGTERM stops it cleanly', async () => {
    const served = await serve(join(box.root, 'a.notebook'), '--port', '0');
    expect(served.output[0]).toBe(`kernelbook serve: ${box.root} (opening a.notebook)`);
    expect(served.url).toBe(`http://127.0.0.1:${served.port}/#token=${served.token}`);
    const initial = await raw(served.port, { path: '/api/initial', headers: bearer(served.token) });
    expect(initial.json()).toEqual({ path: 'a.notebook' });
    served.child.kill('SIGTERM');
    expect(await exited(served.child)).toBe(0);
  });

  it('a new token at every start: the old one is refused by the next server', async () => {
    const first = await serve(box.root, '--port', '0');
    first.child.kill('SIGTERM');
    await exited(first.child);
    const second = await serve(box.root, '--port', '0');
    try {
      expect(second.token).not.toBe(first.token);
      expect((await raw(second.port, { path: '/api/list', headers: bearer(first.token) })).status).toBe(401);
      expect((await raw(second.port, { path: '/api/list', headers: bearer(second.token) })).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });

  it('refuses a missing path, a bad --port and a taken --port, with exit codes 1 and 2', async () => {
    expect(await run(join(box.root, 'missing.notebook'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/missing\.notebook: no such file or folder/) });
    expect(await run('--port', 'eighty')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--port needs a number/) });
    expect(await run('--bogus')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --bogus/) });
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      expect(await run(box.root, '--port', String(taken))).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`port ${taken} is in use`)) });
    } finally {
      blocker.close();
    }
  });

  it('without --port, takes 8750, or any free port when 8750 is taken', async () => {
    const blocker = createServer();
    // Whoever holds 8750 (this blocker, or another program), serve must still start.
    await new Promise<void>((r) => { blocker.once('error', () => r()); blocker.listen(8750, '127.0.0.1', r); });
    const served = await serve(box.root);
    try {
      expect(served.port).not.toBe(8750);
      expect((await raw(served.port, { path: '/api/list', headers: bearer(served.token) })).status).toBe(200);
    } finally {
      served.child.kill('SIGTERM');
      await exited(served.child);
      blocker.close();
    }
  });

  it('unsaved work autosaved before the server is killed with SIGKILL is offered when the restarted server opens the file', async () => {
    // The file predates the edit (as it would after a while of editing).
    utimesSync(join(box.root, 'a.notebook'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const first = await serve(box.root, '--port', '0');
    const opened = (await raw(first.port, { path: '/api/file?path=a.notebook', headers: bearer(first.token) })).json();
    const edit = NOTEBOOK('A', 'x = 2 * 21 // typed, never saved');
    const put = await raw(first.port, { method: 'PUT', path: '/api/recovery?path=a.notebook', headers: json(first.token), body: JSON.stringify({ text: edit }) });
    expect(put.status).toBe(204);
    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toBeNull();

    const second = await serve(box.root, '--port', '0');
    try {
      const reopened = (await raw(second.port, { path: '/api/file?path=a.notebook', headers: bearer(second.token) })).json();
      expect(reopened.text).toBe(opened.text);
      expect(reopened.recovery).toEqual({ text: edit, savedAtMs: expect.any(Number) });
      const listed = (await raw(second.port, { path: '/api/recoveries', headers: bearer(second.token) })).json();
      expect(listed).toEqual([{ path: 'a.notebook', text: edit, savedAtMs: reopened.recovery.savedAtMs, exists: true }]);
      // Saving it makes the recovery copy go away; the file holds the work.
      const saved = await raw(second.port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: json(second.token), body: JSON.stringify({ text: edit, expectHash: opened.hash }) });
      expect(saved.status).toBe(200);
      expect(readFileSync(join(box.root, 'a.notebook'), 'utf8')).toBe(edit);
      expect((await raw(second.port, { path: '/api/recoveries', headers: bearer(second.token) })).json()).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});

describe('npm start without the Electron binary', () => {
  it('says so in one line, then serves notebooks/ opening the first walkthrough, and prints the URL', async () => {
    // ELECTRON_OVERRIDE_DIST_PATH at an empty place makes the binary missing even where it was fetched.
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
      env: { ...process.env, KERNELBOOK_STATE_DIR: box.state, ELECTRON_OVERRIDE_DIST_PATH: join(box.dir, 'no-electron') },
    });
    children.add(child);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(stdout);
        if (match) resolve(match[0]);
      });
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stdout}`)));
    });
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('The Electron binary is not installed (`npm run electron:fetch` fetches it): serving the workbook to your browser instead.');
    expect(lines[1]).toMatch(/^kernelbook serve: .*notebooks \(opening conv2d-walkthrough\.notebook\)$/);
    const [, port, token] = /:(\d+)\/#token=(\S+)/.exec(url)!;
    const opened = (await raw(Number(port), { path: '/api/file?path=conv2d-walkthrough.notebook', headers: bearer(token) })).json();
    expect(opened).toMatchObject({ path: 'conv2d-walkthrough.notebook', bundled: true, trusted: true });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });
});
