// `npm run bench:ui`: how responsive the workbook is while a slider drives
// feature maps (issue 8). The served app in Debian's Chromium, through a real
// `kernelbook serve`, on bench/ui/slider-feature-maps.notebook: a depthwise
// 3x3 layer on 112x112x32 whose kernel a slider blends, its 32 output
// channels drawn by featureMaps. Each step presses ArrowRight on the focused
// slider (a trusted input event, as a drag makes) and waits for the picture.
//
// Input to paint: from the input event's timestamp to the render time the
// Element Timing API reports for the new feature maps' first <image> (the
// browser's own "painted" time; the attribute is set in a MutationObserver,
// before the frame that paints it). Longest task: the Long Tasks API over the
// measured steps. Plain ESM, no build of its own; run after `npm run build`.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.KERNELBOOK_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const STEPS = Number(args[args.indexOf('--steps') + 1]) || 100;
const WARMUP = 5;
const NOTEBOOK = 'slider-feature-maps.notebook';
const TARGETS = { p95: 50, longestTask: 100 };

function serve(root, state) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/bin/kernelbook.js'), 'serve', root, '--port', '0'], {
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

async function main() {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) throw new Error('the app is not built: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'kernelbook-bench-ui-'));
  const root = join(dir, 'served');
  mkdirSync(root);
  cpSync(join(ROOT, 'bench/ui', NOTEBOOK), join(root, NOTEBOOK));
  const { url, child } = await serve(root, join(dir, 'state'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
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
        const image = records.flatMap((r) => [...r.addedNodes]).map((n) => n.querySelector?.('image')).find(Boolean);
        if (!image) return;
        w.bench.pending = null;
        const id = `step-${w.bench.steps++}`;
        starts.set(id, t0);
        image.setAttribute('elementtiming', id);
      }).observe(document.querySelector('.kb-cell[data-cell-id="6"] .kb-outputs'), { childList: true });
    });

    await page.locator('.kb-cell[data-cell-id="2"] input[type="range"]').focus();
    for (let i = 0; i < WARMUP + STEPS; i++) {
      if (i === WARMUP) await page.evaluate(() => { window.bench.latencies.length = 0; window.bench.cellMs.length = 0; window.bench.measuring = true; });
      // 0 → 1 in steps of 0.01: turn back at the end so every press moves the slider.
      await page.keyboard.press(i < 99 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((n) => window.bench.latencies.length >= n, i < WARMUP ? i + 1 : i - WARMUP + 1, { timeout: 60_000 });
    }
    const { latencies, longTasks, cellMs } = await page.evaluate(() => window.bench);
    const sorted = [...latencies].sort((a, b) => a - b);
    const cells = [0, 1, 2].map((k) => median(cellMs.map((c) => c[k]).filter((v) => v !== null)));
    const result = {
      steps: latencies.length,
      inputToPaintMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] },
      longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      longTasks: longTasks.length,
      cellsMedianMs: { kernel: cells[0], depthwise: cells[1], featureMaps: cells[2] },
      crossOriginIsolated: isolated,
      engineThreads: Number(threads),
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      machine: `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores`,
      date: new Date().toISOString(),
    };
    mkdirSync(join(ROOT, 'bench/.out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/.out/ui.json'), `${JSON.stringify(result, null, 2)}\n`);
    const f = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
    const mark = (ok) => (ok ? '✓' : '✗');
    process.stdout.write([
      `UI: slider → feature maps (depthwise 3x3 on 112x112x32, 32 maps), ${result.steps} steps after ${WARMUP} warm-up`,
      `crossOriginIsolated ${isolated}, ${threads} engine threads; load average ${result.loadAverage.join(' ')} on ${result.machine}`,
      '',
      '| measure | value | target |',
      '| :-- | --: | :-- |',
      `| input → paint p50 | ${f(result.inputToPaintMs.p50)} ms | |`,
      `| input → paint p95 | ${f(result.inputToPaintMs.p95)} ms | < ${TARGETS.p95} ms ${mark(result.inputToPaintMs.p95 < TARGETS.p95)} |`,
      `| input → paint max | ${f(result.inputToPaintMs.max)} ms | |`,
      `| longest main-thread task | ${f(result.longestTaskMs)} ms (${result.longTasks} tasks > 50 ms) | < ${TARGETS.longestTask} ms ${mark(result.longestTaskMs < TARGETS.longestTask)} |`,
      `| cells' own time, median: kernel / depthwise / featureMaps | ${f(cells[0])} / ${f(cells[1])} / ${f(cells[2])} ms | |`,
      '',
    ].join('\n'));
  } finally {
    await browser.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => { process.stderr.write(`bench:ui: ${error.stack ?? error}\n`); process.exitCode = 1; });
