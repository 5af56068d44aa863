// Snapshots of the views as people see them (test/snapshots/views/*.svg).
// Inputs are fixed patterns, so the pictures are the same on every machine.
import { expect, test } from 'vitest';
import { parseHTML } from 'linkedom';
import { compareOps, costBreakdown, featureMaps, mimeBundle, type CostItem } from '../../kernel/views/index.js';
import { tensor } from '../../engine/tensor.js';
import { matchSnapshot } from '../snapshots/snapshot.js';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

function expectSnapshot(name: string, value: unknown) {
  const svg = mimeBundle(value)['image/svg+xml'];
  expect(svg, `${name} renders as SVG`).toBeDefined();
  const result = matchSnapshot(`views/${name}`, svg);
  expect(result.status, `${name} differs from its snapshot; see ${result.path}`).not.toBe('changed');
}

test('featureMaps(seed depthwise output [1,2,2,2]) snapshot', () => {
  const t = tensor([-2, 18, 12, 21, 17, -7, -13, 16], [1, 2, 2, 2]);
  expectSnapshot('feature-maps-seed.svg', featureMaps(t, { document, title: 'tf.nn.depthwise_conv2d, the seed example' }));
});

test('featureMaps(x=[1,4,12,12] NCHW, RdBu, 4 columns) snapshot: ramps, checkerboard and ring', () => {
  const n = 12;
  const values: number[] = [];
  const patterns = [
    (y: number, x: number) => x - 5.5,
    (y: number, x: number) => 5.5 - y,
    (y: number, x: number) => ((x >> 1) + (y >> 1)) % 2 ? 4 : -4,
    (y: number, x: number) => 6 - 2 * Math.abs(Math.hypot(y - 5.5, x - 5.5) - 3.5),
  ];
  for (const f of patterns) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) values.push(f(y, x));
  const t = tensor(values, [1, 4, n, n]);
  expectSnapshot('feature-maps-patterns-nchw.svg', featureMaps(t, {
    document, dataFormat: 'NCHW', scheme: 'RdBu', columns: 4, title: 'Four 12x12 channels, NCHW',
    labels: ['x ramp', 'y ramp', 'checker', 'ring'],
  }));
});

test('costBreakdown(compareOps 56x56x128 -> 128, 3x3, with profiles) snapshot', () => {
  // Illustrative timings (fixed, not measured) so the snapshot is stable.
  const phases = [
    { packing: 1.5, conv: 10, epilogue: 1 },
    { packing: 0.1, depthwise: 0.7, epilogue: 0.1 },
    { packing: 0.2, pointwise: 1.6, epilogue: 0.1 },
    { packing: 0.3, depthwise: 0.7, pointwise: 1.6, epilogue: 0.1 },
  ];
  const items: CostItem[] = compareOps({ input: [1, 56, 56, 128], kernelSize: 3, filters: 128, padding: 'same' }).map((item, i) => ({
    ...item,
    profile: { totalMs: Object.values(phases[i]).reduce((a, b) => a + b, 0), phases: phases[i] },
  }));
  expectSnapshot('cost-breakdown-separable.svg', costBreakdown(items, { document, title: 'One layer four ways: 56x56x128 → 128, 3x3, SAME' }));
});

test("costBreakdown(metric='macs', MobileNet 112x112x32 -> 64) snapshot", () => {
  const items = compareOps({ input: [1, 112, 112, 32], kernelSize: 3, filters: 64, padding: 'same' });
  expectSnapshot('cost-breakdown-macs.svg', costBreakdown(items, { document, metric: 'macs', width: 480 }));
});

test('matchSnapshot creates a missing snapshot, matches it, and writes NAME-changed beside it on a difference', async () => {
  const { existsSync, readFileSync, rmSync } = await import('node:fs');
  const name = `views/helper-check-${process.pid}.svg`;
  const first = matchSnapshot(name, '<svg><rect width="1.23456"/></svg>');
  try {
    expect(first.status).toBe('created');
    expect(readFileSync(first.path, 'utf8')).toBe('<svg>\n<rect width="1.23"/>\n</svg>\n');
    expect(matchSnapshot(name, '<svg><rect width="1.2345"/></svg>').status).toBe('matched');
    const changed = matchSnapshot(name, '<svg><rect width="2"/></svg>');
    expect(changed.status).toBe('changed');
    expect(changed.path.endsWith(`helper-check-${process.pid}-changed.svg`)).toBe(true);
    expect(existsSync(changed.path)).toBe(true);
    expect(matchSnapshot(name, '<svg><rect width="1.23"/></svg>').status).toBe('matched');
    expect(existsSync(changed.path)).toBe(false);
  } finally {
    rmSync(first.path, { force: true });
    rmSync(first.path.replace('.svg', '-changed.svg'), { force: true });
  }
});
