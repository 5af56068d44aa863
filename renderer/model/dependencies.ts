// The notebook's names and which cells feed which, read from each cell's
// compiled inputs and outputs: the dependency panel draws it, and a cell
// whose input failed upstream says which name it waits for.
export interface CellNames {
  id: string;
  /** Names the cell defines. */
  defines: readonly string[];
  /** Names the cell reads (builtins included; they have no owner). */
  reads: readonly string[];
}

export interface NameInfo {
  name: string;
  /** The cell defining it. */
  definedBy: string;
  /** Cells reading it, in notebook order. */
  readBy: string[];
}

export interface DependencyGraph {
  names: NameInfo[];
  /** For each cell, the cells it reads from (upstream), in notebook order. */
  upstream: Map<string, string[]>;
  /** For each cell, the cells that read it (downstream). */
  downstream: Map<string, string[]>;
  /** For each cell, the names it reads that another cell defines. */
  inputs: Map<string, { name: string; cellId: string }[]>;
}

export function dependencyGraph(cells: readonly CellNames[]): DependencyGraph {
  const owner = new Map<string, string>();
  for (const cell of cells) for (const name of cell.defines) if (!owner.has(name)) owner.set(name, cell.id);
  const names = new Map<string, NameInfo>();
  for (const [name, definedBy] of owner) names.set(name, { name, definedBy, readBy: [] });
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>(cells.map((c) => [c.id, []]));
  const inputs = new Map<string, { name: string; cellId: string }[]>();
  for (const cell of cells) {
    const from: string[] = [];
    const named: { name: string; cellId: string }[] = [];
    for (const name of cell.reads) {
      const source = owner.get(name);
      if (source === undefined || source === cell.id) continue;
      names.get(name)!.readBy.push(cell.id);
      named.push({ name, cellId: source });
      if (!from.includes(source)) from.push(source);
    }
    upstream.set(cell.id, from);
    inputs.set(cell.id, named);
    for (const id of from) downstream.get(id)!.push(cell.id);
  }
  return { names: [...names.values()], upstream, downstream, inputs };
}

/**
 * The first name a failed cell reads from a cell that failed too: then the
 * error is not this cell's own, and the cell waits for that name.
 */
export function waitingFor(graph: DependencyGraph, cellId: string, failed: (id: string) => boolean): { name: string; cellId: string } | undefined {
  return graph.inputs.get(cellId)?.find((input) => failed(input.cellId));
}

/** Every cell `cellId` depends on, directly or not. */
export function ancestors(graph: DependencyGraph, cellId: string): Set<string> {
  return reach(graph.upstream, cellId);
}

/** Every cell that depends on `cellId`, directly or not: what re-runs when it does. */
export function descendants(graph: DependencyGraph, cellId: string): Set<string> {
  return reach(graph.downstream, cellId);
}

function reach(edges: Map<string, string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(edges.get(start) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || id === start) continue;
    seen.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
  return seen;
}
