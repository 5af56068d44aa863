// A Jupyter front end for real: Debian's Jupyter Notebook server with the
// kernel installed, its page in headless Chromium. A redefinition must
// change the outputs the page already shows, in place, as the front end
// itself routes update_display_data by display id.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCH, skipWithoutChromium } from '../helpers/chromium.js';
import { JupyterHome, PYTHON, skipWithoutJupyter } from '../helpers/jupyter.js';

const hasNotebook = spawnSync(PYTHON, ['-c', 'import notebook'], { stdio: 'ignore' }).status === 0;
const required = !!process.env.KERNELBOOK_REQUIRE_JUPYTER;
const TOKEN = 'kernelbook-test';

const CELLS = [
  'const k = 3;',
  'k * 2',
  'Plot.plot({marks: [Plot.barY([k, 1, 2])]})',
  'engine.tensor([k, -1], [2])',
];

describe.skipIf(skipWithoutJupyter || skipWithoutChromium || (!hasNotebook && !required))('Jupyter Notebook in Chromium on the installed kernel', () => {
  let home: JupyterHome;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  /** The text of each cell's output area, in notebook order. */
  const outputs = () => page.evaluate(() => [...document.querySelectorAll('.cell')].map((c) => (c.querySelector('.output') as HTMLElement | null)?.innerText.trim() ?? ''));
  const waitForOutputs = (test: string) => page.waitForFunction(test, null, { timeout: 45_000 });

  beforeAll(async () => {
    home = new JupyterHome();
    home.installKernel();
    const notebooks = join(home.dir, 'notebooks');
    mkdirSync(notebooks);
    const cells = CELLS.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source }));
    writeFileSync(join(notebooks, 'reactive.ipynb'), JSON.stringify({ cells, metadata: { kernelspec: { name: 'kernelbook', display_name: 'Kernelbook (JavaScript)', language: 'javascript' } }, nbformat: 4, nbformat_minor: 5 }));
    server = spawn(PYTHON, ['-m', 'notebook', '--no-browser', '--allow-root', '--ip=127.0.0.1', '--port=18000', '--port-retries=200',
      `--NotebookApp.token=${TOKEN}`, `--notebook-dir=${notebooks}`], { env: home.env });
    let log = '';
    const port = await new Promise<string>((resolve, reject) => {
      server.stderr!.on('data', (chunk) => {
        log += chunk;
        const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
        if (match) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`the notebook server exited (${code}):\n${log}`)));
    });
    browser = await chromium.launch(LAUNCH);
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/reactive.ipynb?token=${TOKEN}`);
    await page.waitForFunction(() => {
      const notebook = (window as any).Jupyter?.notebook;
      return notebook?.kernel?.is_connected?.() && notebook.kernel.info_reply?.implementation === 'kernelbook' && !notebook.kernel_busy;
    }, null, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    home?.remove();
  });

  it('runs the notebook: a value, a Plot chart as SVG, a tensor as a grid', async () => {
    await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
    await waitForOutputs(`document.querySelectorAll('.cell .output_area').length >= 3 && document.querySelectorAll('.cell')[3].querySelector('table')`);
    const texts = await outputs();
    expect(texts[1]).toBe('6');
    expect(await page.locator('.cell').nth(2).locator('.output svg rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.cell').nth(3).locator('.output td').allInnerTexts()).toEqual(['3', '-1']);
  });

  it('a redefinition in a new cell updates the earlier cells\' outputs in place, and the new cell says what re-ran', async () => {
    const ticks = () => page.locator('.cell').nth(2).locator('.output svg g[aria-label="y-axis tick label"] text').allTextContents();
    expect((await ticks()).at(-1)).toBe('3.0');
    await page.evaluate(() => {
      const cell = (window as any).Jupyter.notebook.insert_cell_at_bottom('code');
      cell.set_text('const k = 5;');
      cell.execute();
    });
    await waitForOutputs(`document.querySelectorAll('.cell')[1].querySelector('.output')?.innerText.trim() === '10'`);
    await waitForOutputs(`[...document.querySelectorAll('.cell')[3].querySelectorAll('.output td')].map((td) => td.innerText).join() === '5,-1'`);
    const texts = await outputs();
    expect(texts[4]).toBe('k redefined (was In [1]); re-ran In [2], In [3], In [4]');
    // Still one output per cell: updated where it was, not appended.
    expect(await page.locator('.cell').nth(1).locator('.output_area').count()).toBe(1);
    // The chart was drawn again for k = 5: its y axis now reaches 5.
    expect((await ticks()).at(-1)).toBe('5.0');
  });
});
