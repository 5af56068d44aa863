// Each walkthrough opened in the workbook, served by `kernelbook serve`, in
// Chromium: the page is cross-origin isolated, the engine has two threads,
// and every cell runs to `ok`. Screenshots of each are kept as artefacts.
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, skipWithoutChromium } from '../helpers/chromium.js';
import { ROOT, screenshot, servedWorkbook, settled, statuses } from './served.js';

// Every walkthrough, the translations in their folders (zh-CN/) included.
const WALKTHROUGHS = (readdirSync(join(ROOT, 'notebooks'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.notebook')).map((f) => f.split(sep).join('/')).sort();

describe.skipIf(skipWithoutChromium)(`the walkthroughs in the workbook (${CHROMIUM})`, () => {
  const wb = servedWorkbook();

  it('there are walkthroughs to open', () => {
    expect(WALKTHROUGHS.length).toBeGreaterThanOrEqual(6);
  });

  it.each(WALKTHROUGHS)('%s opens cross-origin isolated with 2 engine threads and every cell ok', async (name) => {
    const dark = name.startsWith('separable') || name === 'zh-CN/feature-maps.notebook';
    const { page, errors, requests } = await wb.open(name, { colorScheme: dark ? 'dark' : 'light' });
    await settled(page, 170_000);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-engine')?.dataset.threads !== undefined);
    expect(await page.$eval('.kb-engine', (e) => (e as HTMLElement).dataset.threads)).toBe('2');
    expect(await page.$eval('.kb-isolation', (e) => (e as HTMLElement).dataset.isolated)).toBe('true');
    const cells = await statuses(page);
    expect(Object.keys(cells).length).toBeGreaterThan(5);
    expect(Object.entries(cells).filter(([, s]) => s !== 'ok')).toEqual([]);
    // Bundled walkthroughs are trusted: no banner, editable.
    expect(await page.$('[data-banner="trust"]')).toBeNull();
    expect(await page.$eval('.kb-app', (e) => (e as HTMLElement).dataset.trusted)).toBe('true');
    await screenshot(page, `walkthrough-${name.replace('.notebook', '').replace('/', '-')}${dark ? '-dark' : ''}`);
    expect(errors).toEqual([]);
    // Offline by construction: nothing but the server it came from (and data: URLs of its own pictures).
    const origin = new URL(wb.served.url).origin;
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(requests.some((url) => url.endsWith('/worker.js'))).toBe(true);
    await page.close();
  }, 180_000);
});
