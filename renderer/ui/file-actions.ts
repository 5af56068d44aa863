// The file side of the workbook: open (offering recovered work), new,
// save (asking when the file changed on disk), save as (asking before
// replacing a file), export HTML, reload, and the questions around them.
// Each flow talks to the host and to the user, then hands the workbook a
// notebook to show; bad input leaves what is shown as it was.
import type { Notebook } from '../../kernel/notebook.js';
import type { CellState } from '../../kernel/runtime/state.js';
import type { Host, HostPath, OpenedFile } from '../host.js';
import { exportHtml, inlineStylesheet, needsExplainScript } from '../files/export-html.js';
import { FileSession } from '../files/file-session.js';
import { baseName, readNotebook, writeNotebook } from '../files/formats.js';
import type { NotebookDoc } from '../model/notebook-doc.js';
import { serializableBundle } from '../outputs/live-mime.js';
import type { Banners } from './banners.js';
import { ask, pickFile } from './dialogs.js';

export const UNTITLED = 'Untitled.notebook';
export const EMPTY: Notebook = { title: 'Untitled', cells: [{ id: '1', type: 'module', source: '', pinned: true }] };

/** What the file flows need of the workbook. */
export interface FileContext {
  readonly host: Host;
  readonly banners: Banners;
  file(): FileSession;
  doc(): NotebookDoc;
  dirty(): boolean;
  cellState(id: string): CellState | undefined;
  /** Shows a notebook from a file (or a new one), replacing what is shown. */
  show(notebook: Notebook, file: FileSession): void;
  /** After a save: the title, the dirty mark, the banners. */
  saved(): void;
  /** Follows the file on disk again (after Save As moved it). */
  watch(): void;
}

export class FileActions {
  readonly #ctx: FileContext;

  constructor(context: FileContext) {
    this.#ctx = context;
  }

  /** Opens a notebook from the host, offering recovered work; bad files leave the current notebook as it was. */
  async open(path: HostPath): Promise<boolean> {
    if (!(await this.confirmDiscard())) return false;
    let opened: OpenedFile;
    let notebook: Notebook;
    let warnings: string[];
    try {
      opened = await this.#ctx.host.open(path);
      ({ notebook, warnings } = readNotebook(opened.path, opened.text));
    } catch (error) {
      this.#ctx.banners.show('open-error', 'error', `Could not open ${path}: ${messageOf(error)}`);
      return false;
    }
    this.#ctx.banners.hide('open-error');
    const baseline = safeWrite(opened.path, notebook) ?? opened.text;
    const file = FileSession.opened(this.#ctx.host, opened, baseline);
    let shown = notebook;
    if (opened.recovery && opened.recovery.text !== opened.text && opened.recovery.text !== baseline) {
      const when = new Date(opened.recovery.savedAtMs).toLocaleString();
      const choice = await ask('Recover unsaved work?', `${baseName(opened.path)} has unsaved changes from ${when} that were never saved (the app or the server stopped). Recover them?`, [
        { id: 'discard', label: 'Discard them' },
        { id: 'recover', label: 'Recover', primary: true },
      ]);
      if (choice === 'recover') {
        try {
          shown = readNotebook(opened.path, opened.recovery.text).notebook;
        } catch (error) {
          this.#ctx.banners.show('open-error', 'error', `The recovered copy of ${path} could not be read (${messageOf(error)}); showing the file as saved.`);
        }
      } else if (choice === 'discard') {
        await this.#ctx.host.discardRecovery(opened.path).catch(() => {});
      }
    }
    this.#ctx.show(shown, file);
    if (warnings.length) this.#ctx.banners.show('warnings', 'info', `${baseName(opened.path)}: ${warnings.join('; ')}`);
    return true;
  }

  /** A new, untitled notebook. */
  async newNotebook(): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    this.#ctx.show(EMPTY, FileSession.untitled(this.#ctx.host, safeWrite(UNTITLED, EMPTY) ?? '', untitledKey()));
  }

