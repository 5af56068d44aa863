// The app:// scheme: which URL serves which file of the renderer bundle, with
// the three isolation headers and the CSP, and what it refuses.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY, APP_SCHEME_PRIVILEGES, appResponse } from '../../electron/app-protocol.js';
import { sandbox, type Sandbox } from '../host/helpers.js';

let box: Sandbox;
let bundle: string;
beforeAll(() => {
  box = sandbox('kernelbook-app-');
  bundle = join(box.dir, 'renderer');
  mkdirSync(join(bundle, 'assets'), { recursive: true });
  writeFileSync(join(bundle, 'index.html'), '<!doctype html>');
  writeFileSync(join(bundle, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(bundle, 'assets', 'engine.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(box.dir, 'secret.txt'), 'secret');
  symlinkSync(join(box.dir, 'secret.txt'), join(bundle, 'leak.txt'));
});
afterAll(() => box.remove());

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

describe('appResponse(url, method, bundle)', () => {
  it('app://kernelbook/ and /index.html are the bundle\'s index.html, with COOP, COEP, CORP and the CSP', async () => {
    for (const url of ['app://kernelbook/', APP_ENTRY]) {
      const answer = await appResponse(url, 'GET', bundle);
      expect(answer).toMatchObject({ status: 200, file: join(bundle, 'index.html'), headers: { ...ISOLATION, 'Content-Type': 'text/html; charset=utf-8' } });
      expect(answer.headers['Content-Security-Policy']).toMatch(/^default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'/);
    }
  });

  it('serves scripts and WebAssembly with their types (query strings ignored)', async () => {
    expect(await appResponse('app://kernelbook/assets/app.js?v=1', 'GET', bundle)).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    expect(await appResponse('app://kernelbook/assets/engine.wasm', 'HEAD', bundle)).toMatchObject({ status: 200, headers: { 'Content-Type': 'application/wasm', 'Content-Length': '4' } });
  });

  it('refuses another host, a way out of the bundle, a link out of it, a missing file and other methods; still with the headers', async () => {
    const cases: [string, string, number][] = [
      ['app://elsewhere/index.html', 'GET', 404],
      ['app://kernelbook/..%2f..%2fsecret.txt', 'GET', 403],
      ['app://kernelbook/leak.txt', 'GET', 403],
      ['app://kernelbook/missing.js', 'GET', 404],
      ['app://kernelbook/assets', 'GET', 404],
      ['app://kernelbook/index.html', 'POST', 405],
      ['file:///etc/passwd', 'GET', 404],
      ['not a url', 'GET', 400],
    ];
    for (const [url, method, status] of cases) {
      const answer = await appResponse(url, method, bundle);
      expect({ url, status: answer.status }).toEqual({ url, status });
      expect(answer.headers).toMatchObject(ISOLATION);
      expect('file' in answer).toBe(false);
    }
    // The URL parser already removes plain dot segments: they stay inside the bundle.
    expect(await appResponse('app://kernelbook/assets/../index.html', 'GET', bundle)).toMatchObject({ status: 200, file: join(bundle, 'index.html') });
  });

  it('the scheme is registered standard and secure, with fetch and streaming', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true });
  });
});
