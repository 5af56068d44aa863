import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';
import { installDom } from '../../kernel/runner/dom.js';
import type { Cell } from '../../kernel/notebook.js';

let document: Document;
beforeAll(() => { document = installDom(); });

const kernels: NotebookKernel[] = [];
afterEach(() => { while (kernels.length) kernels.pop()!.dispose(); });

function kernelOf(sources: (string | Partial<Cell>)[], options: { overrides?: Record<string, unknown> } = {}): NotebookKernel {
  const kernel = new NotebookKernel({ document, ...options });
  kernels.push(kernel);
  kernel.load({ cells: sources.map((s, i) => (typeof s === 'string' ? { id: String(i + 1), type: 'module', source: s } : { id: String(i + 1), type: 'module', source: '', ...s })) });
  return kernel;
}

const text = (kernel: NotebookKernel, id: string) => kernel.cell(id)!.outputs.map((o) => o['text/plain']);
const counts = (kernel: NotebookKernel) => kernel.cells().map((c) => c.runCount);

describe('NotebookKernel.load', () => {
  it('runs every cell and shows expression values', async () => {
    const kernel = kernelOf(['const a = 2;', 'a * 21', '`a is ${a}`']);
    await kernel.settled();
    expect(kernel.cells().map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    expect(text(kernel, '2')).toEqual(['42']);
    expect(text(kernel, '3')).toEqual(['a is 2']);
    expect(kernel.cell('1')!.outputs).toEqual([]);
    expect(kernel.cell('1')!.value).toEqual({ a: 2 });
    expect(kernel.status).toBe('idle');
  });

  it('a program cell with several declarations gives each one to its readers', async () => {
    const kernel = kernelOf(['const x = 1, y = 2;\nfunction add(p, q) { return p + q; }', 'add(x, y)']);
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['3']);
  });
});

