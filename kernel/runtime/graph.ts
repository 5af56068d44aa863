// The notebook's dependency graph, read from compiled cells: which cell
// defines each name, which names are defined twice, and the path of every
// cycle. The runtime only says "circular definition"; these name the cells.
import type { CompiledCell } from './compile.js';

/** For each name defined by more than one cell, the ids of those cells. */
export function duplicateNames(cells: readonly CompiledCell[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const cell of cells) {
    if (!cell.runnable || cell.error) continue;
    for (const name of cell.outputs) {
      const ids = owners.get(name);
      if (ids) ids.push(cell.id);
      else owners.set(name, [cell.id]);
    }
  }
  for (const [name, ids] of owners) if (ids.length < 2) owners.delete(name);
  return owners;
}

/** The message a cell shows when a name it defines is also defined elsewhere. */
export function duplicateMessage(name: string, ids: readonly string[]): string {
  return `${name} is defined more than once (cells ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]})`;
}

/**
 * For each cell on a cycle, "circular definition: a -> b -> a": the names
 * along the shortest path from the cell back to itself, starting with a name
 * the cell defines.
 */
export function cyclePaths(cells: readonly CompiledCell[]): Map<string, string> {
  const owner = new Map<string, CompiledCell>();
  for (const cell of cells) if (cell.runnable && !cell.error) for (const name of cell.outputs) owner.set(name, cell);
  const paths = new Map<string, string>();
  for (const start of cells) {
    if (!start.runnable || start.error || !start.outputs.length) continue;
    // Breadth-first along inputs; each step remembers the name it went through.
    const previous = new Map<CompiledCell, { from: CompiledCell; name: string }>();
    const queue: CompiledCell[] = [start];
    let closing: { from: CompiledCell; name: string } | null = null;
    for (let i = 0; i < queue.length && !closing; i++) {
      const cell = queue[i];
      for (const name of cell.inputs) {
        const next = owner.get(name);
        if (!next) continue;
        if (next === start) { closing = { from: cell, name }; break; }
        if (!previous.has(next)) { previous.set(next, { from: cell, name }); queue.push(next); }
      }
    }
    if (!closing) continue;
    const names = [closing.name];
    for (let step = closing; step.from !== start; ) {
      step = previous.get(step.from)!;
      names.unshift(step.name);
    }
    paths.set(start.id, `circular definition: ${[closing.name, ...names].join(' -> ')}`);
  }
  return paths;
}
