// The kernel bar: idle or busy, Run all, Interrupt, Restart, how many engine
// threads compute, and whether the page is cross-origin isolated (the engine
// needs it for shared memory) — and, when not, which header is missing.
import type { KernelStatus } from '../../kernel/runtime/state.js';
import { h } from './dom.js';

export interface EngineInfo {
  threads: number;
  reason: string | null;
}

export interface KernelBarActions {
  runAll(): void;
  interrupt(): void;
  restart(): void;
  palette(): void;
}

export class KernelBar {
  readonly root: HTMLElement;
  readonly #status: HTMLElement;
  readonly #engine: HTMLElement;
  readonly #isolation: HTMLElement;
  readonly #interrupt: HTMLButtonElement;
  readonly #runAll: HTMLButtonElement;
  readonly #restart: HTMLButtonElement;

  constructor(actions: KernelBarActions) {
    this.#status = h('span', { class: 'kb-kernel-status', role: 'status', 'aria-live': 'polite' }, 'idle');
    this.#engine = h('span', { class: 'kb-engine', title: 'engine worker threads' }, 'engine …');
    this.#isolation = h('span', { class: 'kb-isolation' });
    this.#interrupt = h('button', { type: 'button', onclick: () => actions.interrupt(), title: 'Interrupt (Ctrl+.)', disabled: true }, '■ Interrupt');
    this.root = h('div', { class: 'kb-kernel-bar', 'data-kernel-status': 'idle', role: 'toolbar', 'aria-label': 'kernel' },
      this.#status,
      (this.#runAll = h('button', { type: 'button', onclick: () => actions.runAll(), title: 'Run all cells (Ctrl+Shift+Enter)' }, '▶▶ Run all')),
      this.#interrupt,
      (this.#restart = h('button', { type: 'button', onclick: () => actions.restart(), title: 'Restart the kernel and run every cell' }, '↻ Restart')),
      h('span', { class: 'kb-spacer' }),
      this.#engine,
      this.#isolation,
      h('button', { type: 'button', class: 'kb-palette-button', onclick: () => actions.palette(), title: 'Commands and shortcuts (Ctrl+Shift+P)' }, '⌘ Commands'),
    );
    this.setIsolation(globalThis.crossOriginIsolated === true, null);
  }

  setStatus(status: KernelStatus | 'stopped'): void {
    this.root.dataset.kernelStatus = status === 'busy' ? 'busy' : 'idle';
    this.#status.textContent = status;
    this.#status.dataset.status = status;
    this.#interrupt.disabled = status !== 'busy';
  }

  /** An untrusted notebook cannot be run from the bar (only by trusting it). */
  setRunnable(runnable: boolean): void {
    this.#runAll.disabled = !runnable;
    this.#restart.disabled = !runnable;
  }

  setEngine(info: EngineInfo | Error): void {
    if (info instanceof Error) {
      this.#engine.textContent = 'engine failed';
      this.#engine.title = info.message;
      this.#engine.dataset.threads = '0';
      return;
    }
    this.#engine.textContent = `${info.threads} engine thread${info.threads === 1 ? '' : 's'}`;
    this.#engine.title = info.reason ?? 'WebAssembly SIMD on a shared-memory worker pool';
    this.#engine.dataset.threads = String(info.threads);
  }

  /** `why`: what keeps the page from being isolated, when known. */
  setIsolation(isolated: boolean, why: string | null): void {
    this.#isolation.dataset.isolated = String(isolated);
    this.#isolation.textContent = isolated ? 'cross-origin isolated' : 'not isolated';
    this.#isolation.title = isolated ? 'SharedArrayBuffer is available: the engine computes on several threads' : why ?? 'the page is not cross-origin isolated';
    this.#isolation.classList.toggle('kb-warn', !isolated);
  }
}

/**
 * Why this page is not cross-origin isolated: the response headers that
 * should have been sent and were not (asks the server for them again).
 */
export async function isolationProblem(): Promise<string | null> {
  if (globalThis.crossOriginIsolated) return null;
  try {
    const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
    const missing = [
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Embedder-Policy', 'require-corp'],
    ].filter(([name, value]) => !(response.headers.get(name) ?? '').toLowerCase().includes(value));
    if (missing.length) return `the server did not send ${missing.map(([n, v]) => `${n}: ${v}`).join(' and ')}; the engine runs on one thread`;
  } catch { /* file:// or offline: fall through */ }
  return 'the page is not cross-origin isolated (served without COOP/COEP, or opened in a frame); the engine runs on one thread';
}