  /**
   * Offers unsaved work on notebooks that were never saved (the page or the
   * host stopped); true when the user took one.
   */
  async offerUntitledRecovery(): Promise<boolean> {
    const untitled = (await this.#ctx.host.recoveries().catch(() => [])).filter((r) => !r.exists);
    if (!untitled.length) return false;
    const latest = untitled[0];
    const choice = await ask('Recover an unsaved notebook?', `A notebook that was never saved has work from ${new Date(latest.savedAtMs).toLocaleString()}${untitled.length > 1 ? ` (and ${untitled.length - 1} older)` : ''}. Recover it?`, [
      { id: 'discard', label: 'Discard it' },
      { id: 'later', label: 'Not now' },
      { id: 'recover', label: 'Recover', primary: true },
    ]);
    if (choice === 'discard') await this.#ctx.host.discardRecovery(latest.path).catch(() => {});
    if (choice !== 'recover') return false;
    try {
      const { notebook } = readNotebook(latest.path, latest.text);
      this.#ctx.show(notebook, FileSession.untitled(this.#ctx.host, safeWrite(UNTITLED, EMPTY) ?? '', latest.path));
      return true;
    } catch (error) {
      this.#ctx.banners.show('open-error', 'error', `The recovered notebook could not be read: ${messageOf(error)}`);
      return false;
    }
  }

  /** Saves to the file; asks when the file changed on disk meanwhile. */
  async save(): Promise<boolean> {
    const file = this.#ctx.file();
    const path = file.path;
    if (path === null) return this.saveAs();
    const text = this.text(path);
    if (text === null) return false;
    try {
      await file.save(text);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CONFLICT') {
        this.#ctx.banners.show('save-error', 'error', `Could not save ${path}: ${messageOf(error)}. Your work is still here and in the recovery copy.`);
        return false;
      }
      const choice = await ask('The file changed on disk', `${baseName(path)} was changed by another program since you opened it. Overwrite it with what you see here?`, [
        { id: 'cancel', label: 'Cancel' },
        { id: 'reload', label: 'Reload from disk' },
        { id: 'overwrite', label: 'Overwrite', primary: true },
      ]);
      if (choice === 'reload') { await this.reload(); return false; }
      if (choice !== 'overwrite') return false;
      try {
        await file.save(text, { force: true });
      } catch (again) {
        this.#ctx.banners.show('save-error', 'error', `Could not save ${path}: ${messageOf(again)}.`);
        return false;
      }
    }
    this.#ctx.saved();
    return true;
  }

  async saveAs(): Promise<boolean> {
    const suggested = this.#ctx.file().path ?? this.#ctx.file().untitledKey ?? UNTITLED;
    let path = this.#ctx.host.pickSave ? await this.#ctx.host.pickSave(suggested) : await pickFile(this.#ctx.host, { saveAs: baseName(suggested) });
    if (!path) return false;
    if (!/\.(notebook|ipynb)$/i.test(path)) path += '.notebook';
    const text = this.text(path);
    if (text === null) return false;
    try {
      await this.#ctx.file().saveAs(path, text);
    } catch (error) {
      const exists = (error as { code?: string }).code === 'CONFLICT';
      const overwrite = exists && await ask('Replace the file?', `${path} already exists. Replace it with this notebook?`, [
        { id: 'cancel', label: 'Cancel' },
        { id: 'overwrite', label: 'Replace', primary: true },
      ]) === 'overwrite';
      if (exists && !overwrite) return false;
      try {
        if (!overwrite) throw error;
        await this.#ctx.file().saveAs(path, text, { overwrite: true });
      } catch (again) {
        this.#ctx.banners.show('save-error', 'error', `Could not save ${path}: ${messageOf(again)}.`);
        return false;
      }
    }
    this.#ctx.watch();
    this.#ctx.saved();
    return true;
  }

