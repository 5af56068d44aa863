// The workbook as a user gets it: `kernelbook serve` started as a real child
// process on the built CLI (npm test builds first), over a temporary folder
// with its own state folder, and the printed URL opened in Debian's Chromium.
// Everything waits on the page's automation hooks (data-status,
// data-kernel-status, data-ready), never on sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { LAUNCH } from '../helpers/chromium.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/bin/kernelbook.js');
/** Screenshots of the main views, kept as test artefacts. */
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export interface Folder {
  /** The served folder: the walkthroughs, copied. */
  root: string;
  state: string;
  remove(): void;
}

/** A temporary served folder holding copies of the walkthroughs (still bundled: same content). */
export function folder(): Folder {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kernelbook-workbook-')));
  const root = join(dir, 'notebooks');
  const state = join(dir, 'state');
  cpSync(join(ROOT, 'notebooks'), root, { recursive: true });
  mkdirSync(state);
  return { root, state, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let copies = 0;

/**
 * A fresh copy of a walkthrough in the served folder, under a new name: a
 * test that leaves unsaved work (and so a recovery copy) never meets another
 * test's. Same content, so still one of the bundled walkthroughs, trusted.
 */
export function fresh(where: Folder, name: string): string {
  const copy = name.replace(/\.notebook$/, `-${++copies}.notebook`);
  cpSync(join(where.root, name), join(where.root, copy));
  return copy;
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** SIGTERM, or SIGKILL to stop it as a crash would. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `kernelbook serve ROOT --port 0` and resolves with the URL it prints. */
export function serve(where: Folder): Promise<Served> {
  if (!existsSync(CLI)) throw new Error('the CLI is not built: run `npm run build` first');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', where.root, '--port', '0'], {
      env: { ...process.env, KERNELBOOK_STATE_DIR: where.state },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(stdout)?.[0];
      if (url) resolve({ url, child, stop: async (signal = 'SIGTERM') => { if (child.exitCode === null) child.kill(signal); await exited; } });
    });
    child.once('exit', (code) => reject(new Error(`kernelbook serve exited (${code}) before printing its URL: ${stderr}`)));
  });
}

/** A URL of the served app that opens `path` first. */
export function openUrl(served: Served, path: string): string {
  return `${served.url}&open=${encodeURIComponent(path)}`;
}

export interface Opened {
  page: Page;
  /** Uncaught errors in the page, for a test to assert there were none. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

/** `ready: false` when the page will ask something first (recovered work) and so not finish starting alone. */
export async function openPage(browser: Browser, url: string, options: { colorScheme?: 'light' | 'dark'; width?: number; ready?: boolean } = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1360, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  if (options.ready !== false) await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { page, errors, requests };
}

/** Waits until the kernel is idle and no cell is running or queued. */
export async function settled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.kb-kernel-bar')?.dataset.kernelStatus === 'idle'
    && document.querySelectorAll('.kb-cell[data-status="running"]').length === 0, null, { timeout, polling: 100 });
}

/** Every cell's status hook, in page order: { id: status }. */
export function statuses(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.kb-cell', (cells) => Object.fromEntries(cells.map((c) => [(c as HTMLElement).dataset.cellId!, (c as HTMLElement).dataset.status!])));
}

/** A cell's visible output text (what a reader sees in its output area). */
export function outputText(page: Page, id: string): Promise<string> {
  return page.$eval(`.kb-cell[data-cell-id="${id}"] .kb-outputs`, (e) => (e as HTMLElement).innerText);
}

/** Replaces a cell's source by typing into its CodeMirror editor, as a user does. */
export async function typeSource(page: Page, id: string, source: string): Promise<void> {
  const editor = page.locator(`.kb-cell[data-cell-id="${id}"] .cm-content`);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(source);
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** What the tests of one describe block share: a served folder, `kernelbook serve` on it, and a Chromium. */
export interface ServedWorkbook {
  readonly where: Folder;
  readonly served: Served;
  readonly browser: Browser;
  /** Opens the served app on `path` (the app's own first choice when none). */
  open(path?: string, options?: Parameters<typeof openPage>[2]): Promise<Opened>;
  /** Opens a fresh copy of a walkthrough (see fresh()). */
  openFresh(name: string, options?: Parameters<typeof openPage>[2]): Promise<Opened>;
  /** Starts `kernelbook serve` again on the same folder (after a test stopped it). */
  restart(): Promise<void>;
}

/**
 * Starts the served workbook before the block's tests and stops it after
 * them. `make` gives the folder: copies of the walkthroughs by default.
 */
export function servedWorkbook(make: () => Folder = folder): ServedWorkbook {
  let where: Folder | undefined;
  let served: Served | undefined;
  let browser: Browser | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the served workbook's ${what} is not started (use it inside a test)`);
    return value;
  };
  beforeAll(async () => {
    where = make();
    served = await serve(where);
    browser = await chromium.launch(LAUNCH);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    where?.remove();
  });
  const workbook: ServedWorkbook = {
    get where() { return started(where, 'folder'); },
    get served() { return started(served, 'server'); },
    get browser() { return started(browser, 'browser'); },
    open: (path, options) => openPage(workbook.browser, path === undefined ? workbook.served.url : openUrl(workbook.served, path), options),
    openFresh: (name, options) => workbook.open(fresh(workbook.where, name), options),
    restart: async () => { served = await serve(workbook.where); },
  };
  return workbook;
}
