// Thread entry modules must not await at their top level. Such a module is
// evaluated asynchronously, and Node 20's V8 can abort the whole process
// ("Check failed: (location_) != nullptr" in
// SourceTextModule::ExecuteAsyncModule) when the thread is terminated while
// that evaluation is pending: an hour of the stress suite, which kills and
// disposes pools at random moments, hit it once. The race is too narrow to
// reproduce on demand, so this checks the cause: the built modules' syntax.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Parser, type Node } from 'acorn';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Line numbers of `await` (and `for await`) outside any function in a module's source. */
function topLevelAwaits(source: string): number[] {
  return scan(source).awaits;
}

/** `file:line` of every top-level await in a built module and the modules it imports statically. */
function topLevelAwaitsInGraph(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const { awaits, imports } = scan(readFileSync(file, 'utf8'));
  return [
    ...awaits.map((line) => `${file.slice(ROOT.length + 1)}:${line}`),
    ...imports.filter((i) => i.startsWith('.')).flatMap((i) => topLevelAwaitsInGraph(join(dirname(file), i), seen)),
  ];
}

function scan(source: string): { awaits: number[]; imports: string[] } {
  const ast = Parser.parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as Node & { body: (Node & { source?: { value: string } })[] };
  const imports = ast.body.filter((s) => s.type === 'ImportDeclaration' || s.type === 'ExportAllDeclaration' || (s.type === 'ExportNamedDeclaration' && s.source)).map((s) => s.source!.value);
  const found: number[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node & Record<string, unknown>;
    if (typeof n.type !== 'string') return;
    if (/Function/.test(n.type)) return;
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await)) found.push(n.loc!.start.line);
    for (const [key, value] of Object.entries(n)) if (key !== 'loc') visit(value);
  };
  visit(ast);
  return { awaits: found, imports };
}

describe('thread entry modules evaluate synchronously', () => {
  it('the check finds a top-level await, and none inside a function', () => {
    expect(topLevelAwaits('const a = 1;\nawait a;\nfor await (const x of y) {}')).toEqual([2, 3]);
    expect(topLevelAwaits('async function f() { await 1; }\nconst g = async () => { for await (const x of y) {} };')).toEqual([]);
  });

  it.each([
    'dist/engine/pool/worker.js',
    'dist/renderer/worker.js',
    'dist/kernel/jupyter/heartbeat-worker.js',
  ])('%s has no top-level await, nor any module it imports', (file) => {
    expect(topLevelAwaitsInGraph(join(ROOT, file))).toEqual([]);
  });
});