  /** Writes the notebook with what it shows now as one self-contained HTML page. */
  async exportHtml(): Promise<boolean> {
    const file = this.#ctx.file();
    const name = baseName(file.path ?? file.untitledKey ?? UNTITLED).replace(/\.(notebook|ipynb)$/i, '.html');
    const suggested = file.path ? file.path.replace(/[^\\/]*$/, name) : name;
    let path = this.#ctx.host.pickSave ? await this.#ctx.host.pickSave(suggested) : await pickFile(this.#ctx.host, { saveAs: name });
    if (!path) return false;
    if (!/\.html?$/i.test(path)) path += '.html';
    try {
      const css = await inlineStylesheet('styles.css');
      const cells = new Map(this.#ctx.doc().cells.map((cell) => {
        const state = this.#ctx.cellState(cell.id);
        return [cell.id, { state, outputs: (state?.outputs ?? []).map(serializableBundle) }];
      }));
      // Maps that carry their op call explain their values in the page too, with the script `run --html` uses.
      const explainable = [...cells.values()].some((c) => c.outputs.some((b) => needsExplainScript(b['text/html'] ?? '')));
      const script = explainable ? await fetchText('explain.js') : undefined;
      await this.#ctx.host.save(path, exportHtml(this.#ctx.doc().toNotebook(), cells, css, script));
    } catch (error) {
      this.#ctx.banners.show('save-error', 'error', `Could not export ${path}: ${messageOf(error)}`);
      return false;
    }
    this.#ctx.banners.show('exported', 'info', `Exported ${path}.`);
    return true;
  }

  /** Replaces what the page shows with the file on disk. */
  async reload(): Promise<void> {
    const path = this.#ctx.file().path;
    if (path === null) return;
    try {
      const opened = await this.#ctx.host.open(path);
      const { notebook } = readNotebook(opened.path, opened.text);
      const file = FileSession.opened(this.#ctx.host, opened, safeWrite(opened.path, notebook) ?? opened.text);
      this.#ctx.show(notebook, file);
    } catch (error) {
      this.#ctx.banners.show('open-error', 'error', `Could not reload ${path}: ${messageOf(error)}`);
    }
  }

  /** The document as the file at `path` holds it; null (and a banner) if it cannot be written. */
  text(path: HostPath): string | null {
    try {
      return writeNotebook(path, this.#ctx.doc().toNotebook());
    } catch (error) {
      this.#ctx.banners.show('save-error', 'error', `Cannot save: ${messageOf(error)}`);
      return null;
    }
  }

  async confirmDiscard(): Promise<boolean> {
    if (!this.#ctx.dirty()) return true;
    const choice = await ask('Unsaved changes', `${baseName(this.#ctx.file().path ?? UNTITLED)} has changes that are not saved.`, [
      { id: 'cancel', label: 'Cancel' },
      { id: 'discard', label: 'Discard' },
      { id: 'save', label: 'Save', primary: true },
    ]);
    if (choice === 'save') return this.save();
    if (choice === 'discard') { await this.#ctx.file().discardRecovery().catch(() => {}); return true; }
    return false;
  }

  async openDialog(): Promise<void> {
    const path = this.#ctx.host.pickOpen ? await this.#ctx.host.pickOpen() : await pickFile(this.#ctx.host);
    if (path) await this.open(path);
  }

  async openRecent(): Promise<void> {
    const recent = (await this.#ctx.host.recent()).slice(0, 10);
    if (!recent.length) { this.#ctx.banners.show('recent', 'info', 'No recent notebooks yet.'); return; }
    const choice = await ask('Open recent', 'Notebooks opened lately, newest first:', [...recent.map((p) => ({ id: p, label: p })), { id: '', label: 'Cancel' }]);
    if (choice) await this.open(choice);
  }
}

/** The recovery key of a new notebook: a name no saved notebook is likely to have. */
export function untitledKey(): HostPath {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `Untitled-${stamp}.notebook`;
}

export function safeWrite(path: HostPath, notebook: Notebook): string | null {
  try {
    return writeNotebook(path, notebook);
  } catch {
    return null;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file of the app's own folder (served with it), as text; a missing one is an error, not an empty page. */
async function fetchText(name: string): Promise<string> {
  const response = await fetch(new URL(name, location.href).href);
  if (!response.ok) throw new Error(`${name} could not be read from the app (${response.status}); rebuild with npm run build`);
  return response.text();
}
