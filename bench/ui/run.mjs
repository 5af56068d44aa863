// `npm run bench:ui`: how responsive the workbook is while a slider drives
// feature maps (issue 8). The served app in Debian's Chromium, through a real
// `kernelbook serve`, on bench/ui/slider-feature-maps.notebook: a depthwise
// 3x3 layer on 112x112x32 whose kernel a slider blends, its 32 output
// channels drawn by featureMaps. Each step presses ArrowRight on the focused
// slider (a trusted input event, as a drag makes) and waits for the picture.
//
// Input to paint: from the input event's timestamp to the render time the
// Element Timing API reports for the new feature maps' legend <image> (the
// browser's own "painted" time; the attribute is set in a MutationObserver,
// before the frame that paints it). The maps themselves are canvases in the
// live workbook, which Element Timing does not report; they are drawn before
// the grid is inserted, so they paint in the same frame as the legend or
// earlier. Longest task: the Long Tasks API over the measured steps.
//
// `--compare DIR` also measures another built checkout (say, the commit
// before a change, unpacked with git archive and built), each in its own page
// and server, in alternating rounds, so both see the same load on a shared
// machine. Plain ESM, no build of its own; run after `npm run build`.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.KERNELBOOK_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const STEPS = Number(args[args.indexOf('--steps') + 1]) || 100;
// --compare DIR: another built checkout (e.g. the commit before a change) measured in the same run,
// in alternating rounds of ROUND steps, so both see the same load.
const COMPARE = args.includes('--compare') ? args[args.indexOf('--compare') + 1] : null;
const ROUND = 20;
const WARMUP = 5;
const NOTEBOOK = 'slider-feature-maps.notebook';
const TARGETS = { p95: 50, longestTask: 100 };

function serve(checkout, root, state) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(checkout, 'dist/bin/kernelbook.js'), 'serve', root, '--port', '0'], {
      env: { ...process.env, KERNELBOOK_STATE_DIR: state }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out)?.[0];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`kernelbook serve exited (${code})`)));
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values) => quantile([...values].sort((a, b) => a - b), 0.5);

