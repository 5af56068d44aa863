// Help in the page: the walkthroughs shipped with the app, in English and in
// Simplified Chinese (教程（中文）), as the host lists them, plus the command
// palette. Electron has the same list in its native Help menu; `kernelbook
// serve` has only this, so a browser reader finds the lessons here. Each
// walkthrough is also a palette command.
import type { Host, HostPath, Walkthrough } from '../host.js';
import type { Command } from './commands.js';
import { h } from './dom.js';

export interface HelpActions {
  open(path: HostPath): unknown;
  palette(): void;
}

export class HelpMenu {
  readonly button: HTMLButtonElement;
  readonly #menu: HTMLElement;
  readonly #actions: HelpActions;
  #walkthroughs: Walkthrough[] = [];

  constructor(actions: HelpActions) {
    this.#actions = actions;
    this.#menu = h('div', { class: 'kb-help-menu', role: 'menu', 'aria-label': 'Help', popover: 'auto', id: 'kb-help-menu' });
    this.button = h('button', { type: 'button', class: 'kb-help', 'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'Walkthroughs and commands', onclick: () => this.toggle() }, 'Help');
    this.#menu.addEventListener('toggle', (event) => {
      const open = (event as ToggleEvent).newState === 'open';
      this.button.setAttribute('aria-expanded', String(open));
      if (open) this.#place();
    });
    this.#menu.addEventListener('keydown', (event) => this.#onKey(event));
    this.#render();
  }

  /** The popover menu, to be put in the page once. */
  get menu(): HTMLElement {
    return this.#menu;
  }

  /** Asks the host for its walkthroughs (a host without the call offers none). */
  async load(host: Host): Promise<Walkthrough[]> {
    this.#walkthroughs = host.walkthroughs ? await host.walkthroughs().catch(() => []) : [];
    this.#render();
    return this.#walkthroughs;
  }

  /** Each walkthrough as a palette command: "Help: title", "教程（中文）: 标题". */
  commands(): Command[] {
    return this.#walkthroughs.map((w) => ({
      id: `help.open:${w.path}`,
      title: `${w.group ?? 'Help'}: ${w.title}`,
      run: () => this.#actions.open(w.path),
    }));
  }

  toggle(): void {
    this.#menu.togglePopover();
    if (this.#menu.matches(':popover-open')) (this.#menu.querySelector('button') as HTMLButtonElement | null)?.focus();
  }

  #render(): void {
    const item = (label: string, run: () => unknown, extra: Record<string, string> = {}) =>
      h('button', { type: 'button', role: 'menuitem', ...extra, onclick: () => { this.#menu.hidePopover(); void run(); } }, label);
    const groups = new Map<string | null, Walkthrough[]>();
    for (const w of this.#walkthroughs) groups.set(w.group, [...(groups.get(w.group) ?? []), w]);
    const sections = [...groups].map(([group, list]) => {
      const lang = list[0]?.lang ?? 'en';
      return h('section', { lang, 'aria-label': group ?? 'Walkthroughs' },
        h('h3', {}, group ?? 'Walkthroughs'),
        ...list.map((w) => item(w.title, () => this.#actions.open(w.path), { 'data-path': w.path, lang: w.lang })));
    });
    this.#menu.replaceChildren(...sections,
      h('section', {}, item('All commands and shortcuts (F1)', () => this.#actions.palette())));
  }

  #place(): void {
    const box = this.button.getBoundingClientRect();
    this.#menu.style.top = `${Math.round(box.bottom + 4)}px`;
    this.#menu.style.right = `${Math.max(8, Math.round(window.innerWidth - box.right))}px`;
  }

  // Arrow keys move between items, as in a native menu; Escape is the popover's own.
  #onKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = Array.from(this.#menu.querySelectorAll('button'));
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
    event.preventDefault();
  }
}
