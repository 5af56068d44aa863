// TypeScript, for the cells that are written in it. It is the largest thing
// the kernel uses (over a second to load in Node, about half the workbook's
// bundle) and most notebooks have no TypeScript cell, so it is loaded when
// the first one is compiled, not with the kernel. Compiling is synchronous:
// callers that can wait load it first (`loadTypeScriptFor`); the kernel
// itself keeps a TypeScript cell queued until it has arrived.
import type { Cell } from '../notebook.js';

type TypeScript = typeof import('typescript');

let loaded: TypeScript | null = null;
let failed: Error | null = null;
let loading: Promise<TypeScript> | null = null;

/**
 * TypeScript once loadTypeScript() has resolved; null before. Throws if it
 * could not be loaded, so a TypeScript cell shows why as its error.
 */
export function loadedTypeScript(): TypeScript | null {
  if (failed) throw failed;
  return loaded;
}

/** Loads TypeScript once; every later call gets the same promise. */
export function loadTypeScript(): Promise<TypeScript> {
  loading ??= import('typescript').then(
    (module) => {
      // A CommonJS package: Node gives its exports as the default export, a bundler may not.
      loaded = ((module as { default?: TypeScript }).default ?? module) as TypeScript;
      return loaded;
    },
    (error: unknown) => {
      failed = new Error(`TypeScript could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      throw failed;
    },
  );
  return loading;
}

/** Whether compiling this cell needs TypeScript that is not loaded yet (and may still be). */
export function waitsForTypeScript(cell: Pick<Cell, 'type'>): boolean {
  return cell.type === 'text/x-typescript' && loaded === null && failed === null;
}

/** Loads TypeScript if any of these cells needs it. */
export async function loadTypeScriptFor(cells: readonly Pick<Cell, 'type'>[]): Promise<void> {
  if (cells.some(waitsForTypeScript)) await loadTypeScript();
}
