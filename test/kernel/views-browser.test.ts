// The views in a real browser: kernel/views bundled with esbuild and run in
// headless Chromium with the page's own document, as the app will run them.
// Checks what Node cannot: the hover readout follows the pointer, the
// heatmaps are painted with crisp (pixelated) cells in the scheme's colours,
// and the browser builds the same PNGs as a headless export does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { browserBundleOptions } from '../../scripts/browser-bundle.mjs';
import { CHROMIUM, LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseHTML } from 'linkedom';
import { decode } from 'fast-png';
import { interpolateViridis, rgb } from 'd3';
import { featureMaps } from '../../kernel/views/index.js';
import { tensor } from '../../engine/tensor.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// c0 = 0..5 and c1 = 10..15 over 2x3 pixels, interleaved as NHWC.
const c0 = [0, 1, 2, 3, 4, 5];
const c1 = [10, 11, 12, 13, 14, 15];
const values = c0.flatMap((v, i) => [v, c1[i]]);
const CELL = 20;

describe.skipIf(skipWithoutChromium)(`views in Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let page: Page;
  let bundleText: string;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: "export * from './kernel/views/index.ts'; export { tensor } from './engine/tensor.ts';", resolveDir: ROOT, loader: 'ts' },
      ...browserBundleOptions, format: 'iife', globalName: 'kb', write: false,
    });
    bundleText = bundle.outputFiles[0].text;
    browser = await chromium.launch(LAUNCH);
    page = await browser.newPage({ viewport: { width: 800, height: 400 }, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    await page.evaluate(({ values, CELL }) => {
      const kb = (window as unknown as { kb: typeof import('../../kernel/views/index.js') & { tensor: typeof tensor } }).kb;
      const svg = kb.featureMaps(kb.tensor(values, [1, 2, 3, 2]), { document, cellSize: CELL });
      document.body.append(svg);
    }, { values, CELL });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const imageBox = async (channel: number) => (await page.locator(`g.kb-feature-map[data-channel="${channel}"] > image`).boundingBox())!;

  test('featureMaps in the browser builds the same PNGs as in Node with linkedom', async () => {
    const inBrowser = await page.$$eval('g.kb-feature-map > image', (images) => images.map((i) => i.getAttribute('href')));
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const inNode = Array.from(featureMaps(tensor(values, [1, 2, 3, 2]), { document, cellSize: CELL }).querySelectorAll('g.kb-feature-map > image'), (i) => i.getAttribute('href'));
    expect(inBrowser).toEqual(inNode);
  });

  test('featureMaps paints each tensor pixel as a crisp 20x20 cell in its viridis colour', async () => {
    const box = await imageBox(1);
    expect([box.width, box.height]).toEqual([3 * CELL, 2 * CELL]);
    const shot = decode(await page.screenshot({ clip: box }));
    const at = (x: number, y: number) => Array.from(shot.data.slice((y * shot.width + x) * shot.channels, (y * shot.width + x) * shot.channels + 3));
    c1.forEach((v, i) => {
      const c = rgb(interpolateViridis(Math.round(((v - 0) / 15) * 254) / 254));
      const want = [c.r, c.g, c.b].map(Math.round);
      const [py, px] = [Math.floor(i / 3), i % 3];
      // The centre and a point 1px inside the cell's corner: no smoothing between cells.
      for (const [x, y] of [[px * CELL + CELL / 2, py * CELL + CELL / 2], [px * CELL + 1, py * CELL + 1], [px * CELL + CELL - 2, py * CELL + CELL - 2]]) {
        at(x, y).forEach((channel, k) => expect(Math.abs(channel - want[k]), `pixel ${i} at ${x},${y}`).toBeLessThanOrEqual(2));
      }
    });
  });

  test('featureMaps shows the value under the pointer in its readout, and clears it on leave', async () => {
    const box = await imageBox(1);
    await page.mouse.move(box.x + 2.5 * CELL, box.y + 1.5 * CELL);
    expect(await page.textContent('.kb-feature-maps-readout')).toBe('c1 [y=1, x=2] = 15');
    const first = await imageBox(0);
    await page.mouse.move(first.x + 0.5 * CELL, first.y + 0.5 * CELL);
    expect(await page.textContent('.kb-feature-maps-readout')).toBe('c0 [y=0, x=0] = 0');
    await page.mouse.move(790, 390);
    expect(await page.textContent('.kb-feature-maps-readout')).toBe('');
  });

  test('featureMaps({canvas: true}) paints the same pixels on one canvas, reads values under the pointer, and serialises to the same PNGs', async () => {
    const live = await browser.newPage({ viewport: { width: 800, height: 400 }, deviceScaleFactor: 1 });
    await live.setContent('<!doctype html><html><body style="margin:0;background:#fff"></body></html>');
    await live.addScriptTag({ content: bundleText });
    await live.evaluate(({ values, CELL }) => {
      const kb = (window as unknown as { kb: typeof import('../../kernel/views/index.js') & { tensor: typeof tensor } }).kb;
      document.body.append(kb.featureMaps(kb.tensor(values, [1, 2, 3, 2]), { document, cellSize: CELL, canvas: true }));
    }, { values, CELL });
    expect(await live.$$eval('canvas', (c) => c.length)).toBe(1);
    expect(await live.$$eval('g.kb-feature-map > image', (images) => images.map((i) => i.getAttribute('href')))).toEqual([null, null]);
    for (const channel of [0, 1]) {
      const box = (await live.locator(`g.kb-feature-map[data-channel="${channel}"] > image`).boundingBox())!;
      expect(box).toEqual(await imageBox(channel));
      const painted = decode(await live.screenshot({ clip: box }));
      const drawn = decode(await page.screenshot({ clip: box }));
      expect(Array.from(painted.data)).toEqual(Array.from(drawn.data));
    }
    const box = (await live.locator('g.kb-feature-map[data-channel="1"] > image').boundingBox())!;
    await live.mouse.move(box.x + 2.5 * CELL, box.y + 1.5 * CELL);
    expect(await live.textContent('.kb-feature-maps-readout')).toBe('c1 [y=1, x=2] = 15');
    // Serialised (an export, a notebook's output), the canvas gives way to the PNGs a headless run writes.
    const serialised = await live.evaluate(() => {
      const kb = (window as unknown as { kb: typeof import('../../kernel/views/index.js') }).kb;
      return kb.mimeBundle(document.querySelector('svg.kb-feature-maps'))['image/svg+xml'];
    });
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const inNode = Array.from(featureMaps(tensor(values, [1, 2, 3, 2]), { document, cellSize: CELL }).querySelectorAll('g.kb-feature-map > image'), (i) => i.getAttribute('href'));
    expect(serialised).not.toMatch(/canvas|foreignObject/);
    expect(Array.from(serialised.matchAll(/href="(data:image\/png;base64,[^"]+)"/g), (m) => m[1]).slice(0, 2)).toEqual(inNode);
    await live.close();
  });
});
