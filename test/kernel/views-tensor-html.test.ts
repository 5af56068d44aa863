// tensorHtml(t): a tensor's text/html, a grid per 2-D slice over its spatial axes.
import { describe, expect, it } from 'vitest';
import { tensor } from '../../engine/index.js';
import { tensorHtml } from '../../kernel/views/index.js';

const cells = (html: string) => [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
const captions = (html: string) => [...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1]);

describe('tensorHtml', () => {
  it('x=[1,2,2,2] (the seed\'s depthwise output): one grid per channel, labelled by index, values in place', () => {
    const y = tensor([-2, 18, 12, 21, 17, -7, -13, 16], [1, 2, 2, 2]);
    const html = tensorHtml(y);
    expect(html).toContain('Tensor shape=[1,2,2,2] dtype=float32');
    expect(captions(html)).toEqual(['[0, :, :, 0]', '[0, :, :, 1]']);
    // Channel 0 holds every other value, row by row.
    expect(cells(html)).toEqual(['-2', '12', '17', '-13', '18', '21', '-7', '16']);
  });

  it('shades by value: negative blue, positive red, zero transparent, scaled to the largest magnitude', () => {
    const html = tensorHtml(tensor([-4, 0, 2, 4], [2, 2]));
    const shades = [...html.matchAll(/background:rgba\(([^)]*)\)/g)].map((m) => m[1]);
    expect(shades).toEqual(['33,102,172,0.450', '178,24,43,0.000', '178,24,43,0.225', '178,24,43,0.450']);
  });

  it('rank 1 is one row, rank 3 is [H, W, C], non-integers keep six significant digits', () => {
    expect(cells(tensorHtml(tensor([1, 2, 3], [3])))).toEqual(['1', '2', '3']);
    expect(captions(tensorHtml(tensor([1, 2, 3, 4], [1, 2, 2])))).toEqual(['[:, :, 0]', '[:, :, 1]']);
    expect(cells(tensorHtml(tensor([1 / 3], [1])))).toEqual(['0.333333']);
  });

  it('a tensor past maxElements, or of rank 5, is its text in a <pre>', () => {
    const big = tensor(new Float32Array(2000), [1, 20, 20, 5]);
    expect(tensorHtml(big)).toMatch(/^<pre class="kernelbook-tensor">Tensor shape=\[1,20,20,5\]/);
    expect(tensorHtml(big, { maxElements: 4000 })).toMatch(/^<div/);
    expect(tensorHtml(tensor([1, 2], [1, 1, 1, 1, 2]))).toMatch(/^<pre/);
  });
});
