// costBreakdown draws Plot bar charts in the caller's document; the tests read
// the bars back from the SVG. compareOps is checked against MACs and params
// worked out by hand for one MobileNet layer shape (56x56x128 -> 128, 3x3, SAME).
import { describe, expect, test } from 'vitest';
import { parseHTML } from 'linkedom';
import { compareOps, costBreakdown, costTable, type CostItem } from '../../kernel/views/index.js';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

const spec = { input: [1, 56, 56, 128], kernelSize: 3, filters: 128, padding: 'same' } as const;
const HAND = {
  // outputs x taps: 56*56*128 outputs, each 3*3*128 taps for conv2d, 3*3 for depthwise, 128 for 1x1.
  macs: [56 * 56 * 128 * 9 * 128, 56 * 56 * 128 * 9, 56 * 56 * 128 * 128, 56 * 56 * 128 * 9 + 56 * 56 * 128 * 128],
  params: [9 * 128 * 128, 9 * 128, 128 * 128, 9 * 128 + 128 * 128],
};

function chart(svg: Element, metric: string): Element {
  const g = svg.querySelector(`g.kb-cost-chart[data-metric="${metric}"]`);
  expect(g, `a ${metric} chart`).not.toBeNull();
  return g!;
}

/** Bar rects of a chart, grouped by x position (one group per op). */
function bars(g: Element): { x: number; height: number }[] {
  return Array.from(g.querySelectorAll('g[aria-label="bar"] rect'), (r) => ({ x: Number(r.getAttribute('x')), height: Number(r.getAttribute('height')) }));
}

function stackHeights(g: Element): number[] {
  const byX = new Map<number, number>();
  for (const b of bars(g)) byX.set(b.x, (byX.get(b.x) ?? 0) + b.height);
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h);
}

const withProfiles = (): CostItem[] => {
  const items = compareOps(spec);
  const ms = [
    { packing: 1.5, conv: 10, epilogue: 1 },
    { packing: 0.1, depthwise: 0.7, epilogue: 0.1 },
    { packing: 0.2, pointwise: 1.6, epilogue: 0.1 },
    { packing: 0.3, depthwise: 0.7, pointwise: 1.6, epilogue: 0.1 },
  ];
  return items.map((item, i) => ({ ...item, profile: { totalMs: Object.values(ms[i]).reduce((a, b) => a + b, 0), phases: ms[i] } }));
};

describe('compareOps', () => {
  test('compareOps(x=[1,56,56,128] k=3 filters=128 p=same) costs conv2d, depthwise, pointwise and separable', () => {
    const items = compareOps(spec);
    expect(items.map((i) => i.label)).toEqual(['conv2d 3x3', 'depthwise 3x3', 'pointwise 1x1', 'separable 3x3']);
    expect(items.map((i) => i.cost.macs)).toEqual(HAND.macs);
    expect(items.map((i) => i.cost.params)).toEqual(HAND.params);
  });

  test('compareOps: separable/conv2d MACs is MobileNet’s 1/N + 1/Dk²', () => {
    const [conv, , , separable] = compareOps(spec);
    expect(separable.cost.macs / conv.cost.macs).toBeCloseTo(1 / 128 + 1 / 9, 12);
  });

  test('compareOps(dataFormat=NCHW, depthMultiplier=2) reads channels from axis 1 and widens the 1x1 stage', () => {
    const items = compareOps({ input: [1, 8, 10, 10], kernelSize: [3, 1], filters: 4, depthMultiplier: 2, dataFormat: 'NCHW', padding: 'valid' });
    // VALID 3x1 on 10x10 gives 8x10 outputs.
    expect(items.map((i) => i.cost.macs)).toEqual([8 * 10 * 4 * 3 * 8, 8 * 10 * 16 * 3, 8 * 10 * 4 * 16, 8 * 10 * 16 * 3 + 8 * 10 * 4 * 16]);
    expect(() => compareOps({ ...spec, filters: 0 })).toThrow('compareOps: filters: expected an integer >= 1, got 0');
  });
});

