// The kernel bar's "why not isolated": in a page served without the COOP and
// COEP headers it names the headers missing; with them, it has nothing to say.
// (kernelbook serve always sends both, so this serves the check's own page.)
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundleOptions } from '../../scripts/browser-bundle.mjs';
import { CHROMIUM, LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { ROOT } from './served.js';

describe.skipIf(skipWithoutChromium)(`isolationProblem in Chromium (${CHROMIUM})`, () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: "export { isolationProblem } from './renderer/ui/kernel-bar.ts';", resolveDir: ROOT, loader: 'ts' },
      ...browserBundleOptions, format: 'iife', globalName: 'kb', write: false,
    });
    const script = bundle.outputFiles[0].text;
    // /isolated/ gets both headers, /half/ only COOP, / neither.
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      const headers: Record<string, string> = { 'Content-Type': path.endsWith('.js') ? 'text/javascript' : 'text/html' };
      if (path.startsWith('/isolated/') || path.startsWith('/half/')) headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      if (path.startsWith('/isolated/')) headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      response.writeHead(200, headers);
      response.end(path.endsWith('.js') ? script : '<!doctype html><script src="kb.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch(LAUNCH);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function problem(path: string): Promise<{ isolated: boolean; problem: string | null }> {
    const page = await browser.newPage();
    await page.goto(`${origin}${path}`);
    const result = await page.evaluate(async () => ({
      isolated: crossOriginIsolated,
      problem: await (window as unknown as { kb: { isolationProblem(): Promise<string | null> } }).kb.isolationProblem(),
    }));
    await page.close();
    return result;
  }

  it('served with COOP and COEP: isolated, nothing to explain', async () => {
    expect(await problem('/isolated/index.html')).toEqual({ isolated: true, problem: null });
  });

  it('served without them: names both headers and what it costs', async () => {
    expect(await problem('/index.html')).toEqual({
      isolated: false,
      problem: 'the server did not send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp; the engine runs on one thread',
    });
  });

  it('with only COOP: names the one missing', async () => {
    expect(await problem('/half/index.html')).toEqual({
      isolated: false,
      problem: 'the server did not send Cross-Origin-Embedder-Policy: require-corp; the engine runs on one thread',
    });
  });
});
