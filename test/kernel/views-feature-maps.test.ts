// featureMaps draws each channel as an indexed PNG inside SVG. These tests
// decode the PNGs back and check the colours against d3-scale-chromatic
// directly: min is the scheme's first colour, max its last, one scale for all
// channels unless asked otherwise, and NHWC and NCHW give the same pictures.
import { describe, expect, test } from 'vitest';
import { parseHTML } from 'linkedom';
import { decode } from 'fast-png';
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';
import { featureMaps, pixelAt, pngOf } from '../../kernel/views/index.js';
import { tensor } from '../../engine/tensor.js';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

type RGBA = [number, number, number, number];

/** Each map's pixels as RGBA, decoded from the data URL in its <image>. */
function pictures(svg: Element): RGBA[][] {
  return Array.from(svg.querySelectorAll('g.kb-feature-map > image'), (image) => decodePixels(image.getAttribute('href')!));
}

function decodePixels(href: string): RGBA[] {
  expect(href.startsWith('data:image/png;base64,')).toBe(true);
  const png = decode(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64'));
  expect(png.palette).toBeDefined();
  const palette = png.palette!.map((c) => [c[0], c[1], c[2], c.length === 4 ? c[3] : 255] as RGBA);
  // tRNS entries apply to the first palette entries in order.
  if (png.transparency) png.transparency.forEach((a, i) => (palette[i][3] = a));
  return Array.from(png.data as Uint8Array, (i) => palette[i]);
}

const colour = (interpolate: (t: number) => string, t: number): RGBA => {
  const c = rgb(interpolate(t));
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b), 255];
};
/** The colour a value gets on [lo, hi]: 255 levels, t rounded to the nearest. */
const expected = (interpolate: (t: number) => string, v: number, lo: number, hi: number) =>
  colour(interpolate, Math.round(((v - lo) / (hi - lo)) * 254) / 254);

// Two channels over 2x3 pixels: c0 = 0..5, c1 = 10..15 (NHWC interleaves them).
const c0 = [0, 1, 2, 3, 4, 5];
const c1 = [10, 11, 12, 13, 14, 15];
const nhwc = tensor(c0.flatMap((v, i) => [v, c1[i]]), [1, 2, 3, 2]);
const nchw = tensor([...c0, ...c1], [1, 2, 2, 3]);

