// Modal questions the workbook asks: a choice between buttons, a line of
// text, and a file picker over the host's folder when the host has no native
// dialog (kernelbook serve). Each resolves with the answer, or null when the
// user cancels (Escape).
import type { Host, HostPath } from '../host.js';
import { h } from './dom.js';

export interface Choice {
  id: string;
  label: string;
  primary?: boolean;
}

export function ask(title: string, message: string | Node, choices: Choice[]): Promise<string | null> {
  return new Promise((resolve) => {
    let answer: string | null = null;
    const buttons = choices.map((c) => h('button', {
      type: 'button', class: c.primary ? 'kb-primary' : '', 'data-choice': c.id,
      onclick: () => { answer = c.id; dialog.close(); },
    }, c.label));
    const dialog = h('dialog', { class: 'kb-dialog', 'aria-label': title },
      h('h2', {}, title), typeof message === 'string' ? h('p', {}, message) : message, h('footer', {}, ...buttons));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    (buttons.find((_, i) => choices[i].primary) ?? buttons[0])?.focus();
  });
}

export function promptText(title: string, label: string, value: string): Promise<string | null> {
  return new Promise((resolve) => {
    let answer: string | null = null;
    const input = h('input', { type: 'text', value, 'aria-label': label, spellcheck: 'false' });
    const form = h('form', { method: 'dialog', onsubmit: (e: Event) => { e.preventDefault(); answer = input.value.trim() || null; dialog.close(); } },
      h('label', {}, label, input),
      h('footer', {}, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), h('button', { type: 'submit', class: 'kb-primary' }, 'OK')));
    const dialog = h('dialog', { class: 'kb-dialog', 'aria-label': title }, h('h2', {}, title), form);
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.setSelectionRange(0, value.replace(/\.[^.]*$/, '').length);
  });
}

/**
 * Picks a notebook in the host's folder; with `saveAs`, also takes a new
 * name (a path relative to the folder shown).
 */
export function pickFile(host: Host, options: { saveAs?: string } = {}): Promise<HostPath | null> {
  return new Promise((resolve) => {
    let answer: HostPath | null = null;
    let dir: HostPath | undefined;
    const list = h('ul', { class: 'kb-files', role: 'listbox' });
    const where = h('p', { class: 'kb-files-where' });
    const name = h('input', { type: 'text', value: options.saveAs ?? '', 'aria-label': 'file name', spellcheck: 'false' });
    const show = async (at?: HostPath) => {
      dir = at;
      where.textContent = at ? `${at}/` : 'notebooks folder';
      let entries;
      try {
        entries = await host.list(at);
      } catch (error) {
        list.replaceChildren(h('li', { class: 'kb-error-text' }, error instanceof Error ? error.message : String(error)));
        return;
      }
      const up = at ? [h('li', {}, h('button', { type: 'button', onclick: () => void show(parentOf(at)) }, '↑ ..'))] : [];
      list.replaceChildren(...up, ...entries.map((e) => h('li', {}, h('button', {
        type: 'button', class: `kb-file-${e.kind}`, 'data-path': e.path,
        onclick: () => {
          if (e.kind === 'dir') void show(e.path);
          else if (options.saveAs !== undefined) name.value = e.name;
          else { answer = e.path; dialog.close(); }
        },
      }, e.kind === 'dir' ? `${e.name}/` : e.name))));
    };
    const footer = h('footer', {}, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'));
    const body: Node[] = [h('h2', {}, options.saveAs !== undefined ? 'Save as' : 'Open'), where, list];
    if (options.saveAs !== undefined) {
      const save = h('button', { type: 'submit', class: 'kb-primary' }, 'Save');
      body.push(h('form', { onsubmit: (e: Event) => {
        e.preventDefault();
        const file = name.value.trim();
        if (!file) return;
        answer = dir ? `${dir}/${file}` : file;
        dialog.close();
      } }, h('label', {}, 'Name', name), h('footer', {}, footer.firstChild!, save)));
    } else body.push(footer);
    const dialog = h('dialog', { class: 'kb-dialog kb-picker' }, ...body);
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    void show();
    if (options.saveAs !== undefined) name.focus();
  });
}

function parentOf(path: HostPath): HostPath | undefined {
  const i = path.replace(/[\\/]+$/, '').search(/[\\/][^\\/]*$/);
  return i > 0 ? path.slice(0, i) : undefined;
}
