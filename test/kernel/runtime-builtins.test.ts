import { getEventListeners } from 'node:events';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';
import { installDom } from '../../kernel/runner/dom.js';
import * as engine from '../../engine/index.js';
import { sharedEngine, syncEngine } from '../../kernel/builtins/engine.js';
import { kernelOf as kernelUnder } from '../../kernel/builtins/op-calls.js';
import type { Cell } from '../../kernel/notebook.js';

let document: Document;
beforeAll(() => { document = installDom(); });
const kernels: NotebookKernel[] = [];
afterEach(() => { while (kernels.length) kernels.pop()!.dispose(); });

function kernelOf(cells: (string | Partial<Cell>)[]): NotebookKernel {
  const kernel = new NotebookKernel({ document });
  kernels.push(kernel);
  kernel.load({ cells: cells.map((c, i) => ({ id: String(i + 1), type: 'module', source: '', ...(typeof c === 'string' ? { source: c } : c) })) });
  return kernel;
}
const output = (kernel: NotebookKernel, id: string, mime = 'text/html') => kernel.cell(id)!.outputs[0]?.[mime];

describe('template cells', () => {
  it('text/markdown renders Markdown with reactive parts, keeping DOM values as nodes', async () => {
    const kernel = kernelOf([
      'const n = 4;',
      { type: 'text/markdown', source: '## Title\n\n*n* is ${n}, twice ${n * 2}; node: ${html`<i>it</i>`}' },
    ]);
    await kernel.settled();
    expect(output(kernel, '2')).toBe('<div class="markdown"><h2>Title</h2>\n<p><em>n</em> is 4, twice 8; node: <i>it</i></p>\n</div>');
    kernel.define({ id: '1', type: 'module', source: 'const n = 5;' });
    await kernel.settled();
    expect(output(kernel, '2')).toMatch(/is 5, twice 10/);
  });

  it('text/html makes DOM through htl with its parts escaped', async () => {
    const kernel = kernelOf(['const name = "<b>";', { type: 'text/html', source: '<p title=${name}>${name}</p>' }]);
    await kernel.settled();
    // The text part is escaped; the attribute part stays one quoted attribute.
    expect(output(kernel, '2')).toMatch(/^<p title="(<b>|&lt;b&gt;)">&lt;b&gt;<\/p>$/);
  });

  it('application/x-tex renders KaTeX display math; a malformed formula is the cell\'s error', async () => {
    const kernel = kernelOf([{ type: 'application/x-tex', source: '\\frac{1}{${2 + 1}}' }, { type: 'application/x-tex', source: '\\frac{1' }]);
    await kernel.settled();
    expect(output(kernel, '1')).toMatch(/^<div class="tex"><span class="katex-display">/);
    expect(output(kernel, '1')).toContain('<annotation encoding="application/x-tex">\\frac{1}{3}</annotation>');
    expect(kernel.cell('2')).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/KaTeX parse error/) } });
  });

  it('tex and md work as tags inside JavaScript cells too', async () => {
    const kernel = kernelOf(['tex`x^2`', 'md`**b**`']);
    await kernel.settled();
    expect(output(kernel, '1')).toMatch(/^<span class="tex"><span class="katex">/);
    expect(output(kernel, '2')).toContain('<strong>b</strong>');
  });
});

