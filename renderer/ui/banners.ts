// Messages across the top of the notebook that need an answer or attention:
// not trusted, changed on disk, recovered work, a file that could not be read.
// Each has a key, so the same situation shows one banner, replaced in place.
import { h } from './dom.js';

export interface BannerAction {
  label: string;
  primary?: boolean;
  run(): void;
}

export class Banners {
  readonly root = h('div', { class: 'kb-banners' });
  readonly #shown = new Map<string, HTMLElement>();

  show(key: string, kind: 'info' | 'warn' | 'error', message: string | Node, actions: BannerAction[] = []): void {
    const banner = h('div', { class: `kb-banner kb-banner-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-banner': key },
      h('div', { class: 'kb-banner-text' }, message),
      ...actions.map((a) => h('button', { type: 'button', class: a.primary ? 'kb-primary' : '', onclick: () => a.run() }, a.label)),
      h('button', { type: 'button', class: 'kb-icon', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => this.hide(key) }, '✕'));
    const old = this.#shown.get(key);
    if (old) old.replaceWith(banner); else this.root.append(banner);
    this.#shown.set(key, banner);
  }

  hide(key: string): void {
    this.#shown.get(key)?.remove();
    this.#shown.delete(key);
  }

  clear(): void {
    for (const key of [...this.#shown.keys()]) this.hide(key);
  }
}