/** The app of `checkout` served and opened on the notebook, trusted and run, instrumented; `steps(n)` moves the slider. */
async function openWorkbook(browser, checkout, dir) {
  if (!existsSync(join(checkout, 'dist/renderer/index.html'))) throw new Error(`${checkout}: the app is not built: run \`npm run build\` first`);
  const root = join(dir, 'served');
  mkdirSync(root, { recursive: true });
  cpSync(join(ROOT, 'bench/ui', NOTEBOOK), join(root, NOTEBOOK));
  const { url, child } = await serve(checkout, root, join(dir, 'state'));
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`${url}&open=${NOTEBOOK}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  // Not a bundled walkthrough: trusted by the user's click, as anyone would.
  await page.locator('[data-banner="trust"] button', { hasText: 'Trust and run' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.kb-cell[data-status="ok"]').length === 6
    && document.querySelector('.kb-kernel-bar')?.dataset.kernelStatus === 'idle', null, { timeout: 120_000 });
  const isolated = await page.evaluate(() => crossOriginIsolated);
  const threads = await page.$eval('.kb-engine', (e) => e.dataset.threads);

  await page.evaluate(() => {
    const w = window;
    w.bench = { latencies: [], longTasks: [], cellMs: [], pending: null, steps: 0, measuring: false };
    const starts = new Map();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (w.bench.measuring) w.bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const t0 = starts.get(e.identifier);
        if (t0 === undefined) continue;
        starts.delete(e.identifier);
        w.bench.latencies.push((e.renderTime || e.loadTime) - t0);
        // The kernel's own time of the cells a step re-runs: kernel, depthwise, featureMaps.
        w.bench.cellMs.push(['4', '5', '6'].map((id) => w.kernelbook.workbook.cellState?.(id)?.lastDurationMs ?? null));
      }
    }).observe({ type: 'element' });
    document.querySelector('.kb-cell[data-cell-id="2"] input[type="range"]').addEventListener('input', (e) => { w.bench.pending = e.timeStamp; }, true);
    new MutationObserver((records) => {
      const t0 = w.bench.pending;
      if (t0 === null) return;
      // The legend's ramp: an <image> in every grid, painted with the maps (they are canvases
      // in the live workbook, which Element Timing does not report) or after them, never before.
      const image = records.flatMap((r) => [...r.addedNodes]).map((n) => n.querySelector?.('.kb-feature-maps-legend image')).find(Boolean);
      if (!image) return;
      w.bench.pending = null;
      const id = `step-${w.bench.steps++}`;
      starts.set(id, t0);
      image.setAttribute('elementtiming', id);
    }).observe(document.querySelector('.kb-cell[data-cell-id="6"] .kb-outputs'), { childList: true });
  });

  const slider = page.locator('.kb-cell[data-cell-id="2"] input[type="range"]');
  let position = 0; // 0 → 100 in steps of 0.01, turning back at the ends so every press moves the slider
  let direction = 1;
  let done = 0;
  return {
    isolated,
    threads: Number(threads),
    async steps(n, measuring) {
      await page.bringToFront();
      await slider.focus();
      await page.evaluate((m) => { window.bench.measuring = m; }, measuring);
      for (let i = 0; i < n; i++) {
        if ((position === 100 && direction > 0) || (position === 0 && direction < 0)) direction = -direction;
        position += direction;
        await page.keyboard.press(direction > 0 ? 'ArrowRight' : 'ArrowLeft');
        done += 1;
        await page.waitForFunction((count) => window.bench.latencies.length >= count, done, { timeout: 60_000 });
      }
      await page.evaluate(() => { window.bench.measuring = false; });
    },
    async results(warmup) {
      const { latencies, longTasks, cellMs } = await page.evaluate(() => window.bench);
      return { latencies: latencies.slice(warmup), longTasks, cellMs: cellMs.slice(warmup) };
    },
    close: () => child.kill(),
  };
}

function summarise({ latencies, longTasks, cellMs }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const cells = [0, 1, 2].map((k) => median(cellMs.map((c) => c[k]).filter((v) => v !== null)));
  return {
    steps: latencies.length,
    inputToPaintMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] },
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    longTasks: longTasks.length,
    cellsMedianMs: { kernel: cells[0], depthwise: cells[1], featureMaps: cells[2] },
  };
}

const f = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
const mark = (ok) => (ok ? '✓' : '✗');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kernelbook-bench-ui-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const workbooks = [];
  try {
    const checkouts = COMPARE ? [[resolve(COMPARE), 'compared'], [ROOT, 'this checkout']] : [[ROOT, 'this checkout']];
    for (const [checkout, label] of checkouts) workbooks.push({ label, checkout, workbook: await openWorkbook(browser, checkout, join(dir, String(workbooks.length))) });
    const loads = [loadavg()[0]];
    for (const { workbook } of workbooks) await workbook.steps(WARMUP, false);
    for (let done = 0; done < STEPS; done += ROUND) {
      // Alternate which goes first, so neither always follows the other's garbage.
      const order = (done / ROUND) % 2 ? [...workbooks].reverse() : workbooks;
      for (const { workbook } of order) await workbook.steps(Math.min(ROUND, STEPS - done), true);
      loads.push(loadavg()[0]);
    }
    const results = [];
    for (const { label, checkout, workbook } of workbooks) {
      results.push({ label, checkout, ...summarise(await workbook.results(WARMUP)), crossOriginIsolated: workbook.isolated, engineThreads: workbook.threads });
    }
    const meta = {
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      loadAverageDuring: { min: Math.min(...loads), max: Math.max(...loads) },
      machine: `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores`,
      date: new Date().toISOString(),
    };
    const result = COMPARE ? { ...meta, rounds: ROUND, results } : { ...results[0], ...meta };
    mkdirSync(join(ROOT, 'bench/.out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/.out/ui.json'), `${JSON.stringify(result, null, 2)}\n`);
    const lines = [
      `UI: slider → feature maps (depthwise 3x3 on 112x112x32, 32 maps), ${STEPS} steps after ${WARMUP} warm-up${COMPARE ? `, alternating rounds of ${ROUND}` : ''}`,
      `crossOriginIsolated ${results.map((r) => r.crossOriginIsolated).join('/')}, ${results.map((r) => r.engineThreads).join('/')} engine threads; load average ${meta.loadAverage.join(' ')} (1-minute ${meta.loadAverageDuring.min.toFixed(2)}–${meta.loadAverageDuring.max.toFixed(2)} during) on ${meta.machine}`,
      '',
    ];
    for (const r of results) {
      if (COMPARE) lines.push(`${r.label}: ${r.checkout}`);
      lines.push(
        '| measure | value | target |',
        '| :-- | --: | :-- |',
        `| input → paint p50 | ${f(r.inputToPaintMs.p50)} ms | |`,
        `| input → paint p95 | ${f(r.inputToPaintMs.p95)} ms | < ${TARGETS.p95} ms ${mark(r.inputToPaintMs.p95 < TARGETS.p95)} |`,
        `| input → paint max | ${f(r.inputToPaintMs.max)} ms | |`,
        `| longest main-thread task | ${f(r.longestTaskMs)} ms (${r.longTasks} tasks > 50 ms) | < ${TARGETS.longestTask} ms ${mark(r.longestTaskMs < TARGETS.longestTask)} |`,
        `| cells' own time, median: kernel / depthwise / featureMaps | ${f(r.cellsMedianMs.kernel)} / ${f(r.cellsMedianMs.depthwise)} / ${f(r.cellsMedianMs.featureMaps)} ms | |`,
        '',
      );
    }
    process.stdout.write(lines.join('\n'));
  } finally {
    await browser.close();
    for (const { workbook } of workbooks) workbook.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => { process.stderr.write(`bench:ui: ${error.stack ?? error}\n`); process.exitCode = 1; });
