// Turning a compiled cell into a function, and an error's stack back into a
// line of the cell. Each cell's code carries a sourceURL naming the cell, so
// stack frames point into it even for errors thrown after an await.
import type { CompiledCell } from './compile.js';

export type CellFactory = (importer: (name: string) => Promise<unknown>) => (...args: unknown[]) => unknown;

/** The cell's function, named in stack traces so errors can point at a line of the cell. */
export function evaluate(compiled: CompiledCell): CellFactory {
  return (0, eval)(`(__import) => (${compiled.body})\n//# sourceURL=${sourceUrl(compiled.id)}`);
}

function sourceUrl(id: string): string {
  return `kernelbook-cell-${encodeURIComponent(id)}.js`;
}

export function lineInCell(error: unknown, compiled: CompiledCell): number | undefined {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  const escaped = sourceUrl(compiled.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  if (!match) return undefined;
  const line = Number(match[1]) - compiled.lineOffset + 1;
  return line >= 1 ? line : undefined;
}
