// The walkthroughs in notebooks/ (and their Simplified Chinese twins in
// notebooks/zh-CN/) as a reader gets them: each runs headless with every cell
// green, also at a second setting of its main controls; each carries hidden
// cells that check what its text claims, and a false claim fails the run; the
// two languages have the same cells and the same code; each --html page is
// self-contained; and "explain a value" in a page, in Chromium, gives the
// seed's own sum for the seed's own example.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { parseNotebook, serializeNotebook } from '../../kernel/format/index.js';
import type { Notebook } from '../../kernel/notebook.js';
import { renderHtml } from '../../kernel/runner/html.js';
import { runNotebook, type RunResult } from '../../kernel/runner/run.js';
import { LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';

const DIR = 'notebooks';
const ZH = 'notebooks/zh-CN';

/** Each walkthrough and a second setting of its main controls (what `--set` would give). */
const SECOND_SETTING: Record<string, Record<string, unknown>> = {
  'conv2d-walkthrough': { step: 7, multiplier: 3 },
  'depthwise-vs-conv2d': { size: 24, channels: 16, k: 5 },
  'separable-conv2d-parameters': { strides: 2, kernelSize: 5, padding: 'valid', depthMultiplier: 3 },
  'mobilenet-cost': { alpha: 1, resolution: 224 },
  pointwise: { filters: 5, size: 16, channels: 128 },
  'feature-maps': { filterName: 'blur' },
};

const names = readdirSync(DIR).filter((f) => f.endsWith('.notebook')).map((f) => f.replace(/\.notebook$/, '')).sort();
const read = (file: string): Notebook => parseNotebook(readFileSync(file, 'utf8'), { filename: file });

async function run(file: string, overrides: Record<string, unknown> = {}, notebook = read(file)): Promise<RunResult> {
  return runNotebook(notebook, file, { overrides, timeoutMs: 240_000 });
}

function failures(report: RunResult): string[] {
  return report.cells.filter((c) => c.status !== 'ok').map((c) => `cell ${c.id}: ${c.error?.message}`);
}

let out: string;
beforeAll(() => { out = mkdtempSync(join(tmpdir(), 'kernelbook-walkthroughs-')); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the walkthroughs', () => {
  it('are the six lessons, each with a second setting here', () => {
    expect(names).toEqual(['conv2d-walkthrough', 'depthwise-vs-conv2d', 'feature-maps', 'mobilenet-cost', 'pointwise', 'separable-conv2d-parameters']);
    expect(Object.keys(SECOND_SETTING).sort()).toEqual(names);
  });

  it.each(names)('%s carries hidden cells that check its claims', (name) => {
    const checks = read(`${DIR}/${name}.notebook`).cells.filter((c) => c.type === 'module' && /\bcheck(\.equal|\.close)?\(/.test(c.source));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.hidden)).toBe(true);
  });

  it.each(names)('%s runs headless, every cell green, and its --html page is self-contained', async (name) => {
    const file = `${DIR}/${name}.notebook`;
    const notebook = read(file);
    const report = await run(file, {}, notebook);
    expect(failures(report)).toEqual([]);
    expect(report.cells.length).toBe(notebook.cells.length);
    const html = renderHtml(notebook, report);
    writeFileSync(join(out, `${name}.html`), html);
    // Nothing a page loads comes from elsewhere: no http(s) or protocol-relative src, href, url() or @import.
    expect(html.match(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]*/gi) ?? []).toEqual([]);
    expect(html.match(/url\(\s*["']?(?:https?:)?\/\/[^)]*\)/gi) ?? []).toEqual([]);
    expect(html).not.toMatch(/@import|<link\b|<iframe\b/i);
  });

  it.each(names)('%s runs green at a second setting of its controls (--set)', async (name) => {
    const report = await run(`${DIR}/${name}.notebook`, SECOND_SETTING[name]);
    expect(failures(report)).toEqual([]);
  });
});

describe('settings the text talks about', () => {
  it('separable-conv2d-parameters with strides 2 and dilation_rate 2 shows the refusal and stays green', async () => {
    const report = await run(`${DIR}/separable-conv2d-parameters.notebook`, { strides: 2, dilationRate: 2 });
    expect(failures(report)).toEqual([]);
    const refusal = report.cells.find((c) => c.id === '13')!.outputs[0]['text/html'];
    expect(refusal).toMatch(/<strong>✗<\/strong> SeparableConv2D 'separable': strides: .*dilation/);
  });

  it('mobilenet-cost at α = 0.25, 128×128 counts about α² × (128/224)² of the full body', async () => {
    const report = await run(`${DIR}/mobilenet-cost.notebook`, { alpha: 0.25, resolution: 128 });
    expect(failures(report)).toEqual([]);
    const macs = Number(/<strong>([\d.]+)M<\/strong> multiply-adds/.exec(report.cells.find((c) => c.id === '12')!.outputs[0]['text/html'])![1]);
    // Width thins both sides of a pointwise layer (α²) but one side of the first convolution (α).
    expect(macs).toBeGreaterThan(567.7 * 0.25 ** 2 * (128 / 224) ** 2 * 0.9);
    expect(macs).toBeLessThan(567.7 * 0.25 * (128 / 224) ** 2);
  });
});

describe('a lesson that drifts from the truth fails', () => {
  it('depthwise-vs-conv2d with one kernel weight changed fails the check of the seed\'s result, naming the claim', async () => {
    const file = `${DIR}/depthwise-vs-conv2d.notebook`;
    const notebook = read(file);
    const data = notebook.cells.find((c) => c.id === '2')!;
    data.source = data.source.replace('[3, 1, -2, 2, -1, -3, 4, 5]', '[3, 1, -2, 2, -1, -3, 4, 6]');
    const report = await run(file, {}, notebook);
    expect(failures(report)).toEqual([expect.stringMatching(/^cell 21: check failed: the article's TensorFlow run prints this depthwise result: expected \[\[\[\[-2, 18\], \[12, 21\]\], \[\[17, -7\], \[-13, 16\]\]\]\], got /)]);
  });

  it('conv2d-walkthrough with the article\'s bias misstated fails its check of 1 + (-1) + 0 + 1 = 1', async () => {
    const file = `${DIR}/conv2d-walkthrough.notebook`;
    const notebook = read(file);
    const data = notebook.cells.find((c) => c.id === '2')!;
    data.source = data.source.replace('const articleBias = 1;', 'const articleBias = 2;');
    const report = await run(file, {}, notebook);
    expect(failures(report)).toEqual(['cell 5: check failed: 1 + (-1) + 0 + 1 = 1 is the output\'s first value: expected 2, got 1']);
  });
});

describe('the walkthroughs in Simplified Chinese (notebooks/zh-CN)', () => {
  it('are the same six', () => {
    expect(readdirSync(ZH).filter((f) => f.endsWith('.notebook')).map((f) => f.replace(/\.notebook$/, '')).sort()).toEqual(names);
  });

  it.each(names)('%s has the same cells and identical code as the English one; only prose differs', (name) => {
    const en = read(`${DIR}/${name}.notebook`);
    const zh = read(`${ZH}/${name}.notebook`);
    const shape = (n: Notebook) => n.cells.map((c) => ({ id: c.id, type: c.type, pinned: !!c.pinned, hidden: !!c.hidden, output: c.output }));
    expect(shape(zh)).toEqual(shape(en));
    zh.cells.forEach((cell, i) => {
      if (cell.type === 'text/markdown') {
        // Interpolations are code too: the same expressions (in any order: Chinese orders a sentence differently).
        const expressions = (source: string) => (source.match(/\$\{[^}]*\}/g) ?? []).sort();
        expect(expressions(cell.source), `${name} cell ${cell.id}`).toEqual(expressions(en.cells[i].source));
        expect(cell.source, `${name} cell ${cell.id} is translated`).not.toBe(en.cells[i].source);
        expect(cell.source, `${name} cell ${cell.id} is in Chinese`).toMatch(/[\u4e00-\u9fff]/);
      } else {
        expect(cell.source, `${name} cell ${cell.id}`).toBe(en.cells[i].source);
      }
    });
    expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
    // The page a Chinese notebook exports says it is Chinese, so browsers pick Chinese fonts.
    expect(zh.attributes?.lang).toBe('zh-CN');
  });

  it.each(names)('%s writes back byte for byte and runs headless, every cell green', async (name) => {
    const file = `${ZH}/${name}.notebook`;
    const text = readFileSync(file, 'utf8');
    const notebook = parseNotebook(text);
    expect(serializeNotebook(notebook)).toBe(text);
    const report = await run(file, {}, notebook);
    expect(failures(report)).toEqual([]);
    if (name === 'conv2d-walkthrough') writeFileSync(join(out, `zh-CN-${name}.html`), renderHtml(notebook, report));
  });
});

describe.skipIf(skipWithoutChromium)('explain a value in an exported page, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await chromium.launch(LAUNCH); });
  afterAll(async () => { await browser?.close(); });

  /** Opens a page written above, clicks a pixel of its n-th explorable feature-map figure, returns the explanation's text and what the page asked for. */
  async function clickValue(page: string, figure: number, map: number, row: number, col: number): Promise<{ text: string; lines: string[]; requests: string[] }> {
    // The pages are written by the runs above; run alone (vitest -t), this test writes its own.
    if (!existsSync(join(out, page))) {
      const file = page.startsWith('zh-CN-') ? `${ZH}/${page.slice(6).replace(/\.html$/, '.notebook')}` : `${DIR}/${page.replace(/\.html$/, '.notebook')}`;
      const notebook = read(file);
      writeFileSync(join(out, page), renderHtml(notebook, await run(file, {}, notebook)));
    }
    const tab = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const requests: string[] = [];
    tab.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    try {
      await tab.goto(`file://${join(out, page)}`);
      const svg = tab.locator('svg.kb-feature-maps:has(metadata.kb-explain)').nth(figure);
      const image = svg.locator('g.kb-feature-map').nth(map).locator('image');
      await image.scrollIntoViewIfNeeded();
      const box = (await image.boundingBox())!;
      const rows = Number(await image.getAttribute('data-rows'));
      const cols = Number(await image.getAttribute('data-columns'));
      await tab.mouse.click(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
      const panel = svg.locator('svg.kb-explain-panel');
      const lines = await panel.locator('text').allTextContents();
      expect(errors).toEqual([]);
      return { text: (await panel.textContent()) ?? '', lines, requests };
    } finally {
      await tab.close();
    }
  }

  it('conv2d-walkthrough: w0 at the first window is the seed\'s 1 + (-1) + 0 + 1 = 1', async () => {
    // The output's feature maps are the page's first: map w0, row 0, col 0.
    const { lines, requests } = await clickValue('conv2d-walkthrough.html', 0, 0, 0, 0);
    expect(lines).toContain('conv2d: y[0, 0, 0, 0] = 1');
    expect(lines).toContain('channel 0: 0·1 + 0·1 + 0·(-1) + 0·(-1) + 0·0 + 1·1 + 0·(-1) + 0·(-1) + 1·0 = 1');
    expect(lines).toContain('channel 1: 0·(-1) + 0·0 + 0·(-1) + 0·0 + 1·0 + 1·(-1) + 0·1 + 0·(-1) + 2·0 = -1');
    expect(lines).toContain('channel 2: 0·0 + 0·1 + 0·0 + 0·1 + 2·0 + 0·1 + 0·0 + 0·(-1) + 0·0 = 0');
    expect(lines).toContain('1 + (-1) + 0 + 1 = 1');
    expect(lines).toContain('= y[0, 0, 0, 0], the value the op returned, exactly');
    expect(requests).toEqual([]);
  });

  it('zh-CN/conv2d-walkthrough: the same sum, explained in Chinese', async () => {
    const { lines } = await clickValue('zh-CN-conv2d-walkthrough.html', 0, 0, 0, 0);
    expect(lines).toContain('批次 0，第 0 行，第 0 列，通道 0：卷积核 0 作用于全部 3 个输入通道，再求和');
    expect(lines).toContain('通道 0：0·1 + 0·1 + 0·(-1) + 0·(-1) + 0·0 + 1·1 + 0·(-1) + 0·(-1) + 1·0 = 1');
    expect(lines).toContain('1 + (-1) + 0 + 1 = 1');
    expect(lines).toContain('= y[0, 0, 0, 0]，与运算返回的值完全相同');
  });

  it('depthwise-vs-conv2d: the seed\'s 16 is channel 1 alone, 2·1 + 4·2 + 3·(-3) + 3·5', async () => {
    const { lines } = await clickValue('depthwise-vs-conv2d.html', 0, 1, 1, 1);
    expect(lines).toContain('depthwise_conv2d: y[0, 1, 1, 1] = 16');
    expect(lines).toContain('channel 1: 2·1 + 4·2 + 3·(-3) + 3·5 = 16');
  });

  it('feature-maps: a value of the photograph\'s block 1 shows both stages and agrees with the engine', async () => {
    // Explorable figures (the photograph itself is no op's result): per channel, summed, block 1, block 2.
    const { lines } = await clickValue('feature-maps.html', 2, 3, 20, 30);
    expect(lines[0]).toMatch(/^separable_conv2d: y\[0, 20, 30, 3\] = /);
    expect(lines.filter((l) => l.startsWith('depthwise d'))).toHaveLength(6);
    expect(lines.some((l) => l.startsWith('1×1 mix of the depthwise values into channel 3: '))).toBe(true);
    expect(lines).toContain('= y[0, 20, 30, 3], the value the op returned, exactly');
  });
});
