// The kernel in a real browser: kernel/runtime bundled with esbuild and run
// in headless Chromium with the page's own document, as the workbook will run
// it: every builtin, every cell type, reactivity through a real input event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { browserBundleOptions } from '../../scripts/browser-bundle.mjs';
import { CHROMIUM, LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';
import { installDom } from '../../kernel/runner/dom.js';
import type { Cell } from '../../kernel/notebook.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(skipWithoutChromium)(`NotebookKernel in Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: "export { NotebookKernel } from './kernel/runtime/kernel.ts';", resolveDir: ROOT, loader: 'ts' },
      ...browserBundleOptions, format: 'iife', globalName: 'kb', write: false,
    });
    browser = await chromium.launch(LAUNCH);
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('runs every cell type with the page\'s document and follows an input event', async () => {
    const result = await page.evaluate(async () => {
      const { NotebookKernel } = (window as unknown as { kb: typeof import('../../kernel/runtime/kernel.js') }).kb;
      const kernel = new NotebookKernel({ document, width: 800 });
      kernel.load({ cells: [
        { id: '1', type: 'module', source: 'const slider = Inputs.range([1, 9], {value: 3, step: 1});\nconst k = view(slider);' },
        { id: '2', type: 'module', source: 'engine.depthwiseConv2d(engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]), engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), {padding: "valid"}).toArray()' },
        { id: '3', type: 'module', source: 'Plot.plot({width, marks: [Plot.barY([1, k])]})' },
        { id: '4', type: 'text/markdown', source: '# k = ${k}' },
        { id: '5', type: 'application/x-tex', source: 'k^2 = ${k * k}' },
        { id: '6', type: 'text/x-typescript', source: 'const twice: number = k * 2;\ndisplay(twice);' },
        { id: '7', type: 'module', source: 'featureMaps(engine.tensor([0, 1, 2, 3], [1, 2, 2, 1]))' },
        { id: '8', type: 'text/html', source: '<b>${k}</b>' },
        // The page is not cross-origin isolated: the sync engine needs no shared memory.
        { id: '9', type: 'module', source: 'engine.depthwiseConv2d !== engine.reference.depthwiseConv2d' },
      ] });
      await kernel.settled();
      const first = kernel.cells().map((c) => ({ id: c.id, status: c.status, mimes: Object.keys(c.outputs[0] ?? {}), text: c.outputs[0]?.['text/plain'] }));
      const before = kernel.cell('6')!.outputs[0]['text/plain'];
      // Move the slider the way a user does: the kernel's own element, an input event.
      const element = (await kernel.value('slider')) as HTMLInputElement;
      element.value = '5';
      element.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 50));
      await kernel.settled();
      const after = kernel.cells().map((c) => ({ id: c.id, runs: c.runCount, text: c.outputs[0]?.['text/plain'] }));
      kernel.dispose();
      return { first, before, after, plotWidth: /width="(\d+)"/.exec(kernel.cell('3')!.outputs[0]['image/svg+xml'])?.[1] };
    });
    expect(result.first.map((c) => c.status)).toEqual(Array(9).fill('ok'));
    // The seed's depthwise example on the WebAssembly kernels, in the page.
    expect(result.first.find((c) => c.id === '2')!.text).toMatch(/-2,\s*18.*12,\s*21.*17,\s*-7.*-13,\s*16/s);
    expect(result.first.find((c) => c.id === '9')!.text).toBe('true');
    expect(result.first.find((c) => c.id === '3')!.mimes).toContain('image/svg+xml');
    expect(result.first.find((c) => c.id === '7')!.mimes).toEqual(expect.arrayContaining(['image/svg+xml', 'image/png']));
    expect(result.before).toBe('6');
    const after = Object.fromEntries(result.after.map((c) => [c.id, c]));
    expect(after['6'].text).toBe('10');
    expect(after['8'].text).toMatch(/\b5$/);
    // Cells that do not read k did not re-run.
    expect([after['1'].runs, after['2'].runs, after['7'].runs]).toEqual([1, 1, 1]);
    expect([after['3'].runs, after['4'].runs, after['5'].runs, after['6'].runs, after['8'].runs]).toEqual([2, 2, 2, 2, 2]);
    expect(result.plotWidth).toBe('800');
  });
  // What a headless run computes is what the app shows: every kind of input
  // starts at the same value in Node's DOM shim as in Chromium.
  const INPUT_CELLS: Cell[] = [
    'const range = view(Inputs.range([1, 9], {value: 3, step: 1}));',
    'const number = view(Inputs.number([0, 10], {value: 4}));',
    'const select = view(Inputs.select(["same", "valid"]));',
    'const selectValue = view(Inputs.select(["NHWC", "NCHW"], {value: "NCHW"}));',
    'const multi = view(Inputs.select(["a", "b", "c"], {multiple: true, value: ["b", "c"]}));',
    'const radio = view(Inputs.radio(["relu", "relu6", "gelu"], {value: "relu6"}));',
    'const radioNone = view(Inputs.radio(["x", "y"]));',
    'const checkbox = view(Inputs.checkbox(["bias", "bn"], {value: ["bias"]}));',
    'const toggle = view(Inputs.toggle({value: true}));',
    'const text = view(Inputs.text({value: "k"}));',
    'const form = view(Inputs.form({s: Inputs.radio([1, 2], {value: 2}), t: Inputs.select([5, 6])}));',
    'const all = {range, number, select, selectValue, multi, radio, radioNone, checkbox, toggle, text, form};',
    'Plot.dot([[1, 2]]).plot().tagName.toLowerCase()',
  ].map((source, i) => ({ id: String(i + 1), type: 'module', source }) as Cell);

  it('gives every kind of input the same initial value as Node\'s DOM shim does', async () => {
    const inBrowser = await page.evaluate(async (cells) => {
      const { NotebookKernel } = (window as unknown as { kb: typeof import('../../kernel/runtime/kernel.js') }).kb;
      const kernel = new NotebookKernel({ document });
      kernel.load({ cells });
      await kernel.settled();
      const result = { all: await kernel.value('all'), statuses: kernel.cells().map((c) => c.status), last: kernel.cell('13')!.outputs[0]?.['text/plain'] };
      kernel.dispose();
      return result;
    }, INPUT_CELLS);
    const kernel = new NotebookKernel({ document: installDom() });
    kernel.load({ cells: INPUT_CELLS });
    await kernel.settled();
    const inNode = { all: await kernel.value('all'), statuses: kernel.cells().map((c) => c.status), last: kernel.cell('13')!.outputs[0]?.['text/plain'] };
    kernel.dispose();
    expect(inBrowser.statuses).toEqual(Array(INPUT_CELLS.length).fill('ok'));
    expect(inBrowser.all).toEqual({
      range: 3, number: 4, select: 'same', selectValue: 'NCHW', multi: ['b', 'c'], radio: 'relu6', radioNone: null,
      checkbox: ['bias'], toggle: true, text: 'k', form: { s: 2, t: 5 },
    });
    expect(inBrowser.last).toBe('svg');
    expect(inNode).toEqual(inBrowser);
  });
});
