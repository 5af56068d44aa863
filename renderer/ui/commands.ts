// Every command the workbook offers, in one registry: the command palette
// lists them with their shortcuts, the keyboard handler runs them, and a
// host's native menu names them by id.
export interface Command {
  id: string;
  title: string;
  /** Shortcut in CodeMirror's notation: "Mod-s", "Mod-Shift-p", "Alt-ArrowUp". */
  keys?: string;
  /** Shortcuts that only work when a cell (not its editor) has focus, as in Jupyter's command mode. */
  cellKeys?: string;
  run(): unknown;
  enabled?(): boolean;
}

export class Commands {
  readonly #commands = new Map<string, Command>();

  add(...commands: Command[]): void {
    for (const c of commands) this.#commands.set(c.id, c);
  }

  list(): Command[] {
    return [...this.#commands.values()];
  }

  get(id: string): Command | undefined {
    return this.#commands.get(id);
  }

  run(id: string): boolean {
    const command = this.#commands.get(id);
    if (!command || command.enabled?.() === false) return false;
    void Promise.resolve(command.run()).catch((error) => console.error(`${id}:`, error));
    return true;
  }

  /** The command a key event asks for, if any; `inCell` when a cell itself has focus. */
  match(event: KeyboardEvent, inCell: boolean): Command | undefined {
    const key = keyName(event);
    for (const c of this.#commands.values()) {
      if (c.keys && sameKey(c.keys, key)) return c;
      if (inCell && c.cellKeys && sameKey(c.cellKeys, key)) return c;
    }
    return undefined;
  }
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Where a key event happened, as far as commands care. */
export interface KeyContext {
  /** A cell itself has focus (not its editor): Jupyter's command mode. */
  inCell: boolean;
  /** An editor, input, select or dialog has focus: plain keys are typing. */
  editing: boolean;
}

/**
 * The command a key event should run, if any. Keys typed into an editor, an
 * input or a dialog belong there, except the app's Ctrl/Cmd shortcuts and F1;
 * undo inside an editor is the editor's own.
 */
export function commandForKey(commands: Commands, event: KeyboardEvent, where: KeyContext): Command | undefined {
  if (event.defaultPrevented || event.isComposing) return undefined;
  const command = commands.match(event, where.inCell && !where.editing);
  if (!command || command.enabled?.() === false) return undefined;
  if (!where.editing) return command;
  const global = command.keys !== undefined && commands.match(event, false) === command;
  if (!global || !(event.ctrlKey || event.metaKey || event.key === 'F1')) return undefined;
  return command.id.startsWith('edit.') ? undefined : command;
}

/** "Mod-Shift-p" for a key event, in the registry's notation. */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, mac = isMac): string {
  const parts: string[] = [];
  if (mac ? event.metaKey : event.ctrlKey) parts.push('Mod');
  if (mac && event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  parts.push(event.key.length === 1 ? event.key.toLowerCase() : event.key);
  return parts.join('-');
}

function sameKey(spec: string, key: string): boolean {
  return spec.split(' ').some((alternative) => normalise(alternative) === key);
}

function normalise(spec: string): string {
  const parts = spec.split('-');
  const last = parts.pop()!;
  const order = ['Mod', 'Ctrl', 'Alt', 'Shift'];
  const mods = parts.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...mods, last.length === 1 ? last.toLowerCase() : last].join('-');
}

/** "Ctrl+Shift+P" or "⌘⇧P": a shortcut as the palette shows it. */
export function displayKeys(spec: string, mac = isMac): string {
  return spec.split(' ').map((alternative) => alternative.split('-').map((part) => {
    if (part === 'Mod') return mac ? '⌘' : 'Ctrl';
    if (part === 'Shift') return mac ? '⇧' : 'Shift';
    if (part === 'Alt') return mac ? '⌥' : 'Alt';
    if (part === 'ArrowUp') return '↑';
    if (part === 'ArrowDown') return '↓';
    return part.length === 1 ? part.toUpperCase() : part;
  }).join(mac ? '' : '+')).join(' / ');
}