describe('costBreakdown', () => {
  test("costBreakdown(metric='macs') draws one bar per op, heights proportional to MACs", () => {
    const svg = costBreakdown(compareOps(spec), { document, metric: 'macs' });
    const g = chart(svg, 'macs');
    const heights = bars(g).map((b) => b.height);
    expect(heights.length).toBe(4);
    heights.forEach((h, i) => expect(h / heights[0]).toBeCloseTo(HAND.macs[i] / HAND.macs[0], 3));
    const text = g.textContent!;
    for (const label of ['conv2d', 'depthwise', 'pointwise', 'separable']) expect(text).toContain(label);
    expect(text).toContain('462M');
    expect(text).toContain('MACs');
  });

  test("costBreakdown(metric='all') without profiles draws MACs, params and bytes; bytes stack input, weights, output", () => {
    const items = compareOps(spec);
    const svg = costBreakdown(items, { document });
    expect(Array.from(svg.querySelectorAll('g.kb-cost-chart'), (g) => g.getAttribute('data-metric'))).toEqual(['macs', 'params', 'bytes']);
    const params = bars(chart(svg, 'params')).map((b) => b.height);
    params.forEach((h, i) => expect(h / params[0]).toBeCloseTo(HAND.params[i] / HAND.params[0], 3));
    const bytes = chart(svg, 'bytes');
    expect(bars(bytes).length).toBe(12);
    const totals = items.map((i) => i.cost.bytes.input + i.cost.bytes.weights + i.cost.bytes.output);
    stackHeights(bytes).forEach((h, i, all) => expect(h / all[0]).toBeCloseTo(totals[i] / totals[0], 3));
    expect(Array.from(bytes.querySelectorAll('.kb-cost-legend text'), (t) => t.textContent)).toEqual(['input', 'weights', 'output']);
  });

  test('costBreakdown with profiles adds measured ms stacked by phase, totals proportional to totalMs', () => {
    const items = withProfiles();
    const svg = costBreakdown(items, { document });
    const ms = chart(svg, 'ms');
    expect(bars(ms).length).toBe(3 + 3 + 3 + 4);
    stackHeights(ms).forEach((h, i, all) => expect(h / all[0]).toBeCloseTo(items[i].profile!.totalMs / items[0].profile!.totalMs, 3));
    expect(Array.from(ms.querySelectorAll('.kb-cost-legend text'), (t) => t.textContent)).toEqual(['packing', 'depthwise', 'pointwise', 'conv', 'epilogue']);
    expect(ms.textContent).toContain('12.5 ms');
  });

  test('costBreakdown returns one SVG holding every chart, with the title', () => {
    const svg = costBreakdown(withProfiles(), { document, title: 'one layer, four ways' });
    expect(svg.localName).toBe('svg');
    expect(svg.querySelectorAll('svg').length).toBe(4);
    expect(svg.querySelector('text')!.textContent).toBe('one layer, four ways');
  });

  test('costTable lines up the numbers for text/plain', () => {
    expect(costTable(withProfiles()).split('\n')).toEqual([
      'op                  MACs  params    bytes    ms',
      'conv2d 3x3     462422016  147456  3801088  12.5',
      'depthwise 3x3    3612672    1152  3215872   0.9',
      'pointwise 1x1   51380224   16384  3276800   1.9',
      'separable 3x3   54992896   17536  3281408   2.7',
    ]);
  });

  test('costBreakdown names what is wrong', () => {
    const items = compareOps(spec);
    expect(() => costBreakdown(items, { document, metric: 'ms' })).toThrow("costBreakdown: items: metric 'ms' needs a profile");
    expect(() => costBreakdown(items, { document, metric: 'time' as never })).toThrow('costBreakdown: metric: unknown metric "time"');
    expect(() => costBreakdown([items[0], items[0]], { document })).toThrow('costBreakdown: items[1]: label "conv2d 3x3" is used twice');
    expect(() => costBreakdown([], { document })).toThrow('costBreakdown: items: expected a non-empty array');
    expect(() => costBreakdown([{ label: 'x', cost: {} as never }], { document })).toThrow('costBreakdown: items[0]: "x" needs a cost from engine cost()');
    expect(() => costBreakdown(items, {} as never)).toThrow('costBreakdown: document: expected a DOM document');
  });
});
