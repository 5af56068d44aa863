// A hint for a habit from other Jupyter kernels. In a Kernelbook cell (as in
// Observable's notebooks), a cell of several statements shows only what it
// display()s; a bare value on its last line is computed and dropped. When a
// cell ends that way, the execution says so, once, instead of silently
// showing nothing.
import { Parser, type Node } from 'acorn';

const OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true } as const;
/** Expressions run for their effect (calls, assignments) are not values anyone meant to see. */
const EFFECTS = new Set(['CallExpression', 'AssignmentExpression', 'UpdateExpression', 'AwaitExpression', 'NewExpression', 'UnaryExpression', 'YieldExpression', 'ImportExpression', 'ChainExpression']);

export function droppedValueHint(source: string): string | null {
  let program: Node & { body: (Node & { expression?: Node })[] };
  try {
    program = Parser.parse(source, OPTIONS) as typeof program;
  } catch {
    return null;
  }
  const last = program.body[program.body.length - 1];
  if (program.body.length < 2 || last?.type !== 'ExpressionStatement' || EFFECTS.has(last.expression!.type)) return null;
  const text = source.slice(last.expression!.start, last.expression!.end);
  const shown = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return `the value of the last line (${shown}) is not shown: a cell of several statements shows what it display()s; write display(${shown}), or give the value a cell of its own`;
}