describe('NotebookKernel.define (reactivity)', () => {
  it('redefining a cell re-runs exactly its dependents, once each', async () => {
    const kernel = kernelOf(['const k = 3;', 'const k2 = k * k;', 'k2 + 1', 'const other = 10;', 'other + 1', 'k + k2']);
    await kernel.settled();
    expect(counts(kernel)).toEqual([1, 1, 1, 1, 1, 1]);
    kernel.define({ id: '1', type: 'module', source: 'const k = 4;' });
    await kernel.settled();
    expect(counts(kernel)).toEqual([2, 2, 2, 1, 1, 2]);
    expect(text(kernel, '3')).toEqual(['17']);
    expect(text(kernel, '6')).toEqual(['20']);
  });

  it('adding and deleting cells updates their readers', async () => {
    const kernel = kernelOf(['n + 1']);
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'error', error: { message: 'n is not defined' } });
    kernel.define({ id: '2', type: 'module', source: 'const n = 41;' });
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'ok' });
    expect(text(kernel, '1')).toEqual(['42']);
    kernel.delete('2');
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'error', error: { message: 'n is not defined' } });
    expect(kernel.cell('2')).toBeUndefined();
  });

  it('renaming a declaration moves its readers', async () => {
    const kernel = kernelOf(['const a = 1;', 'a + 1', 'b + 1']);
    await kernel.settled();
    kernel.define({ id: '1', type: 'module', source: 'const b = 10;' });
    await kernel.settled();
    expect(kernel.cell('2')!.error?.message).toBe('a is not defined');
    expect(text(kernel, '3')).toEqual(['11']);
  });

  it('cells of unknown type stay idle and do not disturb the rest', async () => {
    const kernel = kernelOf([{ type: 'text/x-python', source: 'print(1)' }, '1 + 1']);
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'idle', runCount: 0, outputs: [] });
    expect(text(kernel, '2')).toEqual(['2']);
  });

  it('a hidden cell runs but shows nothing', async () => {
    const kernel = kernelOf([{ source: '6 * 7', hidden: true, output: 'answer' }, 'answer']);
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'ok', outputs: [], value: 42 });
    expect(text(kernel, '2')).toEqual(['42']);
  });

  it('emits cell events through queued, running and ok', async () => {
    const kernel = kernelOf(['1 + 1']);
    await kernel.settled();
    const seen: string[] = [];
    kernel.on('cell', (state) => { if (seen[seen.length - 1] !== state.status) seen.push(state.status); });
    const statuses: string[] = [];
    kernel.on('status', (s) => statuses.push(s));
    kernel.define({ id: '1', type: 'module', source: '2 + 2' });
    await kernel.settled();
    expect(seen).toEqual(['queued', 'running', 'ok']);
    expect(statuses).toEqual(['busy', 'idle']);
    expect(kernel.cell('1')!.lastDurationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('NotebookKernel display() and view()', () => {
  it('a program cell shows what it displays, in order, replaced on each run', async () => {
    const kernel = kernelOf(['const n = 2;', 'for (let i = 0; i < n; i++) display(i * 10);\ndisplay("done");']);
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['0', '10', 'done']);
    kernel.define({ id: '1', type: 'module', source: 'const n = 1;' });
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['0', 'done']);
  });

  it('display of a DOM element gives text/html', async () => {
    const kernel = kernelOf(['display(html`<b>bold ${1 + 1}</b>`)']);
    await kernel.settled();
    expect(kernel.cell('1')!.outputs[0]['text/html']).toBe('<b>bold 2</b>');
  });

  it('view(input) shows the input and its dependents follow its value', async () => {
    const kernel = kernelOf(['const k = view(Inputs.range([1, 9], {value: 3, step: 1}));', 'k * 2']);
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['6']);
    expect(kernel.cell('1')!.outputs[0]['text/html']).toMatch(/<form/);
    expect(await kernel.value('k')).toBe(3);
  });

  it('input events on a view re-run its dependents once per event', async () => {
    const kernel = kernelOf(['const slider = Inputs.range([1, 9], {value: 3, step: 1});', 'const k = view(slider);', 'k * 10']);
    await kernel.settled();
    expect(text(kernel, '3')).toEqual(['30']);
    const slider = (await kernel.value('slider')) as HTMLInputElement;
    slider.value = '7';
    const { Event } = (document as any).defaultView;
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    await kernel.settled();
    expect(text(kernel, '3')).toEqual(['70']);
    expect(counts(kernel)).toEqual([1, 1, 2]);
  });

  it('an override sets a view\'s initial value, or replaces a plain declaration', async () => {
    const kernel = kernelOf(['const k = view(Inputs.range([1, 9], {value: 3, step: 1}));', 'const m = 5;', 'k * m'], { overrides: { k: 7, m: 2 } });
    await kernel.settled();
    expect(text(kernel, '3')).toEqual(['14']);
  });

  it('a generator cell yields values its readers follow', async () => {
    const kernel = kernelOf(['const ticks = (function* () { yield 1; yield 2; yield 3; })();', 'ticks * 100']);
    await kernel.settled();
    await new Promise((r) => setTimeout(r, 50));
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['300']);
  });
});

describe('NotebookKernel async cells', () => {
  it('top-level await resolves before dependents run', async () => {
    const kernel = kernelOf(['const slow = await new Promise((r) => setTimeout(() => r(5), 20));', 'slow + 1']);
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['6']);
    expect(kernel.cell('1')!.lastDurationMs).toBeGreaterThanOrEqual(15);
  });

  it('invalidation resolves when the cell is about to re-run', async () => {
    const kernel = kernelOf(['const k = 1;', 'const log = [];', '{ k; invalidation.then(() => log.push("invalidated")); }', 'log']);
    await kernel.settled();
    kernel.define({ id: '1', type: 'module', source: 'const k = 2;' });
    await kernel.settled();
    expect(await kernel.value('log')).toEqual(['invalidated']);
  });
});

