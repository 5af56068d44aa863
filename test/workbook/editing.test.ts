// Editing in the workbook, in Chromium through `kernelbook serve`: a cell
// edited in CodeMirror and run with Shift+Enter changes its output and its
// dependents'; a slider changes the feature maps' pixels and the cost chart;
// an error sits at its cell with the dependents waiting for its name; cells
// are added, moved and deleted, and undo brings each step back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { depthwiseConv2d, tensor } from '../../engine/index.js';
import { CHROMIUM, skipWithoutChromium } from '../helpers/chromium.js';
import { outputText, screenshot, servedWorkbook, settled, statuses, typeSource } from './served.js';

const runCount = (page: Page, id: string) => page.$eval(`.kb-cell[data-cell-id="${id}"] .kb-count`, (e) => e.textContent);
const order = (page: Page) => page.$$eval('.kb-cell', (cells) => cells.map((c) => (c as HTMLElement).dataset.cellId));

describe.skipIf(skipWithoutChromium)(`editing in the workbook (${CHROMIUM})`, () => {
  const wb = servedWorkbook();

  it('a cell edited in CodeMirror and run with Shift+Enter shows its new output, and its dependents follow', async () => {
    const { page, errors } = await wb.openFresh('depthwise-vs-conv2d.notebook');
    await settled(page);
    expect(await runCount(page, '4')).toBe('[1]');
    // Cell 2 defines x and kernel; cells 3 (depthwise), 4 (its values) and 6 (conv2d) read them.
    const values = [1, 0, 2, 1, 0, 3, -1, 2, 4, 1, 2, 0, 3, 3, 1, -2, 0, 1];
    await typeSource(page, '2', `const x = engine.tensor([${values.join(', ')}], [1, 3, 3, 2]);\nconst kernel = engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);`);
    expect(await page.$eval('.kb-cell[data-cell-id="2"]', (e) => (e as HTMLElement).dataset.status)).toBe('stale');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    const expected = depthwiseConv2d(tensor(values, [1, 3, 3, 2]), tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), { padding: 'valid' }).toArray();
    expect(JSON.parse(await outputText(page, '4'))).toEqual(expected);
    expect(await runCount(page, '2')).toBe('[2]');
    expect(await runCount(page, '4')).toBe('[2]');
    // A cell that does not read x did not re-run.
    expect(await runCount(page, '8')).toBe('[1]');
    // The notebook's own hidden check of the article's numbers (cell 21) now fails, as it should; the rest is ok.
    const after = await statuses(page);
    expect(after['21']).toBe('error');
    expect(Object.entries(after).filter(([id, s]) => id !== '21' && s !== 'ok')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('moving a slider changes the feature maps\' pixels and the cost chart; a map answers hover and zooms on a double-click', async () => {
    const { page, errors } = await wb.openFresh('separable-conv2d-parameters.notebook');
    await settled(page);
    // The live workbook paints the grid on one canvas under the maps' <image>s: each map's pixels, read back from it.
    const maps = () => page.$eval('.kb-cell[data-cell-id="14"] svg.kb-feature-maps', (svg) => {
      const object = svg.querySelector('.kb-feature-maps-canvas')!;
      const context = object.querySelector('canvas')!.getContext('2d')!;
      return Array.from(svg.querySelectorAll('g.kb-feature-map'), (group) => {
        const [tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(group.getAttribute('transform')!)!.slice(1).map(Number);
        const image = group.querySelector('image')!;
        const at = (name: string) => Number(image.getAttribute(name));
        const pixels = context.getImageData(tx + at('x') - Number(object.getAttribute('x')), ty + at('y') - Number(object.getAttribute('y')), at('width'), at('height'));
        return { href: image.getAttribute('href'), width: pixels.width, height: pixels.height, data: Array.from(pixels.data).join(',') };
      });
    });
    const bars = () => page.$$eval('.kb-cell[data-cell-id="18"] svg.kb-cost-breakdown [data-metric="macs"] title', (titles) => titles.map((t) => t.textContent));
    const beforeMaps = await maps();
    const beforeBars = await bars();
    expect(beforeMaps.length).toBe(4);
    expect(beforeBars.length).toBeGreaterThan(0);
    // The "filters" slider, moved with the keyboard: real input events, as a drag makes.
    const slider = page.locator('.kb-cell[data-cell-id="5"] input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelectorAll('.kb-cell[data-cell-id="14"] svg.kb-feature-maps g.kb-feature-map').length === 6);
    await settled(page);
    const afterMaps = await maps();
    expect(afterMaps.length).toBe(6);
    expect(afterMaps.filter((m) => !beforeMaps.some((b) => b.data === m.data)).length).toBeGreaterThan(0);
    // Live, a map is canvas pixels (64x64 at cellSize 1), opaque and not one flat colour; no PNG is made for it.
    const first = afterMaps[0]!;
    expect([first.width, first.height, first.href]).toEqual([64, 64, null]);
    const alphas = first.data.split(',').filter((_, i) => i % 4 === 3);
    expect(alphas.every((a) => a === '255')).toBe(true);
    expect(new Set(first.data.match(/\d+,\d+,\d+,255/g)).size).toBeGreaterThan(8);
    expect(await bars()).not.toEqual(beforeBars);
    // Hovering a cost bar reads its value at once.
    const bar = page.locator('.kb-cell[data-cell-id="18"] [data-metric="macs"] rect:has(title)').first();
    await bar.hover();
    const barBox = (await bar.boundingBox())!;
    await page.mouse.move(barBox.x + barBox.width / 2, barBox.y + barBox.height / 2 + 1, { steps: 2 });
    await expect.poll(() => page.$eval('.kb-hover-tip', (e) => ((e as HTMLElement).hidden ? '' : e.textContent))).toMatch(/^(separable_conv2d|conv2d): [\d.]+[kM]?$/);

    // Hover reads a value; a click zooms the map and the readout follows the pointer there too.
    const map = page.locator('.kb-cell[data-cell-id="14"] g.kb-feature-map').first();
    // Playwright's hover scrolls the map clear of the sticky bars and checks it is what the pointer hits.
    await map.locator('image').hover({ position: { x: 20, y: 40 } });
    const box = (await map.locator('image').boundingBox())!;
    // A pointer moves through many points; the readout follows each.
    await page.mouse.move(box.x + 22, box.y + 42, { steps: 3 });
    await expect.poll(() => page.$eval('.kb-cell[data-cell-id="14"] .kb-feature-maps-readout', (e) => e.textContent)).toMatch(/^c0 \[y=\d+, x=\d+\] = -?\d/);
    await map.dblclick();
    const zoomed = page.locator('dialog.kb-zoom .kb-zoom-frame');
    await zoomed.waitFor();
    const big = (await zoomed.boundingBox())!;
    expect(big.width).toBeGreaterThan(box.width * 2);
    await page.mouse.move(big.x + big.width / 2, big.y + big.height / 2);
    await expect.poll(() => page.$eval('dialog.kb-zoom .kb-zoom-caption', (e) => e.textContent)).toMatch(/^c0 \[y=\d+, x=\d+\]/);
    await screenshot(page, 'feature-map-zoom');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog.kb-zoom') && document.querySelectorAll('.kb-cell[data-cell-id="14"] svg.kb-feature-maps').length === 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('an error sits at its cell with the message and line; cells downstream say which name they wait for', async () => {
    const { page, errors } = await wb.openFresh('depthwise-vs-conv2d.notebook');
    await settled(page);
    await typeSource(page, '2', 'const kernel = engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);\nconst x = engine.tensor([1, 2, 3], [1, 3, 3, 2]);');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    const cells = await statuses(page);
    expect(cells['2']).toBe('error');
    const error = await page.$eval('.kb-cell[data-cell-id="2"] .kb-cell-error', (e) => (e as HTMLElement).innerText);
    expect(error).toMatch(/3 values.*\[1,3,3,2\]|\[1,3,3,2\].*3/s);
    expect(error).toMatch(/line 2/);
    expect(await page.$$eval('.kb-cell[data-cell-id="2"] .cm-error-line', (lines) => lines.map((l) => l.textContent))).toEqual(['const x = engine.tensor([1, 2, 3], [1, 3, 3, 2]);']);
    // Cell 3 reads x and kernel; cell 4 reads depthwise, which cell 3 no longer has.
    for (const [id, name, why] of [['3', 'x', 'which failed'], ['6', 'x', 'which failed'], ['4', 'depthwise', 'which is waiting too']]) {
      expect(cells[id]).toBe('idle');
      expect(await page.$eval(`.kb-cell[data-cell-id="${id}"] .kb-cell-waiting`, (e) => (e as HTMLElement).innerText)).toMatch(new RegExp(`waiting for ${name} from cell \\d+, ${why}`));
      expect(await outputText(page, id)).toBe('');
    }
    // Cells that do not depend on x are untouched.
    expect(cells['8']).toBe('ok');
    await screenshot(page, 'error-and-waiting');
    // Undo in the editor, run again: everything recovers.
    await page.locator('.kb-cell[data-cell-id="2"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+z');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    expect(Object.entries(await statuses(page)).filter(([, s]) => s !== 'ok')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('cells are added, moved, duplicated and deleted, and undo (Ctrl+Z outside an editor) reverses each step', async () => {
    const { page, errors } = await wb.openFresh('conv2d-walkthrough.notebook');
    await settled(page);
    const start = await order(page);
    const [first, second] = start;
    // Add below the first cell with its toolbar's + button, type, run.
    await page.locator(`.kb-cell[data-cell-id="${first}"]`).hover();
    await page.locator(`.kb-cell[data-cell-id="${first}"] button[aria-label="Add a cell below (B)"]`).click();
    const added = (await order(page))[1];
    expect(start).not.toContain(added);
    await page.keyboard.insertText('const added = 6 * 7;\ndisplay(added);');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    expect(await outputText(page, added!)).toBe('42');
    // Move it down with Alt+ArrowDown (the cell has focus after Shift+Enter moved on; focus it again).
    await page.locator(`.kb-cell[data-cell-id="${added}"]`).focus();
    await page.keyboard.press('Alt+ArrowDown');
    expect((await order(page)).slice(0, 3)).toEqual([first, second, added]);
    // Duplicate with Shift+D, then delete the original with Delete.
    await page.locator(`.kb-cell[data-cell-id="${added}"]`).focus();
    await page.keyboard.press('Shift+D');
    const withCopy = await order(page);
    const copy = withCopy[3];
    expect(withCopy.slice(0, 4)).toEqual([first, second, added, copy]);
    await page.locator(`.kb-cell[data-cell-id="${added}"]`).focus();
    await page.keyboard.press('Delete');
    expect((await order(page)).slice(0, 3)).toEqual([first, second, copy]);
    // The copy defines `added` once the original is gone: it runs ok.
    await settled(page);
    expect(await page.$eval(`.kb-cell[data-cell-id="${copy}"]`, (e) => (e as HTMLElement).dataset.status)).toBe('ok');

    // Undo, step by step, from outside any editor.
    await page.locator('.kb-brand').click();
    await page.keyboard.press('ControlOrMeta+z'); // the delete
    expect((await order(page)).slice(0, 4)).toEqual([first, second, added, copy]);
    await page.keyboard.press('ControlOrMeta+z'); // the duplicate
    expect((await order(page)).slice(0, 3)).toEqual([first, second, added]);
    expect(await order(page)).not.toContain(copy);
    await page.keyboard.press('ControlOrMeta+z'); // the move
    expect((await order(page)).slice(0, 3)).toEqual([first, added, second]);
    await page.keyboard.press('ControlOrMeta+z'); // the add
    expect(await order(page)).toEqual(start);
    // Redo brings the cell back with what was typed into it, and it runs.
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect((await order(page)).slice(0, 2)).toEqual([first, added]);
    await settled(page);
    expect(await outputText(page, added!)).toBe('42');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Interrupt stops a cell whose engine work is in flight; the kernel goes idle and the page stays responsive', async () => {
    const { page, errors } = await wb.openFresh('conv2d-walkthrough.notebook');
    await settled(page);
    const first = (await order(page))[0]!;
    await page.locator(`.kb-cell[data-cell-id="${first}"]`).focus();
    await page.keyboard.press('b');
    const id = (await order(page))[1]!;
    // Large convolutions on the worker pool, one after another, for far longer than the test waits.
    await page.keyboard.insertText('const big = engine.tensor(new Float32Array(96 * 96 * 64), [1, 96, 96, 64]);\nconst f = engine.tensor(new Float32Array(9 * 64 * 64), [3, 3, 64, 64]);\nfor (let i = 0; i < 100000; i++) await engine.async.conv2d(big, f, {padding: "same"});');
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction((cell) => document.querySelector<HTMLElement>(`.kb-cell[data-cell-id="${cell}"]`)?.dataset.status === 'running'
      && document.querySelector<HTMLElement>('.kb-kernel-bar')?.dataset.kernelStatus === 'busy', id);
    // The page answers while the cell runs: the palette opens and closes.
    await page.keyboard.press('F1');
    await page.locator('dialog.kb-palette').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.kb-kernel-bar button', { hasText: 'Interrupt' }).click();
    await settled(page);
    expect(await page.$eval(`.kb-cell[data-cell-id="${id}"]`, (e) => (e as HTMLElement).dataset.status)).toBe('error');
    expect(await page.$eval(`.kb-cell[data-cell-id="${id}"] .kb-cell-error`, (e) => (e as HTMLElement).innerText)).toMatch(/interrupted/);
    // The engine still works afterwards.
    await page.locator(`.kb-cell[data-cell-id="${id}"] .cm-content`).click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('(await engine.async.conv2d(engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), engine.tensor([1], [1, 1, 1, 1]))).toArray()');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    expect(JSON.parse(await outputText(page, id))).toEqual([[[[1], [2]], [[3], [4]]]]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a Markdown cell shows what it renders, opens its source on a double-click, and renders again after Shift+Enter', async () => {
    const { page, errors } = await wb.openFresh('depthwise-vs-conv2d.notebook');
    await settled(page);
    const cell = page.locator('.kb-cell[data-cell-id="7"]');
    expect(await cell.locator('.kb-editor').isHidden()).toBe(true);
    expect(await cell.locator('.kb-outputs h2').innerText()).toBe('What they cost');
    await cell.locator('.kb-outputs').dblclick();
    await cell.locator('.kb-editor .cm-content').waitFor();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('## What they cost, at ${size} px');
    await page.keyboard.press('Shift+Enter');
    await settled(page);
    expect(await cell.locator('.kb-editor').isHidden()).toBe(true);
    expect(await cell.locator('.kb-outputs h2').innerText()).toBe('What they cost, at 56 px');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the editor completes the notebook\'s names, the builtins and engine\'s members', async () => {
    const { page } = await wb.openFresh('depthwise-vs-conv2d.notebook');
    await settled(page);
    await page.locator('.kb-cell[data-cell-id="4"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('depthw');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    expect(labels.some((l) => l.startsWith('depthwise'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('engine.sepa');
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete li')].some((li) => li.textContent?.startsWith('separableConv2d')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('featureM');
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete li')].some((li) => li.textContent?.startsWith('featureMaps')));
    await page.close();
  }, 60_000);

  it('the command palette lists the commands with their shortcuts and runs the one chosen', async () => {
    const { page } = await wb.openFresh('conv2d-walkthrough.notebook');
    await settled(page);
    await page.keyboard.press('ControlOrMeta+Shift+p');
    const palette = page.locator('dialog.kb-palette');
    await palette.waitFor();
    const items = await palette.locator('li').allInnerTexts();
    expect(items.some((t) => /File: Save\s+Ctrl\+S/.test(t))).toBe(true);
    expect(items.some((t) => /Kernel: Interrupt/.test(t))).toBe(true);
    await screenshot(page, 'command-palette');
    await page.keyboard.insertText('dependency panel');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-deps')?.hidden === true);
    await page.close();
  }, 60_000);
});