describe('featureMaps', () => {
  test('featureMaps(x=[1,2,3,2]) draws one map per channel, labelled c0 and c1', () => {
    const svg = featureMaps(nhwc, { document });
    expect(svg.localName).toBe('svg');
    const maps = svg.querySelectorAll('g.kb-feature-map');
    expect(maps.length).toBe(2);
    expect(Array.from(maps, (g) => g.querySelector('text')!.textContent)).toEqual(['c0', 'c1']);
    expect(Array.from(maps, (g) => g.getAttribute('data-channel'))).toEqual(['0', '1']);
  });

  test('featureMaps embeds PNGs at tensor resolution, scaled up crisply with image-rendering: pixelated', () => {
    const svg = featureMaps(nhwc, { document, cellSize: 20 });
    const image = svg.querySelector('g.kb-feature-map > image')!;
    const png = decode(Buffer.from(image.getAttribute('href')!.split(',')[1], 'base64'));
    expect([png.width, png.height]).toEqual([3, 2]);
    expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['60', '40']);
    expect(image.getAttribute('style')).toContain('image-rendering: pixelated');
  });

  test('featureMaps with a shared scale: min is the first viridis colour, max the last, across both channels', () => {
    const [p0, p1] = pictures(featureMaps(nhwc, { document }));
    expect(p0[0]).toEqual(colour(interpolateViridis, 0));
    expect(p1[5]).toEqual(colour(interpolateViridis, 1));
    // c0's own max (5) is not the top colour: the scale runs 0..15 for both maps.
    expect(p0[5]).toEqual(expected(interpolateViridis, 5, 0, 15));
    expect(p0[5]).not.toEqual(colour(interpolateViridis, 1));
    c0.forEach((v, i) => expect(p0[i]).toEqual(expected(interpolateViridis, v, 0, 15)));
    c1.forEach((v, i) => expect(p1[i]).toEqual(expected(interpolateViridis, v, 0, 15)));
  });

  test("featureMaps with scale: 'per-channel' stretches each map over its own min..max", () => {
    const [p0, p1] = pictures(featureMaps(nhwc, { document, scale: 'per-channel' }));
    expect(p0[0]).toEqual(colour(interpolateViridis, 0));
    expect(p0[5]).toEqual(colour(interpolateViridis, 1));
    expect(p1[0]).toEqual(colour(interpolateViridis, 0));
    expect(p1[5]).toEqual(colour(interpolateViridis, 1));
  });

  test('featureMaps of the same values in NHWC and NCHW gives identical pictures', () => {
    const a = featureMaps(nhwc, { document });
    const b = featureMaps(nchw, { document, dataFormat: 'NCHW' });
    expect(pictures(b)).toEqual(pictures(a));
    const hrefs = (svg: Element) => Array.from(svg.querySelectorAll('g.kb-feature-map > image'), (i) => i.getAttribute('href'));
    expect(hrefs(b)).toEqual(hrefs(a));
    // channels_first is Keras's name for the same layout.
    expect(hrefs(featureMaps(nchw, { document, dataFormat: 'channels_first' }))).toEqual(hrefs(a));
  });

  test('featureMaps(x=[2,3,2]) without a batch axis and x=[2,3] as a single map', () => {
    const rank3 = tensor(Array.from(nhwc.data), [2, 3, 2]);
    expect(pictures(featureMaps(rank3, { document }))).toEqual(pictures(featureMaps(nhwc, { document })));
    const single = featureMaps(tensor(c0, [2, 3]), { document });
    expect(single.querySelectorAll('g.kb-feature-map').length).toBe(1);
    expect(pictures(single)[0][5]).toEqual(colour(interpolateViridis, 1));
  });

  test('featureMaps picks a batch item and channels, and names channels with labels', () => {
    const batch2 = tensor([...Array.from(nhwc.data), ...Array.from(nhwc.data, (v) => -v)], [2, 2, 3, 2]);
    const svg = featureMaps(batch2, { document, batch: 1, channels: [1], labels: ['red', 'green'] });
    const maps = svg.querySelectorAll('g.kb-feature-map');
    expect(maps.length).toBe(1);
    expect(maps[0].querySelector('text')!.textContent).toBe('green');
    expect(maps[0].querySelector('rect title')!.textContent).toBe('green [y=0, x=0] = -10');
  });

  test('featureMaps gives every pixel of a small map a hover title with its position and value', () => {
    const svg = featureMaps(nhwc, { document });
    const titles = Array.from(svg.querySelectorAll('g.kb-feature-map')[1].querySelectorAll('rect title'), (t) => t.textContent);
    expect(titles).toEqual([
      'c1 [y=0, x=0] = 10', 'c1 [y=0, x=1] = 11', 'c1 [y=0, x=2] = 12',
      'c1 [y=1, x=0] = 13', 'c1 [y=1, x=1] = 14', 'c1 [y=1, x=2] = 15',
    ]);
  });

  test('featureMaps shows the shared domain in its legend', () => {
    const legend = featureMaps(nhwc, { document }).querySelector('.kb-feature-maps-legend')!;
    expect(legend.querySelector('text')!.textContent).toBe('value: 0 … 15 (shared scale)');
    const ticks = Array.from(legend.querySelectorAll('text'), (t) => t.textContent).slice(1);
    expect(ticks).toEqual(['0', '2', '4', '6', '8', '10', '12', '14']);
  });

  test('featureMaps with a diverging scheme centres zero: 0 gets the middle of RdBu', () => {
    const [p] = pictures(featureMaps(tensor([-1, 0, 3], [1, 3]), { document, scheme: 'rdbu' }));
    expect(p[1]).toEqual(colour(interpolateRdBu, 0.5));
    expect(p[2]).toEqual(colour(interpolateRdBu, 1));
    expect(p[0]).toEqual(expected(interpolateRdBu, -1, -3, 3));
  });

  test('featureMaps leaves NaN transparent and clamps infinities to the ends', () => {
    const [p] = pictures(featureMaps(tensor([NaN, 0, 1, Infinity, -Infinity, 0.5], [2, 3]), { document }));
    expect(p[0][3]).toBe(0);
    expect(p[3]).toEqual(colour(interpolateViridis, 1));
    expect(p[4]).toEqual(colour(interpolateViridis, 0));
  });

  test('featureMaps carries a montage PNG of all maps for image/png', () => {
    const svg = featureMaps(nhwc, { document, cellSize: 2 });
    const png = decode(pngOf(svg)!);
    // Two 3x2 maps at 2x side by side with a 4px transparent gap.
    expect([png.width, png.height]).toEqual([3 * 2 * 2 + 4, 2 * 2]);
  });

  test('featureMaps(x=[1,112,112,32]) draws 32 maps as images, without a node or title per pixel', () => {
    const big = tensor(Array.from({ length: 112 * 112 * 32 }, (_, i) => Math.sin(i / 97)), [1, 112, 112, 32]);
    const svg = featureMaps(big, { document });
    expect(svg.querySelectorAll('g.kb-feature-map > image').length).toBe(32);
    expect(svg.querySelectorAll('rect title').length).toBe(0);
    expect(svg.querySelectorAll('rect').length).toBeLessThan(32 * 4);
  });

  test('pixelAt maps a pointer inside an on-screen image box to [y, x], and outside to null', () => {
    const box = { left: 10, top: 20, width: 60, height: 40 };
    expect(pixelAt(box, 10, 20, 3, 2)).toEqual([0, 0]);
    expect(pixelAt(box, 69.9, 59.9, 3, 2)).toEqual([1, 2]);
    expect(pixelAt(box, 35, 45, 3, 2)).toEqual([1, 1]);
    expect(pixelAt(box, 70, 30, 3, 2)).toBeNull();
    expect(pixelAt({ left: 0, top: 0, width: 0, height: 0 }, 0, 0, 3, 2)).toBeNull();
  });

  test('featureMaps names the bad argument', () => {
    expect(() => featureMaps(nhwc, {} as never)).toThrow('featureMaps: document: expected a DOM document');
    expect(() => featureMaps(nhwc, { document, scheme: 'rainbowz' })).toThrow('featureMaps: scheme: unknown colour scheme "rainbowz"');
    expect(() => featureMaps(nhwc, { document, channels: [2] })).toThrow('featureMaps: channels: 2 is not a channel index; the tensor has 2 channels (0..1)');
    expect(() => featureMaps(tensor([1, 2], [2]), { document })).toThrow('featureMaps: tensor: expected rank 2 [H,W], 3 or 4 (with batch), got shape [2]');
    expect(() => featureMaps(nhwc, { document, batch: 1 })).toThrow('featureMaps: batch: 1 is out of range for shape [1,2,3,2] (batch size 1)');
    expect(() => featureMaps(nhwc, { document, dataFormat: 'NWHC' as never })).toThrow("featureMaps: dataFormat: unknown data format \"NWHC\"");
    expect(() => featureMaps(nhwc, { document, labels: ['a'] })).toThrow('featureMaps: labels: 1 labels for 2 channels (2 shown)');
    expect(() => featureMaps(nhwc, { document, scale: 'global' as never })).toThrow("featureMaps: scale: expected 'shared' or 'per-channel', got \"global\"");
  });
});

describe('featureMaps with an explained op call', () => {
  test('carries the call\'s <metadata> only once serialised (mimeBundle), not while shown live', async () => {
    const { depthwiseConv2d } = await import('../../engine/index.js');
    const { mimeBundle } = await import('../../kernel/views/index.js');
    const x = tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
    const filter = tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);
    const y = depthwiseConv2d(x, filter, { padding: 'valid' });
    const svg = featureMaps(y, { document, explain: { op: 'depthwiseConv2d', x, filter, options: { padding: 'valid' } } });
    expect(svg.querySelector('metadata')).toBeNull();
    expect(svg.querySelector('.kb-feature-maps-hint')!.textContent).toMatch(/^Hover a value/);
    const bundle = mimeBundle(svg);
    expect(bundle['text/html']).toMatch(/<metadata class="kb-explain">/);
    expect(bundle['image/svg+xml']).toMatch(/<metadata class="kb-explain">/);
    // Serialising again does not add a second copy.
    expect(mimeBundle(svg)['text/html'].match(/<metadata/g)).toHaveLength(1);
  });
});
