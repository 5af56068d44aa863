// The command palette (Ctrl/Cmd+Shift+P, F1): every command with its
// shortcut, filtered as you type — the shortcut sheet and the menu in one.
import { displayKeys, type Commands } from './commands.js';
import { h } from './dom.js';

export function openPalette(commands: Commands): void {
  const input = h('input', { type: 'search', placeholder: 'Type a command…', 'aria-label': 'command', autocomplete: 'off' });
  const list = h('ul', { role: 'listbox', class: 'kb-palette-list' });
  const dialog = h('dialog', { class: 'kb-palette', 'aria-label': 'Command palette' }, input, list);
  let selected = 0;
  let shown = commands.list();

  const render = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    shown = commands.list().filter((c) => c.enabled?.() !== false && words.every((w) => c.title.toLowerCase().includes(w)));
    selected = Math.min(selected, Math.max(0, shown.length - 1));
    list.replaceChildren(...shown.map((c, i) => h('li', {
      role: 'option', 'aria-selected': i === selected ? 'true' : 'false', 'data-command': c.id,
      onmousedown: (e: Event) => { e.preventDefault(); choose(i); },
    }, h('span', {}, c.title), h('kbd', {}, [c.keys, c.cellKeys && `${c.cellKeys} (cell)`].filter(Boolean).map((k) => displayKeys(k!)).join(' · ')))));
    list.children[selected]?.scrollIntoView({ block: 'nearest' });
  };
  const choose = (i: number) => {
    const command = shown[i];
    dialog.close();
    if (command) commands.run(command.id);
  };
  input.addEventListener('input', () => { selected = 0; render(); });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { selected = Math.min(shown.length - 1, selected + 1); render(); event.preventDefault(); }
    else if (event.key === 'ArrowUp') { selected = Math.max(0, selected - 1); render(); event.preventDefault(); }
    else if (event.key === 'Enter') { choose(selected); event.preventDefault(); }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  render();
  dialog.showModal();
  input.focus();
}
