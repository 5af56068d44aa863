// mimeBundle turns any cell value into the MIME bundle Jupyter and the runner
// carry: text/plain always, then whatever richer forms the value has.
import { describe, expect, test } from 'vitest';
import { parseHTML } from 'linkedom';
import * as Plot from '@observablehq/plot';
import { decode, encode } from 'fast-png';
import { compareOps, costBreakdown, featureMaps, formatTensor, inspect, mimeBundle } from '../../kernel/views/index.js';
import { base64 } from '../../kernel/views/png.js';
import { tensor } from '../../engine/tensor.js';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

describe('mimeBundle', () => {
  test('mimeBundle(Tensor) is its NumPy-style text/plain and nothing else', () => {
    const t = tensor([-2, 18, 12, 21, 17, -7, -13, 16], [1, 2, 2, 2]);
    expect(mimeBundle(t, { document })).toEqual({ 'text/plain': formatTensor(t) });
    expect(mimeBundle(t)['text/plain']).toContain('[[[[ -2,  18],');
  });

  test('mimeBundle(Plot chart) holds the SVG as a standalone image/svg+xml and as text/html', () => {
    const chart = Plot.plot({ document, marks: [Plot.barY([3, 5], { x: (_: number, i: number) => i, y: (d: number) => d })] });
    const bundle = mimeBundle(chart, { document });
    expect(Object.keys(bundle).sort()).toEqual(['image/svg+xml', 'text/html', 'text/plain']);
    expect(bundle['text/html']).toBe(chart.outerHTML);
    expect(bundle['image/svg+xml'].startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(bundle['image/svg+xml']).toContain('aria-label="bar"');
    expect(bundle['text/plain'].startsWith('<svg 640x400>')).toBe(true);
    // The chart's <style> rules are not text anyone reads (jupyter console and `kernelbook run` show this line).
    expect(bundle['text/plain']).not.toMatch(/plot-background|:where/);
  });

  test('mimeBundle(Plot figure with a title) takes the chart SVG out of the figure', () => {
    const figure = Plot.plot({ document, title: 'MACs', marks: [Plot.barY([1, 2], { x: (_: number, i: number) => i, y: (d: number) => d })] });
    expect(figure.localName).toBe('figure');
    const bundle = mimeBundle(figure);
    expect(bundle['text/html']).toContain('<figure');
    expect(bundle['image/svg+xml']).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*class="plot-/);
    expect(bundle['image/svg+xml']).not.toContain('<figure');
  });

  test('mimeBundle(featureMaps) offers the SVG, the montage PNG and a one-line summary', () => {
    const svg = featureMaps(tensor([0, 10, 5, 15], [1, 1, 2, 2]), { document });
    const bundle = mimeBundle(svg);
    expect(Object.keys(bundle).sort()).toEqual(['image/png', 'image/svg+xml', 'text/html', 'text/plain']);
    expect(bundle['image/svg+xml']).toContain('data:image/png;base64,');
    const png = decode(Buffer.from(bundle['image/png'], 'base64'));
    expect(png.width).toBeGreaterThan(0);
    expect(bundle['text/plain']).toBe('featureMaps 1x2 × 2 (c0, c1), Viridis 0 … 15');
  });

  test('mimeBundle(costBreakdown) has the chart SVG and the cost table as text/plain', () => {
    const svg = costBreakdown(compareOps({ input: [1, 8, 8, 4], kernelSize: 3, filters: 8 }), { document, metric: 'macs' });
    const bundle = mimeBundle(svg);
    const open = bundle['image/svg+xml'].slice(0, bundle['image/svg+xml'].indexOf('>'));
    expect(open).toMatch(/^<svg /);
    expect(open).toContain(' xmlns="http://www.w3.org/2000/svg"');
    expect(open).toContain(' class="kb-cost-breakdown"');
    expect(bundle['text/plain'].split('\n')[0]).toMatch(/^op\s+MACs\s+params\s+bytes\s+ms$/);
  });

  test('mimeBundle(HTML element) is text/html plus its text', () => {
    const p = document.createElement('p');
    p.innerHTML = 'depthwise <b>does not</b> sum';
    expect(mimeBundle(p)).toEqual({ 'text/plain': '<p> depthwise does not sum', 'text/html': '<p>depthwise <b>does not</b> sum</p>' });
  });

  test('mimeBundle(<img src=PNG data URL>) also gives its image/png', () => {
    const img = document.createElement('img');
    img.setAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(mimeBundle(img)['image/png']).toBe('iVBORw0KGgo=');
  });

  test('mimeBundle(PNG bytes) is image/png in base64 with its size as text', () => {
    const png = encode({ width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 255, 0]), channels: 3 });
    expect(mimeBundle(png)).toEqual({ 'text/plain': 'PNG 2x1', 'image/png': Buffer.from(png).toString('base64') });
  });

  test('mimeBundle(plain data) adds application/json; values JSON would change do not get it', () => {
    expect(mimeBundle({ a: 1, b: [1, 'x', null] })).toEqual({ 'text/plain': '{ a: 1, b: [1, "x", null] }', 'application/json': '{"a":1,"b":[1,"x",null]}' });
    expect(mimeBundle('hi')).toEqual({ 'text/plain': 'hi', 'application/json': '"hi"' });
    expect(mimeBundle(42)).toEqual({ 'text/plain': '42', 'application/json': '42' });
    expect(mimeBundle([1, NaN])).toEqual({ 'text/plain': '[1, NaN]' });
    expect(mimeBundle(undefined)).toEqual({ 'text/plain': 'undefined' });
    expect(mimeBundle(new Map([['k', 1]]))).toEqual({ 'text/plain': 'Map(1) { "k" => 1 }' });
    class Layer { filters = 8; }
    expect(mimeBundle(new Layer())).toEqual({ 'text/plain': 'Layer { filters: 8 }' });
  });

  test('mimeBundle(text node) is its text', () => {
    expect(mimeBundle(document.createTextNode('a < b'))).toEqual({ 'text/plain': 'a < b' });
  });
});

describe('inspect', () => {
  test('inspect shortens big and nested values and marks cycles', () => {
    expect(inspect(Array.from({ length: 25 }, (_, i) => i))).toBe(`[${Array.from({ length: 20 }, (_, i) => i).join(', ')}, … 5 more]`);
    expect(inspect(new Float32Array([1.5, 2]))).toBe('Float32Array(2) [1.5, 2]');
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: {…} } } }');
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(inspect(cyclic)).toBe('{ name: "x", self: [Circular] }');
    expect(inspect(function conv2d() {})).toBe('ƒ conv2d()');
    expect(inspect(new Error('boom'))).toBe('Error: boom');
    expect(inspect({ t: tensor([1, 2], [2]) })).toBe('{ t: Tensor [2] }');
  });

  test('a small nested array of numbers is shown whole, as TensorFlow prints it', () => {
    // The seed's depthwise result, as toArray() gives it.
    expect(inspect([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]])).toBe('[[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]');
    expect(inspect({ k: [[[[-0, 0.5]]]] })).toBe('{ k: [[[[-0, 0.5]]]] }');
    // Past 64 numbers, or with anything but numbers inside, depth is cut as before.
    const big = [[[Array.from({ length: 65 }, () => 1)]]];
    expect(inspect(big)).toBe('[[[[…]]]]');
    expect(inspect([[[['a']]]])).toBe('[[[[…]]]]');
  });
});

describe('base64', () => {
  test('base64 agrees with Node’s Buffer for every length remainder', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 31) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const big = Uint8Array.from({ length: 30000 }, (_, i) => (i * 7919) & 255);
    expect(base64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});
