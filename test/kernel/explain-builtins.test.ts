// The notebook side of "explain a value": every result an engine op returns in
// a cell remembers its call (sync, reference, async, profile, chain, layers),
// so explain(y, index) derives any of its values and featureMaps(y) carries
// the call for an exported page; check(...) fails a cell with the claim.
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';
import { installDom } from '../../kernel/runner/dom.js';
import type { Cell } from '../../kernel/notebook.js';
import { decodeSource, derive, derivationText } from '../../kernel/views/explain/index.js';
import { sampleImage } from '../../kernel/builtins/sample-image.js';
import { ceilingModule } from '../../kernel/builtins/ceilings.js';
import { createCheck } from '../../kernel/builtins/check.js';
import { tensor } from '../../engine/index.js';

const kernels: NotebookKernel[] = [];
afterEach(() => { while (kernels.length) kernels.pop()!.dispose(); });

function kernelOf(sources: string[]): NotebookKernel {
  const kernel = new NotebookKernel({ document: installDom() });
  kernels.push(kernel);
  kernel.load({ cells: sources.map((source, i): Cell => ({ id: String(i + 1), type: 'module', source })) });
  return kernel;
}

const text = (kernel: NotebookKernel, id: string) => kernel.cell(id)!.outputs.map((o) => o['text/plain']).join('\n');

const seed = `const x = engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
const k = engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);
const pw = engine.tensor([1, 1, 1, -1], [1, 1, 2, 2]);`;

describe('explain(y, index) in a cell', () => {
  it.each([
    ['engine.depthwiseConv2d (the sync WebAssembly engine)', 'const y = engine.depthwiseConv2d(x, k, {padding: "valid"});'],
    ['engine.reference.depthwiseConv2d', 'const y = engine.reference.depthwiseConv2d(x, k, {padding: "valid"});'],
    ['engine.async.depthwiseConv2d (the worker pool)', 'const y = await engine.async.depthwiseConv2d(x, k, {padding: "valid"});'],
    ['engine.async.profile', 'const y = (await engine.async.profile("depthwiseConv2d", x, k, {padding: "valid"})).result;'],
    ['a layer', 'const layer = new engine.DepthwiseConv2D({kernelSize: 2, useBias: false}); layer.build([1, 3, 3, 2]); layer.setWeights([k]); const y = layer.apply(x);'],
  ])('explains a result of %s with the seed\'s derivation of 16', async (_, make) => {
    const kernel = kernelOf([seed, make, 'display(explain(y, [0, 1, 1, 1]));']);
    await kernel.settled();
    expect(kernel.cell('3')!.status).toBe('ok');
    const out = text(kernel, '3');
    expect(out).toContain('depthwise_conv2d: y[0, 1, 1, 1] = 16');
    expect(out).toContain('channel 1: 2·1 + 4·2 + 3·(-3) + 3·5 = 16');
    expect(out).toContain('the value the op returned, exactly');
    // The picture is SVG, drawn from the same lines.
    expect(kernel.cell('3')!.outputs[0]['image/svg+xml']).toContain('2·1 + 4·2 + 3·(-3) + 3·5 = 16');
  });

  it('explains a chain\'s result by its last stage, on the stages before it', async () => {
    const kernel = kernelOf([seed, 'const y = engine.chain(x, [{op: "depthwiseConv2d", filter: k}, {op: "pointwiseConv2d", filter: pw}]);', 'display(explain(y, [0, 1, 0, 1]));']);
    await kernel.settled();
    // The depthwise values at (1, 0) are 17 and -7; the second filter takes their difference.
    expect(text(kernel, '3')).toContain('1×1 mix into channel 1: 17·1 + (-7)·(-1) = 24');
  });

  it('explains both stages of separableConv2d, and the bias and activation', async () => {
    const kernel = kernelOf([seed, 'const y = engine.separableConv2d(x, k, pw, {bias: [0.5, -30], activation: "relu"});', 'display(explain(y, [0, 0, 0, 1]));']);
    await kernel.settled();
    const out = text(kernel, '3');
    expect(out).toContain('depthwise d0 (channel 0): 2·3 + 3·(-2) + 6·(-1) + 1·4 = -2');
    expect(out).toContain('depthwise d1 (channel 1): 5·1 + 3·2 + 1·(-3) + 2·5 = 18');
    expect(out).toContain('1×1 mix of the depthwise values into channel 1: (-2)·1 + 18·(-1) = -20');
    expect(out).toContain('-20 + (-30) = -50');
    expect(out).toContain('relu(-50) = 0');
  });

  it('refuses a value no engine op made, and an index out of range, with the cell\'s error', async () => {
    const kernel = kernelOf([seed, 'explain(x, [0, 0, 0, 0])', 'explain(engine.depthwiseConv2d(x, k), [0, 2, 0, 0])']);
    await kernel.settled();
    expect(kernel.cell('2')!.error?.message).toMatch(/^explain: y: this value was not returned by an engine op in this notebook/);
    expect(kernel.cell('3')!.error?.message).toBe('explain: index: 2 is out of range for axis 1 of shape [1,2,2,2] (0..1)');
  });
});