describe('library builtins', () => {
  it('Plot makes an SVG chart in the host document', async () => {
    const kernel = kernelOf(['Plot.plot({marks: [Plot.dot([[1, 2], [3, 4]])]})']);
    await kernel.settled();
    const svg = output(kernel, '1', 'image/svg+xml');
    expect(svg).toMatch(/^<svg[^>]*class="plot/);
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('d3, Inputs and htl are there by name, and bundled libraries can be imported', async () => {
    const kernel = kernelOf(['d3.sum([1, 2, 3])', 'Inputs.toggle({value: true}).value', 'import {max} from "d3";\ndisplay(max([4, 9, 2]));', 'svg`<svg><circle r=${width / 64}></svg>`']);
    await kernel.settled();
    expect(output(kernel, '1', 'text/plain')).toBe('6');
    expect(output(kernel, '2', 'text/plain')).toBe('true');
    expect(output(kernel, '3', 'text/plain')).toBe('9');
    expect(output(kernel, '4')).toMatch(/^<svg><circle r="10"( \/>|><\/circle>)<\/svg>$/);
    expect(output(kernel, '4', 'image/svg+xml')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"><circle r="10"/);
  });

  it('now is a generator of timestamps', async () => {
    const kernel = kernelOf(['const t = now;', 'typeof t']);
    await kernel.settled();
    expect(output(kernel, '2', 'text/plain')).toBe('number');
  });
});

describe('view builtins', () => {
  it('featureMaps and costBreakdown draw in the host document and give SVG (and PNG) bundles', async () => {
    const kernel = kernelOf([
      'const t = engine.tensor([0, 1, 2, 3, 4, 5, 6, 7], [1, 2, 2, 2]);',
      'featureMaps(t)',
      'costBreakdown(compareOps({input: [1, 8, 8, 4], kernelSize: 3, filters: 2, padding: "same"}), {metric: "params"})',
    ]);
    await kernel.settled();
    expect(kernel.cells().map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    const maps = kernel.cell('2')!.outputs[0];
    expect(Object.keys(maps)).toEqual(expect.arrayContaining(['text/plain', 'text/html', 'image/svg+xml', 'image/png']));
    expect(maps['text/plain']).toMatch(/0 … 7/);
    // conv2d 3x3x4 -> 2 has 3*3*4*2 weights (no bias).
    expect(kernel.cell('3')!.outputs[0]['text/plain']).toMatch(new RegExp(`conv2d 3x3\\s+\\d+\\s+${3 * 3 * 4 * 2}\\b`));
  });

  it('a Tensor prints like TensorFlow: shape, dtype and nested values', async () => {
    const kernel = kernelOf(['engine.tensor([1, 2, 3, 4], [2, 2])']);
    await kernel.settled();
    expect(output(kernel, '1', 'text/plain')).toMatch(/shape=\[2,2\] dtype=float32[\s\S]*\[\[1, 2\],\s*\[3, 4\]\]/);
  });
});

describe('engine builtin', () => {
  const seed = `const x = engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
const f = engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);`;

  it('offers the synchronous ops and cost', async () => {
    const kernel = kernelOf([seed, 'engine.depthwiseConv2d(x, f, {padding: "valid"}).toArray()', 'engine.cost("depthwiseConv2d", {input: x, filter: f, padding: "valid"}).macs']);
    await kernel.settled();
    expect(JSON.parse(output(kernel, '2', 'application/json'))).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
    expect(output(kernel, '3', 'text/plain')).toBe(String(2 * 2 * 2 * 2 * 2));
  });

  it('engine.conv2d and its kin are the WebAssembly kernels, synchronously; engine.reference holds the JavaScript reference', async () => {
    const kernel = kernelOf([
      'const x = engine.tensor(Array.from({length: 2 * 9 * 11 * 5}, (_, i) => Math.sin(i)), [2, 9, 11, 5]);',
      'const f = engine.tensor(Array.from({length: 3 * 3 * 5 * 7}, (_, i) => Math.cos(i)), [3, 3, 5, 7]);',
      'const fast = engine.conv2d(x, f, {padding: "same", strides: 2, activation: "relu6"});',
      'const exact = engine.reference.conv2d(x, f, {padding: "same", strides: 2, activation: "relu6"});',
      'const summary = {isPromise: typeof fast.then === "function", shape: fast.shape, worst: Math.max(...fast.data.map((v, i) => Math.abs(v - exact.data[i])))};',
      'const ops = {conv2d: engine.conv2d, separableConv2d: engine.separableConv2d, chain: engine.chain, reference: engine.reference.conv2d, referenceChain: engine.reference.chain};',
      'const chained = await engine.async.chain(x, [{op: "conv2d", filter: f, padding: "same"}, {op: "depthwiseConv2d", filter: engine.tensor(Array(63).fill(0.5), [3, 3, 7, 1])}]);',
      'const chainedHere = engine.chain(x, [{op: "conv2d", filter: f, padding: "same"}, {op: "depthwiseConv2d", filter: engine.tensor(Array(63).fill(0.5), [3, 3, 7, 1])}]);',
    ]);
    await kernel.settled();
    expect(kernel.cell('5')!.status).toBe('ok');
    const summary = (await kernel.value('summary')) as { isPromise: boolean; shape: number[]; worst: number };
    expect(summary.isPromise).toBe(false);
    expect(summary.shape).toEqual([2, 5, 6, 7]);
    expect(summary.worst).toBeLessThan(1e-5);
    const ops = (await kernel.value('ops')) as Record<string, unknown>;
    const fast = await syncEngine();
    expect(fast).not.toBeNull();
    // Each op is wrapped so its results remember their call (for explain); underneath, the kernels are these.
    expect(kernelUnder(ops.conv2d)).toBe(fast!.conv2d);
    expect(kernelUnder(ops.separableConv2d)).toBe(fast!.separableConv2d);
    expect(kernelUnder(ops.reference)).toBe(engine.conv2d);
    expect(kernelUnder(ops.chain)).toBe(fast!.chain);
    expect(kernelUnder(ops.referenceChain)).toBe(engine.chain);
    // A chain on the multithreaded engine and on the sync one: the same bits.
    const chained = (await kernel.value('chained')) as engine.Tensor;
    const chainedHere = (await kernel.value('chainedHere')) as engine.Tensor;
    expect(chained.shape).toEqual([2, 7, 9, 7]);
    expect(Array.from(chained.data)).toEqual(Array.from(chainedHere.data));
  });

  it('a layer made in a cell computes on the sync engine, with the reference\'s numbers', async () => {
    const kernel = kernelOf([
      'const x = engine.tensor(Array.from({length: 1 * 12 * 10 * 3}, (_, i) => Math.sin(i / 3)), [1, 12, 10, 3]);',
      'const layer = new engine.SeparableConv2D({filters: 5, kernelSize: 3, depthMultiplier: 2, padding: "same", activation: "relu6", biasInitializer: "ones", seed: 4});',
      'const y = layer.apply(x);',
      `const check = (() => {
        const [dw, pw, bias] = layer.getWeights();
        const exact = engine.reference.separableConv2d(x, dw, pw, {padding: "same", activation: "relu6", bias});
        return {ops: layer.ops.separableConv2d, reference: engine.reference.separableConv2d,
                worst: Math.max(...y.data.map((v, i) => Math.abs(v - exact.data[i])))};
      })();`,
    ]);
    await kernel.settled();
    const check = (await kernel.value('check')) as { ops: unknown; reference: unknown; worst: number };
    expect(kernelUnder(check.ops)).toBe((await syncEngine())!.separableConv2d);
    expect(kernelUnder(check.reference)).toBe(engine.separableConv2d);
    expect(check.worst).toBeLessThan(1e-5);
    expect(((await kernel.value('y')) as engine.Tensor).shape).toEqual([1, 12, 10, 5]);
    // Outside a notebook, a layer computes on the reference.
    const plain = new engine.SeparableConv2D({ filters: 2, kernelSize: 1 });
    expect((plain as unknown as { ops: { separableConv2d: unknown } }).ops.separableConv2d).toBe(engine.separableConv2d);
  });

  it('a cell awaiting many engine ops leaves no abort listeners behind on its signal', async () => {
    const kernel = kernelOf([
      `const left = await (async () => {
        const x = engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), f = engine.tensor([1], [1, 1, 1, 1]);
        for (let i = 0; i < 40; i++) await engine.async.conv2d(x, f);
        return engine.signal;
      })();`,
    ]);
    await kernel.settled();
    expect(kernel.cell('1')!.status).toBe('ok');
    const signal = (await kernel.value('left')) as AbortSignal;
    // The runtime's own listener for the run may remain; not one per op.
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(2);
  });

  it('engine.async ops resolve to the same tensor as the synchronous ops', async () => {
    const kernel = kernelOf([seed, 'const y = await engine.async.separableConv2d(x, f, engine.tensor([1, -1], [1, 1, 2, 1]), {padding: "valid"});', 'Array.from(y.data)']);
    await kernel.settled();
    expect(kernel.cell('2')!.status).toBe('ok');
    const x = engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
    const expected = engine.separableConv2d(x, engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), engine.tensor([1, -1], [1, 1, 2, 1]), { padding: 'valid' });
    expect(JSON.parse(output(kernel, '3', 'application/json'))).toEqual(Array.from(expected.data));
    // Depthwise [-2, 18] then 1x1 with [1, -1]: -2 - 18.
    expect(expected.data[0]).toBe(-20);
  });

  it('an unnamed layer keeps its name, and so its seeded weights, when its cell re-runs', async () => {
    const kernel = kernelOf([
      'const stride = 1;',
      'const layer = new engine.SeparableConv2D({filters: 2, kernelSize: 3, strides: stride});',
      'const other = new engine.SeparableConv2D({filters: 2, kernelSize: 3});',
      'const named = new engine.Conv2D({filters: 1, kernelSize: 1, name: "mine"});',
    ]);
    await kernel.settled();
    const weightsOf = async (name: string) => {
      const layer = (await kernel.value(name)) as engine.SeparableConv2D;
      layer.build([1, 8, 8, 3]);
      return { name: layer.name, kernel: Array.from(layer.weights[0].value.data) };
    };
    const first = await weightsOf('layer');
    const sibling = await weightsOf('other');
    // Unique across cells, as Keras would name them, with different weights.
    expect(new Set([first.name, sibling.name])).toEqual(new Set(['separable_conv2d', 'separable_conv2d_1']));
    expect(sibling.kernel).not.toEqual(first.kernel);
    // The slider moves: the cell re-runs and builds the same layer again.
    kernel.define({ id: '1', type: 'module', source: 'const stride = 2;' });
    await kernel.settled();
    expect(kernel.cell('2')!.runCount).toBe(2);
    expect(((await kernel.value('layer')) as engine.SeparableConv2D).strides).toEqual([2, 2]);
    expect(await weightsOf('layer')).toEqual(first);
    // A given name is kept, and the cell's classes are still the engine's.
    const named = (await kernel.value('named')) as engine.Conv2D;
    expect(named.name).toBe('mine');
    expect(named).toBeInstanceOf(engine.Conv2D);
    // restart() numbers from the start again: the same names, the same weights.
    kernel.restart();
    await kernel.settled();
    expect(await weightsOf('layer')).toEqual(first);
    expect((await weightsOf('other')).name).toBe(sibling.name);
  });

  it('engine.async.profile measures an op by phase next to its cost, for costBreakdown\'s ms chart', async () => {
    const kernel = kernelOf([
      'const x = engine.tensor(Array.from({length: 1 * 16 * 16 * 8}, (_, i) => (i % 7) - 3), [1, 16, 16, 8]);',
      'const dw = engine.tensor(Array.from({length: 3 * 3 * 8}, (_, i) => (i % 5) - 2), [3, 3, 8, 1]);',
      'const pw = engine.tensor(Array.from({length: 8 * 4}, (_, i) => (i % 3) - 1), [1, 1, 8, 4]);',
      'const measured = await engine.async.profile("separableConv2d", x, dw, pw, {padding: "same"});',
      'costBreakdown(compareOps({input: x.shape, kernelSize: 3, filters: 4, padding: "same", profiles: {separable: measured.profile}}), {metric: "ms"})',
    ]);
    await kernel.settled();
    expect(kernel.cells().map((c) => c.error?.message ?? c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const { result, profile } = (await kernel.value('measured')) as { result: engine.Tensor; profile: { totalMs: number; phases: Record<string, number>; cost: { macs: number } } };
    const x = (await kernel.value('x')) as engine.Tensor;
    const [dw, pw] = [(await kernel.value('dw')) as engine.Tensor, (await kernel.value('pw')) as engine.Tensor];
    expect(Array.from(result.data)).toEqual(Array.from(engine.separableConv2d(x, dw, pw, { padding: 'same' }).data));
    expect(profile.cost.macs).toBe(engine.cost('separableConv2d', { input: [1, 16, 16, 8], filter: [3, 3, 8, 1], pointwiseFilter: [1, 1, 8, 4], padding: 'same' }).macs);
    expect(profile.totalMs).toBeGreaterThan(0);
    expect(Object.keys(profile.phases)).toEqual(expect.arrayContaining(['depthwise', 'pointwise']));
    // The chart has the measured bar: an SVG naming the separable op.
    expect(output(kernel, '5', 'image/svg+xml')).toMatch(/separable 3x3/);
    // An unknown op is the cell's error, named.
    kernel.define({ id: '4', type: 'module', source: 'const measured = await engine.async.profile("maxPool", x);' });
    await kernel.settled();
    expect(kernel.cell('4')!.error!.message).toMatch(/profile: op: unknown op "maxPool"/);
  });

  it('a cell that re-runs aborts the signal its previous run gave its engine ops', async () => {
    const kernel = kernelOf(['const k = 1;', 'const signals = [];', '{ k; signals.push(engine.signal); }']);
    await kernel.settled();
    kernel.define({ id: '1', type: 'module', source: 'const k = 2;' });
    await kernel.settled();
    const signals = (await kernel.value('signals')) as AbortSignal[];
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('interrupt() aborts a pending engine op and the cells waiting on it', async () => {
    const kernel = kernelOf([
      'const x = engine.tensor(new Float32Array(1 * 64 * 64 * 16).fill(1), [1, 64, 64, 16]);',
      'const y = await engine.async.conv2d(x, engine.tensor(new Float32Array(3 * 3 * 16 * 16).fill(1), [3, 3, 16, 16]), {padding: "same"});',
      'y.shape',
    ]);
    // Interrupt as soon as the op's cell starts, while its op is in flight.
    const off = kernel.on('cell', (state) => { if (state.id === '2' && state.status === 'running') { off(); queueMicrotask(() => kernel.interrupt()); } });
    await kernel.settled();
    expect(kernel.cell('2')).toMatchObject({ status: 'error', error: { message: 'interrupted' } });
    expect(kernel.cell('3')!.status).toBe('stale');
    expect(kernel.cell('1')!.status).toBe('ok');
  });

  it('interrupt() mid-op stops the multithreaded engine itself, which then runs the next op', async () => {
    // The real shared engine, watched: every promise its conv2d returns is kept.
    const shared = (await sharedEngine()) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const real = shared.conv2d;
    const calls: { signal: AbortSignal; outcome: Promise<string> }[] = [];
    shared.conv2d = (...args: unknown[]) => {
      const promise = real.apply(shared, args);
      const signal = (args[2] as { signal: AbortSignal }).signal;
      calls.push({ signal, outcome: promise.then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`) });
      return promise;
    };
    try {
      // ~3.7 GMACs: far longer than the interrupt takes to arrive.
      const kernel = kernelOf([
        'const x = engine.tensor(new Float32Array(224 * 224 * 64).fill(0.5), [1, 224, 224, 64]);',
        'const y = await engine.async.conv2d(x, engine.tensor(new Float32Array(3 * 3 * 64 * 128).fill(0.25), [3, 3, 64, 128]), {padding: "same"});',
        'const small = await engine.async.conv2d(engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), engine.tensor([1, 1, 1, 1], [2, 2, 1, 1]), {padding: "valid"});',
      ]);
      const off = kernel.on('cell', (state) => { if (state.id === '2' && state.status === 'running') { off(); setTimeout(() => kernel.interrupt(), 5); } });
      await kernel.settled();
      expect(kernel.cell('2')).toMatchObject({ status: 'error', error: { message: 'interrupted' } });
      const big = calls.find((c) => c.signal.aborted)!;
      expect(big).toBeDefined();
      // The engine's own promise rejected: the work was cancelled, not merely ignored.
      expect(await big.outcome).toMatch(/^AbortError/);
      // And the engine is still usable, through a cell re-run after the interrupt.
      kernel.define({ id: '3', type: 'module', source: 'const small = await engine.async.conv2d(engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), engine.tensor([1, 1, 1, 1], [2, 2, 1, 1]), {padding: "valid"});' });
      await kernel.settled();
      expect(kernel.cell('3')!.status).toBe('ok');
      expect(Array.from(((await kernel.value('small')) as engine.Tensor).data)).toEqual([10]);
    } finally {
      shared.conv2d = real;
    }
  }, 30_000);
});
