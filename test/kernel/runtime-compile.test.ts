import { beforeAll, describe, expect, it } from 'vitest';
import { compileCell } from '../../kernel/runtime/compile.js';
import { loadTypeScript } from '../../kernel/runtime/typescript.js';
import type { Cell } from '../../kernel/notebook.js';

const js = (source: string, extra: Partial<Cell> = {}): Cell => ({ id: '1', type: 'module', source, ...extra });
const run = (body: string, args: unknown[], importer = (name: string) => ({ name })) =>
  (0, eval)(`(__import) => (${body})`)(importer)(...args);

describe('compileCell(module)', () => {
  it('an expression cell reads its free names and displays its value', () => {
    const c = compileCell(js('a + b * Math.PI'));
    expect(c).toMatchObject({ inputs: ['a', 'b'], outputs: [], autodisplay: true, runnable: true });
    expect(run(c.body, [1, 2])).toBeCloseTo(1 + 2 * Math.PI);
  });

  it('an object literal is an expression, a block is a program', () => {
    expect(compileCell(js('({x: 1})')).autodisplay).toBe(true);
    expect(run(compileCell(js('({x: 1})')).body, [])).toEqual({ x: 1 });
    expect(compileCell(js('{ const y = 1; }')).autodisplay).toBe(false);
  });

  it('a program cell defines its top-level declarations as outputs', () => {
    const c = compileCell(js('const x = k * 2;\nlet [y, {z}] = [1, {z: 3}];\nfunction f() { return x; }\nclass C {}'));
    expect(c.outputs).toEqual(['x', 'y', 'z', 'f', 'C']);
    expect(c.inputs).toEqual(['k']);
    expect(c.autodisplay).toBe(false);
    const out = run(c.body, [5]);
    expect([out.x, out.y, out.z, out.f()]).toEqual([10, 1, 3, 10]);
  });

  it('locals in functions, blocks, catch clauses and class expressions are not inputs', () => {
    const c = compileCell(js(`const g = (p, {q}) => { let r = p + q + outer; try { r() } catch (e) { e + s } return r; };
for (const i of list) { i + j }
const K = class Named { m() { return Named + self; } };`));
    expect(c.inputs).toEqual(['outer', 's', 'list', 'j', 'self']);
  });

  it('a named function expression is a program cell that declares it', () => {
    const c = compileCell(js('function area(w, h) { return w * h * scale; }'));
    expect(c).toMatchObject({ outputs: ['area'], inputs: ['scale'], autodisplay: false });
  });

  it('top-level await makes the definition async', async () => {
    const c = compileCell(js('await Promise.resolve(n + 1)'));
    expect(c.body.startsWith('async ')).toBe(true);
    await expect(run(c.body, [41])).resolves.toBe(42);
  });

  it('display and view are inputs the kernel supplies', () => {
    const c = compileCell(js('display(1); const v = view(input);'));
    expect(c.inputs).toEqual(['display', 'view', 'input']);
  });

  it('imports of bundled libraries become declarations', async () => {
    const c = compileCell(js('import * as d3 from "d3";\nimport {max as m} from "d3";\nimport Plot from "@observablehq/plot";'));
    expect(c.outputs).toEqual(['d3', 'm', 'Plot']);
    const out = await run(c.body, [], (name) => ({ name, max: 'max!', default: 'plot!' }));
    expect(out).toEqual({ d3: { name: 'd3', max: 'max!', default: 'plot!' }, m: 'max!', Plot: 'plot!' });
  });

  it('an import of anything not bundled is an error naming the module', () => {
    expect(compileCell(js('import x from "https://cdn.example/x.js";')).error?.message).toMatch(/cannot import "https:\/\/cdn.example\/x.js": only the bundled libraries/);
  });

  it('a syntax error reports its line within the cell', () => {
    const c = compileCell(js('const a = 1;\nconst b = ;'));
    expect(c.error).toMatchObject({ line: 2 });
    expect(c.error?.message).toMatch(/SyntaxError: Unexpected token/);
  });

  it('redefining a global or a kernel local is refused', () => {
    expect(compileCell(js('const Math = 1;')).error?.message).toMatch(/Math is a builtin and cannot be redefined/);
    expect(compileCell(js('const display = 1;')).error?.message).toMatch(/display is a builtin/);
  });

  it('an output attribute names an expression cell', () => {
    expect(compileCell(js('1 + 1', { output: 'two' })).outputs).toEqual(['two']);
  });
});

describe('compileCell(text/x-typescript)', () => {
  // Loaded on demand (see typescript-loading.test.ts for before it is).
  beforeAll(() => loadTypeScript());

  it('strips types from a program cell', () => {
    const c = compileCell({ id: '2', type: 'text/x-typescript', source: 'interface P { x: number }\nconst p: P = { x: k as number };' });
    expect(c).toMatchObject({ outputs: ['p'], inputs: ['k'] });
    expect(run(c.body, [7])).toEqual({ p: { x: 7 } });
  });

  it('keeps an expression cell an expression', () => {
    const c = compileCell({ id: '3', type: 'text/x-typescript', source: '(n as number) * 2' });
    expect(c.autodisplay).toBe(true);
    expect(run(c.body, [4])).toBe(8);
  });
});

describe('compileCell(template cells)', () => {
  const tag = (strings: string[], ...values: unknown[]) => strings.map((s, i) => s + (i < values.length ? `[${values[i]}]` : '')).join('');

  it('markdown keeps its text exactly and makes ${} parts inputs', () => {
    const source = 'A `code` span, a \\ backslash, ${k * 2} and \\${not}.';
    const c = compileCell({ id: '4', type: 'text/markdown', source });
    expect(c.inputs).toEqual(['md', 'k']);
    expect(run(c.body, [tag, 3])).toBe('A `code` span, a \\ backslash, [6] and ${not}.');
  });

  it('html and tex cells call their tags', () => {
    expect(compileCell({ id: '5', type: 'text/html', source: '<b>${x}</b>' }).inputs).toEqual(['html', 'x']);
    const tex = compileCell({ id: '6', type: 'application/x-tex', source: 'k^{${n}}' });
    expect(tex.inputs).toEqual(['tex', 'n']);
    expect(run(tex.body, [{ block: tag }, 2])).toBe('k^{[2]}');
  });

  it('an unclosed ${ is a syntax error', () => {
    expect(compileCell({ id: '7', type: 'text/markdown', source: 'a ${b c' }).error).toBeDefined();
  });
});

describe('compileCell(unknown type)', () => {
  it('is kept but not run', () => {
    expect(compileCell({ id: '8', type: 'text/x-python', source: 'print(1)' })).toMatchObject({ runnable: false, inputs: [], outputs: [] });
  });
});

describe('compileCell(display rules)', () => {
  it('a hidden cell or an expression calling view() does not display its value', () => {
    expect(compileCell(js('1 + 1', { hidden: true })).autodisplay).toBe(false);
    expect(compileCell(js('view(Inputs.range([0, 1]))')).autodisplay).toBe(false);
    expect(compileCell({ id: '9', type: 'text/markdown', source: '# hi', hidden: true }).autodisplay).toBe(false);
  });
});
