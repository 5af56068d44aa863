// The palette index of every value of every map: levelOf (color-scheme.ts)
// for 400,000 values a slider step, so the loop is written for speed and
// tested against levelOf value by value. Two things cost: reading an NHWC
// tensor one channel at a time touches a new cache line for every value (one
// pass in memory order, writing all the maps at once, does not), and
// Math.round, which is three times slower here than truncating x + 0.5.
import type { ChannelLayout } from './channel-layout.js';
import { LEVELS, levelOf } from './color-scheme.js';

const TOP = LEVELS - 1;

/**
 * Fills `out` (channel after channel, each `height * width` indices,
 * row-major) with the level of each picked channel's values under that
 * channel's domain, exactly as levelOf gives it.
 */
export function mapLevels(layout: ChannelLayout, domains: readonly (readonly [number, number])[], out: Uint8Array): void {
  const { data, channels, channelCount, pixelStride } = layout;
  const pixels = layout.height * layout.width;
  if (out.length !== channels.length * pixels) throw new Error(`mapLevels: ${out.length} indices for ${channels.length} maps of ${pixels} pixels`);
  const inOrder = pixelStride === channelCount && channels.length === channelCount && channels.every((c, i) => c === i);
  const proper = domains.every(([lo, hi]) => hi > lo);
  if (inOrder && proper && channelCount > 1) {
    const lows = Float64Array.from(domains, (d) => d[0]);
    const spans = Float64Array.from(domains, (d) => d[1] - d[0]);
    const count = channelCount;
    for (let p = 0, i = layout.first(0); p < pixels; p++) {
      for (let c = 0; c < count; c++, i++) out[c * pixels + p] = level(data[i], lows[c], spans[c]);
    }
    return;
  }
  channels.forEach((channel, k) => {
    const [lo, hi] = domains[k];
    const first = layout.first(channel);
    const at = k * pixels;
    if (hi > lo) {
      const span = hi - lo;
      for (let p = 0, i = first; p < pixels; p++, i += pixelStride) out[at + p] = level(data[i], lo, span);
    } else {
      for (let p = 0, i = first; p < pixels; p++, i += pixelStride) out[at + p] = levelOf(data[i], lo, hi);
    }
  });
}

/**
 * levelOf for a proper domain (span > 0). Rounding x in [0, TOP] as
 * (x + 0.5) | 0 equals Math.round(x) for x >= 0.5 (the sum is exact or rounds
 * within the same integer); below 0.5 the sum can round up to 1
 * (0.49999999999999994 + 0.5 === 1), so those are 0 outright.
 */
function level(v: number, lo: number, span: number): number {
  if (v !== v) return 0;
  const t = (v - lo) / span;
  const x = (t < 0 ? 0 : t > 1 ? 1 : t) * TOP;
  return 1 + (x < 0.5 ? 0 : (x + 0.5) | 0);
}
