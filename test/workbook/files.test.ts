// Files in the workbook, in Chromium through a real `kernelbook serve`: what
// is saved is what the page shows, byte for byte; work survives the server
// being killed mid-edit; a notebook from elsewhere runs nothing until the
// user trusts it; a change on disk is offered for reload; .ipynb round-trips.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook, ipynbToNotebook } from '../../kernel/format/index.js';
import { CHROMIUM, skipWithoutChromium } from '../helpers/chromium.js';
import { outputText, ROOT, screenshot, servedWorkbook, settled, statuses, typeSource } from './served.js';

/** The notebook as the page holds it (the automation handle), cells' sources as typed. */
const pageNotebook = (page: Page) => page.evaluate(() => (window as unknown as { kernelbook: { workbook: { doc: { toNotebook(): unknown } } } }).kernelbook.workbook.doc.toNotebook());
/** The lines CodeMirror shows for a cell. */
const shownSource = (page: Page, id: string) => page.$$eval(`.kb-cell[data-cell-id="${id}"] .cm-line`, (lines) => lines.map((l) => l.textContent).join('\n'));
const dirty = (page: Page) => page.$eval('.kb-app', (e) => (e as HTMLElement).dataset.dirty);

describe.skipIf(skipWithoutChromium)(`files in the workbook (${CHROMIUM})`, () => {
  const wb = servedWorkbook();

  it('Ctrl+S saves exactly what the page shows; after a reload the page shows the file again', async () => {
    const path = join(wb.where.root, 'conv2d-walkthrough.notebook');
    const { page, errors } = await wb.open('conv2d-walkthrough.notebook');
    await settled(page);
    const id = await page.$eval('.kb-cell.kb-code', (e) => (e as HTMLElement).dataset.cellId!);
    const source = `// saved from the workbook\n${await shownSource(page, id)}`;
    await typeSource(page, id, source);
    expect(await dirty(page)).toBe('true');
    await page.keyboard.press('ControlOrMeta+s');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.dirty === 'false');
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).toBe(serializeNotebook(await pageNotebook(page) as never));
    expect(parseNotebook(onDisk).cells.find((c) => c.id === id)!.source).toBe(source);

    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await settled(page);
    expect(serializeNotebook(await pageNotebook(page) as never)).toBe(onDisk);
    expect(await shownSource(page, id)).toBe(source);
    // Saved from a running notebook, the edited walkthrough is trusted and runs.
    expect(Object.values(await statuses(page)).every((s) => s === 'ok')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('work typed before the server is killed (SIGKILL) comes back from the recovery copy when it restarts', async () => {
    const { page } = await wb.open('depthwise-vs-conv2d.notebook');
    await settled(page);
    const mine = 'const x = engine.tensor([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], [1, 3, 3, 2]);\nconst kernel = engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);';
    await typeSource(page, '2', mine);
    // The automation hook says when the recovery copy reached the host (a few seconds after typing stops).
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.recovery === 'saved', null, { timeout: 30_000 });
    await wb.served.stop('SIGKILL');
    // The page keeps the work, and says the host is gone when it tries to keep more.
    await typeSource(page, '2', `${mine}\n// after the crash`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.recovery === 'failed', null, { timeout: 30_000 });
    expect(await page.$eval('[data-banner="autosave"]', (e) => (e as HTMLElement).innerText)).toMatch(/could not be kept safe/);
    await page.close();

    await wb.restart();
    const again = await wb.open('depthwise-vs-conv2d.notebook', { ready: false });
    const dialog = again.page.locator('dialog.kb-dialog', { hasText: 'Recover unsaved work?' });
    await dialog.waitFor();
    await screenshot(again.page, 'recover-unsaved-work');
    await dialog.locator('button[data-choice="recover"]').click();
    await settled(again.page);
    expect(await shownSource(again.page, '2')).toBe(mine);
    expect(await dirty(again.page)).toBe('true');
    // The file itself was never written; saving the recovered work writes it and drops the recovery copy.
    const path = join(wb.where.root, 'depthwise-vs-conv2d.notebook');
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(ROOT, 'notebooks/depthwise-vs-conv2d.notebook'), 'utf8'));
    await again.page.locator('.kb-brand').click();
    await again.page.keyboard.press('ControlOrMeta+s');
    await again.page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.dirty === 'false');
    expect(parseNotebook(readFileSync(path, 'utf8')).cells.find((c) => c.id === '2')!.source).toBe(mine);
    expect(again.errors).toEqual([]);
    await again.page.close();
  }, 120_000);

  it('a notebook from elsewhere opens read-only and runs nothing until the user trusts it', async () => {
    writeFileSync(join(wb.where.root, 'downloaded.notebook'), serializeNotebook({
      title: 'From the internet',
      cells: [
        { id: '1', type: 'module', source: 'globalThis.sideEffect = "ran";\nconst n = 6;', pinned: true },
        { id: '2', type: 'module', source: 'n * 7', pinned: true },
        { id: '3', type: 'text/markdown', source: '# Heading ${n}' },
      ],
    }));
    const { page, errors } = await wb.open('downloaded.notebook');
    expect(await page.$eval('[data-banner="trust"]', (e) => (e as HTMLElement).innerText)).toMatch(/Not run/);
    expect(await statuses(page)).toEqual({ 1: 'idle', 2: 'idle', 3: 'idle' });
    expect(await page.evaluate(() => (globalThis as { sideEffect?: string }).sideEffect)).toBeUndefined();
    expect(await page.$eval('.kb-kernel-bar', (e) => (e as HTMLElement).dataset.kernelStatus)).toBe('idle');
    expect(await page.$eval('.kb-kernel-status', (e) => e.textContent)).toBe('stopped');
    // Its source is shown, every cell's, and typing changes nothing.
    expect(await shownSource(page, '3')).toBe('# Heading ${n}');
    await page.locator('.kb-cell[data-cell-id="2"] .cm-content').click();
    await page.keyboard.insertText('oops');
    expect(await shownSource(page, '2')).toBe('n * 7');
    // Running from the keyboard or the bar does nothing either.
    await page.keyboard.press('Shift+Enter');
    expect(await page.$('.kb-kernel-bar button:has-text("Run all")').then((b) => b!.isDisabled())).toBe(true);
    expect(await page.evaluate(() => (globalThis as { sideEffect?: string }).sideEffect)).toBeUndefined();
    await screenshot(page, 'untrusted-notebook');

    await page.locator('[data-banner="trust"] button', { hasText: 'Trust and run' }).click();
    // Trust is recorded with the host first; then the kernel starts.
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.trusted === 'true');
    await settled(page);
    expect(await statuses(page)).toEqual({ 1: 'ok', 2: 'ok', 3: 'ok' });
    expect(await page.evaluate(() => (globalThis as { sideEffect?: string }).sideEffect)).toBe('ran');
    expect(await outputText(page, '2')).toBe('42');
    await page.close();

    // Remembered for this content: opening it again runs it at once.
    const again = await wb.open('downloaded.notebook');
    await settled(again.page);
    expect(await again.page.$('[data-banner="trust"]')).toBeNull();
    expect(await statuses(again.page)).toEqual({ 1: 'ok', 2: 'ok', 3: 'ok' });
    await again.page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a file changed on disk by another program is offered for reload', async () => {
    const path = join(wb.where.root, 'mobilenet-cost.notebook');
    const { page } = await wb.open('mobilenet-cost.notebook');
    await settled(page);
    const text = readFileSync(path, 'utf8');
    const notebook = parseNotebook(text);
    notebook.cells.push({ id: '9001', type: 'module', source: '"changed elsewhere"', pinned: true });
    // Another program writes it (an edited walkthrough is no longer bundled, so the trust dance follows on reload).
    writeFileSync(path, serializeNotebook(notebook));
    const banner = page.locator('[data-banner="disk"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/changed on disk/);
    await banner.locator('button', { hasText: 'Reload' }).click();
    await page.locator('.kb-cell[data-cell-id="9001"]').waitFor();
    expect(await shownSource(page, '9001')).toBe('"changed elsewhere"');
    await page.close();
  }, 120_000);

  it('New, Save As (with the folder picker) and Open: a new notebook becomes a file, and opens again', async () => {
    const { page, errors } = await wb.open('conv2d-walkthrough.notebook');
    await settled(page);
    await page.locator('.kb-file-menu button', { hasText: 'New' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.kb-cell').length === 1);
    await typeSource(page, '1', 'const answer = 6 * 7;\ndisplay(answer);');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    expect(await outputText(page, '1')).toBe('42');
    // An untitled notebook's Ctrl+S asks where: the page's own picker over the served folder.
    await page.keyboard.press('ControlOrMeta+s');
    const picker = page.locator('dialog.kb-picker');
    // The list comes from the host.
    await picker.locator('.kb-files button', { hasText: 'conv2d-walkthrough.notebook' }).waitFor();
    await picker.locator('input[aria-label="file name"]').fill('answer');
    await picker.locator('button', { hasText: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.dirty === 'false');
    expect(await page.$eval('.kb-file-name', (e) => e.textContent)).toBe('answer.notebook');
    expect(parseNotebook(readFileSync(join(wb.where.root, 'answer.notebook'), 'utf8')).cells.map((c) => c.source)).toEqual(['const answer = 6 * 7;\ndisplay(answer);']);
    // Save As onto an existing name asks before replacing it.
    await page.keyboard.press('ControlOrMeta+Shift+s');
    await picker.locator('button', { hasText: 'conv2d-walkthrough.notebook' }).click();
    await picker.locator('button', { hasText: 'Save' }).click();
    const replace = page.locator('dialog.kb-dialog', { hasText: 'Replace the file?' });
    await replace.waitFor();
    await replace.locator('button[data-choice="cancel"]').click();
    expect(readFileSync(join(wb.where.root, 'conv2d-walkthrough.notebook'), 'utf8')).not.toContain('answer');
    // Open it again from the picker: it was saved from a running notebook, so it is trusted and runs.
    await page.keyboard.press('ControlOrMeta+o');
    await picker.locator('button', { hasText: 'answer.notebook' }).click();
    await page.waitForFunction(() => document.querySelector('.kb-file-name')?.textContent === 'answer.notebook');
    await settled(page);
    expect(await outputText(page, '1')).toBe('42');
    expect(await page.$('[data-banner="trust"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('leaving the page with unsaved work asks first, and staying keeps the work', async () => {
    const { page } = await wb.openFresh('conv2d-walkthrough.notebook');
    await settled(page);
    const id = await page.$eval('.kb-cell.kb-code', (e) => (e as HTMLElement).dataset.cellId!);
    await typeSource(page, id, '1 + 1');
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); void dialog.dismiss(); }));
    // Navigating away (as closing the tab does) runs beforeunload; dismissing the prompt stays.
    await page.goto('about:blank').catch(() => {});
    expect(await asked).toBe('beforeunload');
    expect(await page.$eval('.kb-app', (e) => (e as HTMLElement).dataset.dirty)).toBe('true');
    expect(await page.$eval(`.kb-cell[data-cell-id="${id}"] .cm-line`, (e) => e.textContent)).toBe('1 + 1');
    await page.close();
  }, 60_000);

  it('Export HTML writes one self-contained page with every cell\'s source and what it shows', async () => {
    const { page, errors } = await wb.open('depthwise-vs-conv2d.notebook');
    await settled(page);
    await page.keyboard.press('F1');
    await page.keyboard.insertText('export html');
    await page.keyboard.press('Enter');
    const picker = page.locator('dialog.kb-picker');
    await picker.locator('input[aria-label="file name"]').fill('exported.html');
    await picker.locator('button', { hasText: 'Save' }).click();
    await page.locator('[data-banner="exported"]').waitFor();
    const html = readFileSync(join(wb.where.root, 'exported.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // Sources, a Tensor as TensorFlow prints it, a rendered formula, feature maps and a cost chart.
    expect(html).toContain('engine.depthwiseConv2d(x, kernel, {strides: 1, padding: &quot;valid&quot;})');
    expect(html).toContain('Tensor shape=[1,2,2,2] dtype=float32');
    expect(html).toContain('class="katex');
    expect(html).toMatch(/<svg[^>]*class="kb-feature-maps"/);
    expect(html).toMatch(/<svg[^>]*class="kb-cost-breakdown"/);
    // Nothing to fetch: fonts inlined, no links out.
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).not.toMatch(/(src|href)="(?!data:|#)[^"]+"/);
    expect(html).toContain('src:url(data:font/woff2;base64,');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('an .ipynb opens through the converter and saves back as Jupyter JSON', async () => {
    const path = join(wb.where.root, 'from-jupyter.ipynb');
    writeFileSync(path, readFileSync(join(ROOT, 'test/fixtures/notebooks/jupyter-javascript.ipynb'), 'utf8'));
    const { page, errors } = await wb.open('from-jupyter.ipynb');
    await page.locator('[data-banner="trust"] button', { hasText: 'Trust and run' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.trusted === 'true');
    await settled(page);
    await page.locator('.kb-brand').click();
    await page.keyboard.press('ControlOrMeta+s');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-app')?.dataset.dirty === 'false');
    const saved = readFileSync(path, 'utf8');
    expect(JSON.parse(saved).nbformat).toBe(4);
    expect(ipynbToNotebook(saved).notebook.cells).toEqual((await pageNotebook(page) as { cells: unknown[] }).cells);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
