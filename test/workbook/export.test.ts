// Export HTML from the workbook, opened the way a reader opens a file they
// were sent: from disk (file://), with no server. The live workbook paints its
// maps on a canvas; the page must carry them as PNGs, carry the explanation
// script `kernelbook run --html` writes, and explain a value offline — in
// the notebook's own language (<notebook lang="zh-CN">), which reaches the
// kernel in the workbook too.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, skipWithoutChromium } from '../helpers/chromium.js';
import { servedWorkbook, settled, statuses } from './served.js';

/** Clicks tensor pixel (row, col) of the n-th map of the first explorable grid; returns the explanation's lines. */
async function explainAt(page: Page, map: number, row: number, col: number): Promise<string[]> {
  const svg = page.locator('svg.kb-feature-maps').first();
  const image = svg.locator('g.kb-feature-map').nth(map).locator('image');
  await image.scrollIntoViewIfNeeded();
  const box = (await image.boundingBox())!;
  const rows = Number(await image.getAttribute('data-rows'));
  const cols = Number(await image.getAttribute('data-columns'));
  await page.mouse.click(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
  const panel = svg.locator('svg.kb-explain-panel');
  await panel.waitFor();
  return panel.locator('text').allTextContents();
}

describe.skipIf(skipWithoutChromium)(`Export HTML explains values offline (${CHROMIUM})`, () => {
  const wb = servedWorkbook();
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'kernelbook-export-'));
  });

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('zh-CN/conv2d-walkthrough: the workbook explains in Chinese, and its exported page, opened from disk with the server stopped, gives the seed\'s sum', async () => {
    const { page, errors } = await wb.openFresh('zh-CN/conv2d-walkthrough.notebook');
    await settled(page);
    expect(Object.values(await statuses(page)).filter((s) => s !== 'ok')).toEqual([]);
    // Live: the notebook's language reached the kernel, so the explanation is in Chinese.
    const live = await explainAt(page, 0, 0, 0);
    expect(live).toContain('1 + (-1) + 0 + 1 = 1');
    expect(live).toContain('= y[0, 0, 0, 0]，与运算返回的值完全相同');

    await page.keyboard.press('F1');
    await page.keyboard.insertText('export html');
    await page.keyboard.press('Enter');
    const picker = page.locator('dialog.kb-picker');
    await picker.locator('input[aria-label="file name"]').fill('exported-zh.html');
    await picker.locator('button', { hasText: 'Save' }).click();
    await page.locator('[data-banner="exported"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
    await wb.served.stop();

    const written = [join(wb.where.root, 'zh-CN/exported-zh.html'), join(wb.where.root, 'exported-zh.html')].find(existsSync)!;
    const file = join(out, 'exported-zh.html');
    copyFileSync(written, file);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<metadata class="kb-explain"');
    expect(html).toContain('<script>\n');
    // The live canvases became the PNGs a headless run writes.
    expect(html).not.toMatch(/<canvas|<foreignObject/i);
    expect(html).toMatch(/<image [^>]*href="data:image\/png;base64,/);

    const tab = await wb.browser.newPage({ viewport: { width: 1100, height: 800 } });
    const requests: string[] = [];
    const pageErrors: string[] = [];
    tab.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
    tab.on('pageerror', (e) => pageErrors.push(e.message));
    await tab.goto(`file://${file}`);
    const lines = await explainAt(tab, 0, 0, 0);
    expect(lines).toContain('通道 0：0·1 + 0·1 + 0·(-1) + 0·(-1) + 0·0 + 1·1 + 0·(-1) + 0·(-1) + 1·0 = 1');
    expect(lines).toContain('1 + (-1) + 0 + 1 = 1');
    expect(lines).toContain('= y[0, 0, 0, 0]，与运算返回的值完全相同');
    expect(requests).toEqual([]);
    expect(pageErrors).toEqual([]);
    await tab.close();
  }, 180_000);
});
