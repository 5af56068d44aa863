// The multithreaded engine in a real browser: engine/ bundled for the page
// (its worker as a file next to it, as the workbook ships it), served by a
// local HTTP server, run in headless Chromium with Web Workers. Cross-origin
// isolated, it computes on shared memory with two workers; without isolation it
// falls back to one thread and says why. Either way it agrees with the
// synchronous reference exactly on k/16-valued data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CHROMIUM, LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { chromium, type Browser } from 'playwright-core';
import { browserBundleOptions } from '../../scripts/browser-bundle.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const PAGE = join(ROOT, 'test/fixtures/browser/engine-page.js');
const HTML = '<!doctype html><title>engine</title><script type="module">import { run } from "./engine-page.js"; window.run = run;</script>';

interface PageResult {
  info: { threads: number; reason: string | null; simd: string; isolated: boolean };
  results: { op: string; shape: number[]; expectedShape: number[]; size: number; mismatches: number }[];
  abortName: string;
  after: number[];
}

describe.skipIf(skipWithoutChromium)(`createEngine in Chromium (${CHROMIUM})`, () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kernelbook-engine-'));
    await build({
      ...browserBundleOptions, format: 'esm', outdir: dir,
      // The pool starts its workers from new URL('./worker.js', import.meta.url).
      entryPoints: { engine: join(ROOT, 'engine/index.ts'), worker: join(ROOT, 'engine/pool/worker.ts') },
    });
    // /isolated/ pages get COOP and COEP (SharedArrayBuffer on), / pages do not.
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const isolated = path.startsWith('/isolated/');
      const file = path.replace(/^\/isolated/, '');
      const headers: Record<string, string> = isolated
        ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
      if (file.endsWith('.js')) {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
        response.end(readFileSync(file === '/engine-page.js' ? PAGE : join(dir, file.slice(1))));
      } else {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
        response.end(HTML);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch(LAUNCH);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function run(path: string, threads: number) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => 'run' in window);
    const result = await page.evaluate((n) => (window as unknown as { run(n: number): Promise<PageResult> }).run(n), threads);
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  function expectExact(results: PageResult['results']) {
    expect(results).toHaveLength(6);
    for (const r of results) {
      expect(r.shape, r.op).toEqual(r.expectedShape);
      expect(r.size).toBeGreaterThan(0);
      expect({ op: r.op, mismatches: r.mismatches }).toEqual({ op: r.op, mismatches: 0 });
    }
  }

  it('cross-origin isolated, runs on two Web Workers over shared memory with relaxed SIMD, exactly as the reference', async () => {
    const { info, results, abortName, after } = await run('/isolated/index.html', 2);
    expect(info).toEqual({ threads: 2, reason: null, simd: 'relaxed', isolated: true });
    expectExact(results);
    expect(abortName).toBe('AbortError');
    expect(after).toEqual([-2, 18, 12, 21, 17, -7, -13, 16]);
  });

  it('without isolation, runs on one thread, says why, and gives the same numbers', async () => {
    const { info, results, after } = await run('/index.html', 2);
    expect(info.isolated).toBe(false);
    expect(info.threads).toBe(1);
    expect(info.reason).toMatch(/SharedArrayBuffer is unavailable.*cross-origin isolated/);
    expectExact(results);
    expect(after).toEqual([-2, 18, 12, 21, 17, -7, -13, 16]);
  });
});
