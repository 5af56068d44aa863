// A page served by `kernelbook serve`, in Debian's Chromium: cross-origin
// isolated, so the engine runs on two worker threads over shared memory; its
// Host talks to the server with the token from its URL. A page of another
// origin cannot call the API, and the server refuses a page loaded under a
// name other than the printed address (DNS rebinding).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundleOptions } from '../../scripts/browser-bundle.mjs';
import { contentHash } from '../../host/hash.js';
import { startServer, type RunningServer } from '../../host/serve/server.js';
import { WALKTHROUGHS, walkthroughsDir } from '../../host/walkthroughs.js';
import { CHROMIUM, LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { sandbox, servedWorkspace, type Sandbox } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(skipWithoutChromium)(`a page served by kernelbook serve, in Chromium (${CHROMIUM})`, () => {
  let box: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let foreign: Server;

  beforeAll(async () => {
    box = sandbox();
    const renderer = join(box.dir, 'renderer');
    mkdirSync(box.root, { recursive: true });
    // A shipped walkthrough, copied: the page should see it as bundled.
    writeFileSync(join(box.root, 'walk.notebook'), readFileSync(join(walkthroughsDir(), WALKTHROUGHS[0])));
    await build({
      ...browserBundleOptions, format: 'esm', outdir: renderer,
      entryPoints: { page: join(ROOT, 'test/fixtures/browser/serve-page.ts'), worker: join(ROOT, 'engine/pool/worker.ts') },
    });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>serve page</title><script type="module" src="./page.js"></script>');
    server = await startServer({ workspace: await servedWorkspace(box, { initialPath: 'walk.notebook' }), rendererDir: renderer, port: 0 });
    foreign = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    browser = await chromium.launch(LAUNCH);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => foreign?.close(r));
    box?.remove();
  });

  it('is cross-origin isolated; createEngine gets 2 threads over shared memory and agrees with the reference', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'run' in window);
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { run(): Promise<any> }).run();
      (window as unknown as { watched: unknown }).watched = r.watch;
      return { ...r, watch: undefined };
    });
    expect(result).toMatchObject({
      isolated: true,
      engineInfo: { threads: 2, reason: null, same: true },
      defaultThreads: Math.min(8, result.hardwareConcurrency),
      kind: 'serve',
      initial: 'walk.notebook',
      bundled: true,
      conflict: 'CONFLICT',
    });
    expect(result.defaultThreads).toBeGreaterThanOrEqual(2);
    // What the page saved is on disk, byte for byte.
    const onDisk = readFileSync(join(box.root, 'walk.notebook'));
    expect(contentHash(onDisk)).toBe(result.savedHash);
    expect(onDisk.toString()).toMatch(/<!-- saved from the page -->\n$/);
    // Another program changes the file: the page's watch hears it (and never heard its own save).
    execFileSync(process.execPath, ['-e', 'require("fs").appendFileSync(process.argv[1], "<!-- from elsewhere -->\\n")', join(box.root, 'walk.notebook')]);
    await page.waitForFunction(() => (window as any).watched.changes.length > 0, undefined, { timeout: 20_000 });
    const changes = await page.evaluate(() => (window as any).watched.changes);
    expect(changes).toEqual([{ path: 'walk.notebook', hash: contentHash(readFileSync(join(box.root, 'walk.notebook'))), mtimeMs: expect.any(Number) }]);
    await page.evaluate(() => (window as any).watched.stop());
    await page.close();
    expect(errors).toEqual([]);
  });

  it('a page of another origin cannot call the API, even knowing the token', async () => {
    const page = await browser.newPage();
    const { port } = foreign.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(async ({ origin, token }) => {
      try {
        const response = await fetch(`${origin}/api/list`, { headers: { Authorization: `Bearer ${token}` } });
        return `status ${response.status}`;
      } catch (error) {
        return `blocked: ${(error as Error).name}`;
      }
    }, { origin: server.origin, token: server.token });
    expect(outcome).toBe('blocked: TypeError');
    await page.close();
  });

  it('the app loaded under another name for the same address (DNS rebinding) gets 403, not the page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://localhost:${server.port}/#token=${server.token}`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toMatch(/wrong Host header/);
    await page.close();
  });
});