describe('NotebookKernel errors', () => {
  it('a cycle names its path on every cell in it', async () => {
    const kernel = kernelOf(['const a = b + 1;', 'const b = c + 1;', 'const c = a + 1;', 'const free = 1;']);
    await kernel.settled();
    expect(kernel.cell('1')!.error?.message).toBe('circular definition: a -> b -> c -> a');
    expect(kernel.cell('2')!.error?.message).toBe('circular definition: b -> c -> a -> b');
    expect(kernel.cell('3')!.error?.message).toBe('circular definition: c -> a -> b -> c');
    expect(kernel.cell('4')!.status).toBe('ok');
  });

  it('a name defined twice names both cells, and is fixed by removing one', async () => {
    const kernel = kernelOf(['const x = 1;', 'const x = 2;', 'x + 1']);
    await kernel.settled();
    expect(kernel.cell('1')!.error?.message).toBe('x is defined more than once (cells 1 and 2)');
    expect(kernel.cell('2')!.error?.message).toBe('x is defined more than once (cells 1 and 2)');
    expect(kernel.cell('3')!.status).toBe('error');
    kernel.delete('2');
    await kernel.settled();
    expect(kernel.cells().map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(text(kernel, '3')).toEqual(['2']);
  });

  it('an exception shows its message and line, and unrelated cells still run', async () => {
    const kernel = kernelOf(['const ok = 1;', 'const a = 1;\nif (a) throw new RangeError("too big");', 'ok + 1']);
    await kernel.settled();
    expect(kernel.cell('2')).toMatchObject({ status: 'error', error: { message: 'RangeError: too big', line: 2 } });
    expect(kernel.cell('3')!.status).toBe('ok');
  });

  it('an exception in an async cell still names its line', async () => {
    const kernel = kernelOf(['await null;\n\nnull.boom']);
    await kernel.settled();
    expect(kernel.cell('1')!.error).toMatchObject({ line: 3 });
    expect(kernel.cell('1')!.error!.message).toMatch(/TypeError: Cannot read properties of null/);
  });

  it('a syntax error names its line', async () => {
    const kernel = kernelOf(['const a = 1;\nconst = 2;']);
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'error', error: { line: 2 } });
  });

  it('a cell reading a failed cell fails with its error', async () => {
    const kernel = kernelOf(['const a = missing * 2;', 'a + 1']);
    await kernel.settled();
    expect(kernel.cell('1')!.error!.message).toBe('missing is not defined');
    expect(kernel.cell('2')!.status).toBe('error');
  });
});

describe('NotebookKernel.interrupt and restart', () => {
  it('interrupt() stops a running cell and the cells waiting for it', async () => {
    const kernel = kernelOf(['const forever = await new Promise(() => {});', 'forever + 1', 'const fine = 1;']);
    await new Promise((r) => setTimeout(r, 30));
    expect(kernel.cell('1')!.status).toBe('running');
    expect(kernel.status).toBe('busy');
    kernel.interrupt();
    await kernel.settled();
    expect(kernel.cell('1')).toMatchObject({ status: 'error', error: { message: 'interrupted' } });
    expect(kernel.cell('2')!.status).toBe('stale');
    expect(kernel.cell('3')!.status).toBe('ok');
  });

  it('restart() runs every cell again on a fresh runtime', async () => {
    const kernel = kernelOf(['const list = [];', 'list.push(1), list.length']);
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['1']);
    kernel.restart();
    await kernel.settled();
    expect(text(kernel, '2')).toEqual(['1']);
    expect(counts(kernel)).toEqual([2, 2]);
  });
});

describe('NotebookKernel under rapid edits', () => {
  it('settles on the last definition after many redefinitions without waiting', async () => {
    const kernel = kernelOf(['const k = 0;', 'const slow = await new Promise((r) => setTimeout(() => r(k), 5));', 'slow * 2']);
    for (let i = 1; i <= 20; i++) kernel.define({ id: '1', type: 'module', source: `const k = ${i};` });
    await kernel.settled();
    expect(kernel.cells().map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    expect(text(kernel, '3')).toEqual(['40']);
    expect(kernel.status).toBe('idle');
  });
});
