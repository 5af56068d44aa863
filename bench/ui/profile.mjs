// `node bench/ui/profile.mjs [--steps N]`: where a slider step's main-thread
// time goes. The same served app and notebook as run.mjs, with Chromium's CPU
// profiler (CDP Profiler) on while the slider moves; prints the functions with
// the most self and inclusive time per step and writes the .cpuprofile to
// bench/.out/ (open it in Chromium's DevTools, Performance panel). With
// TRACE=1 it records a trace instead and prints the main thread's events
// (style, layout, paint, canvas, GC: what a JS profile calls "(program)").
// Build with KERNELBOOK_RENDERER_MINIFY=0 for readable names.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.KERNELBOOK_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const STEPS = Number(args[args.indexOf('--steps') + 1]) || 30;
// --checkout DIR: profile another built checkout's app (the notebook stays this one's).
const CHECKOUT = args.includes('--checkout') ? args[args.indexOf('--checkout') + 1] : ROOT;
const NOTEBOOK = 'slider-feature-maps.notebook';

function serve(root, state) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(CHECKOUT, 'dist/bin/kernelbook.js'), 'serve', root, '--port', '0'], {
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

const dir = mkdtempSync(join(tmpdir(), 'kernelbook-profile-ui-'));
const root = join(dir, 'served');
mkdirSync(root);
cpSync(join(ROOT, 'bench/ui', NOTEBOOK), join(root, NOTEBOOK));
const { url, child } = await serve(root, join(dir, 'state'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`${url}&open=${NOTEBOOK}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.locator('[data-banner="trust"] button', { hasText: 'Trust and run' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.kb-cell[data-status="ok"]').length === 6
    && document.querySelector('.kb-kernel-bar')?.dataset.kernelStatus === 'idle', null, { timeout: 120_000 });
  const slider = page.locator('.kb-cell[data-cell-id="2"] input[type="range"]');
  await slider.focus();
  const step = async (key) => {
    const before = await page.$eval('.kb-cell[data-cell-id="6"] .kb-outputs', (e) => e.textContent);
    await page.keyboard.press(key);
    await page.waitForFunction((b) => document.querySelector('.kb-cell[data-cell-id="6"] .kb-outputs').textContent !== b
      && document.querySelector('.kb-kernel-bar')?.dataset.kernelStatus === 'idle', before);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  };
  for (let i = 0; i < 3; i++) await step('ArrowRight');
  if (process.env.TRACE) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] });
    for (let i = 0; i < STEPS; i++) await step('ArrowRight');
    const buffer = await browser.stopTracing();
    const events = JSON.parse(buffer.toString()).traceEvents;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'));
    const totals = new Map();
    const mine = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid).sort((a, b) => a.ts - b.ts);
    // CPU time (tdur) per event name, inclusive of what runs inside it.
    for (const e of mine) totals.set(e.name, (totals.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    // The main thread's CPU time (tdur, not wall time) in its outermost tasks: what a step costs
    // without the other processes on the machine, which only stretch the wall time.
    let cpu = 0;
    let wall = 0;
    let end = -Infinity;
    for (const e of mine) {
      if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
      if (e.ts < end) continue;
      end = e.ts + (e.dur ?? 0);
      cpu += (e.tdur ?? 0) / 1000;
      wall += (e.dur ?? 0) / 1000;
    }
    process.stdout.write(`${CHECKOUT}: main-thread tasks per step: ${(cpu / STEPS).toFixed(1)} ms of CPU, ${(wall / STEPS).toFixed(1)} ms of wall time\n`);
    process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; per step, inclusive CPU ms on the main thread:\n`);
    for (const [k, v] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stdout.write(`${(v / STEPS).toFixed(2).padStart(8)} ms  ${k}\n`);
  } else {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < STEPS; i++) await step('ArrowRight');
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(join(ROOT, 'bench/.out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/.out/ui.cpuprofile'), JSON.stringify(profile));
    // Self time per function (sampled), per step.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
    });
    const total = [...self.entries()].filter(([k]) => !/^\((idle|program)\)/.test(k)).reduce((s, [, v]) => s + v, 0);
    process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${STEPS} steps; busy ${(total / STEPS).toFixed(1)} ms a step (sampled self time)\n`);
    for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      process.stdout.write(`${(v / STEPS).toFixed(2).padStart(8)} ms  ${k}\n`);
    }
    // Inclusive time: each sample counts once for every distinct function on its stack.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const inclusive = new Map();
    profile.samples.forEach((id, i) => {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at).callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
      }
    });
    process.stdout.write('\ninclusive:\n');
    for (const [k, v] of [...inclusive.entries()].filter(([k]) => !/^\((idle|program|root)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 45)) {
      process.stdout.write(`${(v / STEPS).toFixed(2).padStart(8)} ms  ${k}\n`);
    }
  }
} finally {
  await browser.close();
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
