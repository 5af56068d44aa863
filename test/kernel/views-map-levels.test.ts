// mapLevels: every map's palette indices in one pass, which must equal
// levelOf (color-scheme.ts) value by value: in memory order (NHWC, every
// channel) and channel by channel (NCHW, a subset, a degenerate domain), with
// NaN, infinities, values outside the domain and the rounding edge below 0.5.
import { expect, test } from 'vitest';
import { tensor } from '../../engine/tensor.js';
import { channelLayout } from '../../kernel/views/channel-layout.js';
import { levelOf } from '../../kernel/views/color-scheme.js';
import { mapLevels } from '../../kernel/views/map-levels.js';

// A seeded generator, so a failure names values that come back.
function values(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float32Array.from({ length: count }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? Infinity : i % 83 === 0 ? -Infinity : (next() - 0.5) * 8));
}

function expected(data: Float32Array, layout: ReturnType<typeof channelLayout>, domains: [number, number][]): number[] {
  const pixels = layout.height * layout.width;
  return layout.channels.flatMap((c, k) => Array.from({ length: pixels }, (_, p) => levelOf(data[layout.first(c) + p * layout.pixelStride], ...domains[k])));
}

test.each([
  ['x=[1,5,7,4] NHWC, every channel, shared domain', [1, 5, 7, 4], { dataFormat: 'NHWC' }, (c: number) => [-3, 2.5] as [number, number]],
  ['x=[1,5,7,4] NHWC, every channel, a domain per channel', [1, 5, 7, 4], { dataFormat: 'NHWC' }, (c: number) => [-c, c + 0.5] as [number, number]],
  ['x=[2,3,6,5] NHWC batch 1, channels [4,0,2]', [2, 3, 6, 5], { dataFormat: 'NHWC', batch: 1, channels: [4, 0, 2] }, () => [-1, 1] as [number, number]],
  ['x=[1,4,3,6] NCHW, every channel', [1, 4, 3, 6], { dataFormat: 'NCHW' }, () => [-2, 3] as [number, number]],
  ['x=[1,4,4,3] NHWC, one degenerate domain', [1, 4, 4, 3], { dataFormat: 'NHWC' }, (c: number) => (c === 1 ? [1, 1] : [-4, 4]) as [number, number]],
  ['x=[6,5] one map', [6, 5], {}, () => [-4, 4] as [number, number]],
] as const)('mapLevels(%s) equals levelOf for every value', (_, shape, options, domainOf) => {
  const data = values(shape.reduce((a, b) => a * b, 1), shape.length * 7919);
  const layout = channelLayout('test', tensor(data, [...shape]), options as Parameters<typeof channelLayout>[2]);
  const domains = layout.channels.map((c) => domainOf(c));
  const out = new Uint8Array(layout.channels.length * layout.height * layout.width);
  mapLevels(layout, domains, out);
  expect(Array.from(out)).toEqual(expected(data, layout, domains));
});

test('mapLevels rounds halves up as Math.round does (t * 254 = 0.5, 1.5, 253.5) and clamps at the ends', () => {
  // Domain [0, 508]: each value v lands on t * 254 = v / 2.
  const data = Float32Array.from([1, 0.9999999, 1.0000001, 3, 507, 507.00003, 0, 508, -1, 509]);
  const layout = channelLayout('test', tensor(data, [data.length, 1]), {});
  const out = new Uint8Array(data.length);
  mapLevels(layout, [[0, 508]], out);
  expect(Array.from(out)).toEqual(Array.from(data, (v) => levelOf(v, 0, 508)));
  expect(out[0]).toBe(2); // 0.5 rounds up, as Math.round(0.5) is 1
});
