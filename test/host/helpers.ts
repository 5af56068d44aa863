// A served folder and a state folder in a fresh temporary directory per test,
// and a workspace over them as `kernelbook serve` makes it.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedFolder } from '../../host/access.js';
import { openWorkspace } from '../../host/open-workspace.js';

export interface Sandbox {
  dir: string;
  root: string;
  state: string;
  remove(): void;
}

export function sandbox(prefix = 'kernelbook-host-'): Sandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const root = join(dir, 'served');
  const state = join(dir, 'state');
  return { dir, root, state, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function servedWorkspace(box: Sandbox, options: { initialPath?: string | null } = {}) {
  return openWorkspace(servedFolder(box.root), { stateDir: box.state, ...options, watch: { debounceMs: 20, pollMs: 200 } });
}

/** A promise's outcome as data, so one equality checks a value or an error's code. */
export async function outcome<T>(promise: Promise<T>): Promise<{ value: T } | { code: string; message: string }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? 'THROWN', message: (error as Error).message };
  }
}

export const NOTEBOOK = (title: string, source = '1 + 1') =>
  `<!doctype html>\n<notebook>\n  <title>${title}</title>\n  <script id="1" type="module">\n    ${source}\n  </script>\n</notebook>\n`;
