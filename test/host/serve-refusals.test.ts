// `kernelbook serve` as an attack surface: every refusal the issue lists, each
// answered with a clear 4xx, and the isolation headers on every response,
// refusals included. A real server on a real port, raw HTTP requests.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../host/serve/server.js';
import { NOTEBOOK, sandbox, servedWorkspace, type Sandbox } from './helpers.js';
import { bearer, json, raw, type RawResponse } from './serve-helpers.js';

let box: Sandbox;
let server: RunningServer;
let port: number;
let token: string;

beforeAll(async () => {
  box = sandbox();
  mkdirSync(join(box.root, 'sub'), { recursive: true });
  writeFileSync(join(box.root, 'a.notebook'), NOTEBOOK('A'));
  writeFileSync(join(box.dir, 'secret.notebook'), NOTEBOOK('secret'));
  symlinkSync(join(box.dir, 'secret.notebook'), join(box.root, 'escape.notebook'));
  const renderer = join(box.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbook</title>');
  writeFileSync(join(renderer, 'app.js'), 'export {};');
  server = await startServer({ workspace: await servedWorkspace(box), rendererDir: renderer, port: 0 });
  ({ port, token } = server);
});
afterAll(async () => {
  await server?.close();
  box?.remove();
});

const HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

function expectRefused(response: RawResponse, status: number, code: string, message: RegExp) {
  expect({ status: response.status, ...response.json().error }).toMatchObject({ status, code, message: expect.stringMatching(message) });
  expect(response.headers).toMatchObject(HEADERS);
}

describe('kernelbook serve: the address and the URL', () => {
  it('listens on 127.0.0.1 only and prints a URL with a fresh token in its fragment', () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(server.url).toBe(`http://127.0.0.1:${port}/#token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('cannot be reached on any other address of this machine', async () => {
    const others = Object.values(networkInterfaces()).flat()
      .filter((a) => a && !a.internal).map((a) => a!.address).concat(['::1']);
    for (const host of others) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host, port, timeout: 2000 });
        socket.on('connect', () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
        socket.on('timeout', () => { socket.destroy(); resolve(false); });
      });
      expect({ host, reached }).toEqual({ host, reached: false });
    }
  });
});

describe('kernelbook serve: refusals', () => {
  it('an API call without a token: 401', async () => {
    expectRefused(await raw(port, { path: '/api/list' }), 401, 'UNAUTHORIZED', /missing token/);
  });

  it('an API call with a wrong token: 401 (and a token of the right length but wrong value)', async () => {
    expectRefused(await raw(port, { path: '/api/list', headers: bearer('nope') }), 401, 'UNAUTHORIZED', /wrong token/);
    expectRefused(await raw(port, { path: '/api/list', headers: bearer('x'.repeat(token.length)) }), 401, 'UNAUTHORIZED', /wrong token/);
    expectRefused(await raw(port, { path: '/api/list', headers: { Authorization: token } }), 401, 'UNAUTHORIZED', /wrong token/);
  });

  it('a Host header other than the printed address (DNS rebinding), even with the token: 403', async () => {
    for (const host of ['evil.example:80', `localhost:${port}`, `127.0.0.1:${port + 1}`, `evil.example:${port}`]) {
      const response = await raw(port, { path: '/api/list', host, headers: bearer(token) });
      expect(response.status, host).toBe(403);
      expect(response.json().error.message).toMatch(/wrong Host header/);
    }
    // The page itself too: a rebound page must not even load the app.
    const page = await raw(port, { path: '/', host: 'evil.example' });
    expect(page.status).toBe(403);
    expect(page.headers).toMatchObject(HEADERS);
  });

  it('a foreign Origin (another site calling from the user\'s browser), even with the token: 403', async () => {
    const foreign = await raw(port, { path: '/api/list', headers: { ...bearer(token), Origin: 'https://evil.example' } });
    expectRefused(foreign, 403, 'FORBIDDEN', /requests from https:\/\/evil\.example are refused/);
    expectRefused(await raw(port, { path: '/api/list', headers: { ...bearer(token), Origin: 'null' } }), 403, 'FORBIDDEN', /refused/);
    expectRefused(await raw(port, { path: '/api/list', headers: { ...bearer(token), 'Sec-Fetch-Site': 'cross-site' } }), 403, 'FORBIDDEN', /cross-site request is refused/);
    // Our own origin is fine.
    expect((await raw(port, { path: '/api/list', headers: { ...bearer(token), Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });

  it('a path with ..: 403, whether in the query or percent-encoded', async () => {
    expectRefused(await raw(port, { path: '/api/file?path=../secret.notebook', headers: bearer(token) }), 403, 'FORBIDDEN', /'\.\.' would leave the served folder/);
    expectRefused(await raw(port, { path: '/api/file?path=sub%2F..%2F..%2Fsecret.notebook', headers: bearer(token) }), 403, 'FORBIDDEN', /'\.\.'/);
    expectRefused(await raw(port, { path: `/api/file?path=${encodeURIComponent(join(box.dir, 'secret.notebook'))}`, headers: bearer(token) }), 403, 'FORBIDDEN', /relative to the served folder/);
    const save = await raw(port, { method: 'PUT', path: '/api/file?path=../evil.notebook', headers: json(token), body: JSON.stringify({ text: 'x' }) });
    expectRefused(save, 403, 'FORBIDDEN', /'\.\.'/);
    // The app's own files cannot be escaped either (the URL parser already drops plain and %2e%2e dot segments).
    expect((await raw(port, { path: '/..%2fserved%2fa.notebook' })).status).toBe(403);
    expect((await raw(port, { path: '/%2e%2e/served/a.notebook' })).status).toBe(404);
  });

  it('a symbolic link out of the served folder: 403, for reading and for writing', async () => {
    expectRefused(await raw(port, { path: '/api/file?path=escape.notebook', headers: bearer(token) }), 403, 'FORBIDDEN', /symbolic link leads out/);
    const save = await raw(port, { method: 'PUT', path: '/api/file?path=escape.notebook', headers: json(token), body: JSON.stringify({ text: 'overwritten' }) });
    expectRefused(save, 403, 'FORBIDDEN', /symbolic link/);
  });

  it('a missing file: 404 naming it', async () => {
    expectRefused(await raw(port, { path: '/api/file?path=missing.notebook', headers: bearer(token) }), 404, 'NOT_FOUND', /missing\.notebook: no such file/);
    expect((await raw(port, { path: '/no-such-file.js' })).status).toBe(404);
  });

  it('a bad JSON body: 400 saying so; a body that is not JSON at all: 415', async () => {
    const bad = await raw(port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: json(token), body: '{"text": "unterminated' });
    expectRefused(bad, 400, 'BAD_REQUEST', /bad JSON body/);
    const array = await raw(port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: json(token), body: '["text"]' });
    expectRefused(array, 400, 'BAD_REQUEST', /must be an object/);
    const missing = await raw(port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: json(token), body: '{"txt": "typo"}' });
    expectRefused(missing, 400, 'BAD_REQUEST', /needs "text"/);
    const form = await raw(port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: { ...bearer(token), 'Content-Type': 'text/plain' }, body: '{"text": "x"}' });
    expectRefused(form, 415, 'BAD_REQUEST', /application\/json/);
  });

  it('a missing argument, an unknown call and a wrong method: 400, 404, 405 with Allow', async () => {
    expectRefused(await raw(port, { path: '/api/file', headers: bearer(token) }), 400, 'BAD_REQUEST', /missing \?path=/);
    expectRefused(await raw(port, { path: '/api/rm-rf', headers: bearer(token) }), 404, 'NOT_FOUND', /no API call/);
    const wrong = await raw(port, { method: 'DELETE', path: '/api/file?path=a.notebook', headers: bearer(token) });
    expectRefused(wrong, 405, 'BAD_REQUEST', /does not take DELETE/);
    expect(wrong.headers.allow).toBe('GET, PUT');
  });

  it('a conflicting save: 409', async () => {
    const stale = '0'.repeat(64);
    const save = await raw(port, { method: 'PUT', path: '/api/file?path=a.notebook', headers: json(token), body: JSON.stringify({ text: 'x', expectHash: stale }) });
    expectRefused(save, 409, 'CONFLICT', /changed on disk/);
  });
});

describe('kernelbook serve: headers', () => {
  it('COOP, COEP and CORP (and the CSP) on every response: pages, scripts, API answers, errors', async () => {
    const responses = await Promise.all([
      raw(port, { path: '/' }),
      raw(port, { path: '/app.js' }),
      raw(port, { path: '/missing.js' }),
      raw(port, { method: 'POST', path: '/' }),
      raw(port, { path: '/api/list', headers: bearer(token) }),
      raw(port, { path: '/api/list' }),
      raw(port, { path: '/api/list', host: 'evil.example' }),
      raw(port, { path: '/api/file?path=../x.notebook', headers: bearer(token) }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 405, 200, 401, 403, 403]);
    for (const response of responses) {
      expect(response.headers).toMatchObject(HEADERS);
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(responses[0].headers['content-type']).toBe('text/html; charset=utf-8');
    expect(responses[1].headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(responses[4].headers['cache-control']).toBe('no-store');
  });

  it('says the renderer is not built, rather than 404, when its index.html is missing', async () => {
    const bare = await startServer({ workspace: await servedWorkspace(box), rendererDir: join(box.dir, 'no-renderer'), port: 0 });
    try {
      const page = await raw(bare.port, { path: '/' });
      expect(page.status).toBe(503);
      expect(page.text).toMatch(/renderer is not built.*npm run build/);
      expect(page.headers).toMatchObject(HEADERS);
    } finally {
      await bare.close();
    }
  });
});