describe('featureMaps of an engine result', () => {
  it('carries the call in <metadata class="kb-explain">, which decodes to the same derivation', async () => {
    const kernel = kernelOf([seed, 'const y = engine.depthwiseConv2d(x, k, {padding: "valid"});', 'featureMaps(y)', 'featureMaps(x)', 'featureMaps(y, {explain: null})']);
    await kernel.settled();
    const svg = kernel.cell('3')!.outputs[0]['image/svg+xml'];
    const json = /<metadata class="kb-explain">([^<]*)<\/metadata>/.exec(svg)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const { source, geometry } = decodeSource(json);
    expect(geometry).toEqual({ batch: 0, dataFormat: 'NHWC', language: 'en' });
    expect(Array.from(source.y.data)).toEqual([-2, 18, 12, 21, 17, -7, -13, 16]);
    expect(derivationText(derive(source.call, source.y, [0, 1, 1, 1]))).toContain('channel 1: 2·1 + 4·2 + 3·(-3) + 3·5 = 16');
    expect(svg).toContain('Hover a value to see how it was computed');
    // The input was not made by an op, and a cell may turn explanations off.
    expect(kernel.cell('4')!.outputs[0]['image/svg+xml']).not.toContain('kb-explain');
    expect(kernel.cell('5')!.outputs[0]['image/svg+xml']).not.toContain('kb-explain');
  });
});

describe('check', () => {
  const check = createCheck();
  it('passes silently when the claim holds, for numbers, arrays, typed arrays and tensors', () => {
    expect(check(1 + 1 === 2, 'arithmetic')).toBeUndefined();
    check.equal(tensor([1, 2, 3, 4], [1, 2, 2, 1]), [[[[1], [2]], [[3], [4]]]], 'a tensor as nested arrays');
    check.equal(Float32Array.of(0.5, 1), [0.5, 1], 'a typed array');
    check.close(0.1 + 0.2, 0.3, 1e-12, 'rounding');
  });

  it('throws with the claim, what was expected, what was found and where', () => {
    expect(() => check(false, 'the sky is green')).toThrow('check failed: the sky is green');
    expect(() => check.equal([[1, 2], [3, 4]], [[1, 2], [3, 5]], 'a matrix')).toThrow('check failed: a matrix: expected [[1, 2], [3, 5]], got [[1, 2], [3, 4]] (at [1][1])');
    expect(() => check.equal([1, 2], [1, 2, 3], 'a list')).toThrow('check failed: a list: expected [1, 2, 3], got [1, 2] (2 items where 3 were expected)');
    expect(() => check.close(1, 1.1, 0.01, 'near')).toThrow('check failed: near: expected 1.1 within 0.01, got 1');
  });
});

describe('sampleImage', () => {
  it('sampleImage("chelsea") is the bundled photograph as [1, 100, 150, 3] whole numbers 0..255', () => {
    const photo = sampleImage('chelsea');
    expect(photo.shape).toEqual([1, 100, 150, 3]);
    expect(photo.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    // A real picture, not a blank: many distinct values in every channel.
    for (let c = 0; c < 3; c++) expect(new Set(photo.data.filter((_, i) => i % 3 === c)).size).toBeGreaterThan(100);
  });

  it('names the pictures there are when asked for another', () => {
    expect(() => sampleImage('lena')).toThrow('sampleImage: no bundled picture "lena"; there are "chelsea"');
  });
});

describe('ceilings', () => {
  it('builds a valid WebAssembly module in both SIMD flavours, and its loops compute what they say', async () => {
    expect(WebAssembly.validate(ceilingModule(false))).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { instance } = await WebAssembly.instantiate(ceilingModule(false), { env: { memory } });
    const { madd, stream } = instance.exports as unknown as { madd(n: number): number; stream(from: number, to: number): number };
    // acc = acc * 0.5 + 1 from 0: 1, 1.5, 1.75 ... the sum of twelve accumulators' lane 0.
    expect(madd(1)).toBe(12);
    expect(madd(3)).toBe(12 * 1.75);
    new Float32Array(memory.buffer).fill(0.25);
    // 1024 bytes = 64 loads of four floats, spread over four accumulators: lane 0 of each sums 16 of them.
    expect(stream(0, 1024)).toBe(4 * 16 * 0.25);
  });
});
