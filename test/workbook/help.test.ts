// Help in the served page (issue 9: "the workbook's Help menu and the serve
// index offer both"): `kernelbook serve` on a folder of the user's own, which
// holds no walkthrough, still offers all of them, in English and in 教程（中文）,
// from the header's Help menu and the command palette; one opens trusted and
// runs, in its own language; the shipped file is never written.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, skipWithoutChromium } from '../helpers/chromium.js';
import { ROOT, screenshot, servedWorkbook, settled, statuses, type Folder } from './served.js';

const OWN = '<!doctype html>\n<notebook>\n  <title>Mine</title>\n  <script id="1" type="module">\n    1 + 1\n  </script>\n</notebook>\n';

describe.skipIf(skipWithoutChromium)(`Help offers the walkthroughs in both languages (${CHROMIUM})`, () => {
  // A folder of the user's own: one notebook, no walkthrough.
  const wb = servedWorkbook((): Folder => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kernelbook-help-')));
    const where = { root: join(dir, 'mine'), state: join(dir, 'state'), remove: () => rmSync(dir, { recursive: true, force: true }) };
    mkdirSync(where.root);
    mkdirSync(where.state);
    writeFileSync(join(where.root, 'mine.notebook'), OWN);
    return where;
  });

  it('the Help menu lists six walkthroughs under each language; a Chinese one opens trusted, runs every cell and explains in Chinese', async () => {
    const { page, errors } = await wb.open();
    await page.locator('button.kb-help').click();
    const menu = page.locator('.kb-help-menu');
    await menu.waitFor();
    const english = menu.locator('section:not([lang="zh-CN"]) button[data-path]');
    const chinese = menu.locator('section[lang="zh-CN"] button[data-path]');
    await expect.poll(() => chinese.count()).toBe(6);
    expect(await english.count()).toBe(6);
    expect(await menu.locator('section[lang="zh-CN"] h3').textContent()).toBe('教程（中文）');
    // Titles are the notebooks' own, read by the host.
    const shipped = readFileSync(join(ROOT, 'notebooks/zh-CN/conv2d-walkthrough.notebook'), 'utf8');
    const title = /<title>([^<]*)<\/title>/.exec(shipped)![1];
    expect(await chinese.allTextContents()).toContain(title);
    await screenshot(page, 'help-menu');

    await chinese.filter({ hasText: title }).click();
    await page.waitForFunction(() => document.querySelector('.kb-app')?.getAttribute('data-trusted') === 'true' && document.querySelectorAll('.kb-cell').length > 5);
    await settled(page);
    expect(Object.values(await statuses(page)).filter((s) => s !== 'ok')).toEqual([]);
    expect(await page.title()).toContain(title);
    // A value of the first feature map explains itself in the notebook's language.
    const image = page.locator('svg.kb-feature-maps g.kb-feature-map').first().locator('image');
    await image.scrollIntoViewIfNeeded();
    const box = (await image.boundingBox())!;
    const cols = Number(await image.getAttribute('data-columns'));
    const rows = Number(await image.getAttribute('data-rows'));
    await page.mouse.click(box.x + (0.5 * box.width) / cols, box.y + (0.5 * box.height) / rows);
    await expect.poll(() => page.locator('svg.kb-explain-panel').first().textContent()).toContain('与运算返回的值完全相同');

    // Saving the shipped lesson in place is refused, and says to Save As.
    await page.keyboard.press('Escape');
    await page.locator('.kb-cell').first().focus();
    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => page.locator('[data-banner="save-error"]').textContent()).toMatch(/shipped with the app: use Save As/);
    expect(readFileSync(join(ROOT, 'notebooks/zh-CN/conv2d-walkthrough.notebook'), 'utf8')).toBe(shipped);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the command palette offers each walkthrough too, in its own language', async () => {
    const { page, errors } = await wb.open();
    await page.keyboard.press('F1');
    await page.keyboard.insertText('教程');
    await expect.poll(() => page.locator('.kb-palette-list li').count()).toBe(6);
    await page.locator('.kb-palette input').fill('Help: depthwise');
    await expect.poll(() => page.locator('.kb-palette-list li').count()).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /depthwise/i.test(document.title));
    await settled(page);
    expect(Object.values(await statuses(page)).filter((s) => s !== 'ok')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
