// The fast engines under the call sequences that once gave wrong numbers or
// never settled: a fresh engine's first call that makes its memory grow, a
// call arriving while profile() runs, dispose() with work in flight. Each
// case is a specification the differential stress suite (stress.test.ts)
// then generalises. Workers run the built JS, so this imports from dist/.
import { describe, expect, it } from 'vitest';
import * as reference from '../../engine/ops.js';
import { tensor, type Tensor } from '../../engine/tensor.js';
import { createEngine, createSyncEngine } from '../../dist/engine/engine.js';
import { mulberry32 } from './cases.js';

/** Values k/16 in [-2, 2]: every product and partial sum is exact in float32, in any order. */
function sixteenths(shape: number[], seed: number): Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, () => Math.floor(rand() * 65) / 16 - 2), shape);
}

/** How many outputs differ from the reference (bit for bit), and the largest difference. */
function wrong(actual: Tensor, expected: Tensor): { count: number; max: number } {
  expect(actual.shape).toEqual(expected.shape);
  let count = 0, max = 0;
  for (let i = 0; i < expected.data.length; i++) {
    if (Object.is(actual.data[i], expected.data[i])) continue;
    count++;
    max = Math.max(max, Math.abs(actual.data[i] - expected.data[i]));
  }
  return { count, max };
}

const RIGHT = { count: 0, max: 0 };

describe('a fresh engine\'s first call, which makes its memory grow', () => {
  // Fewer than 8 input channels: conv2d gathers patches into per-tile scratch.
  const firstCalls = [
    { x: [1, 224, 224, 3], f: [3, 3, 3, 32], options: { strides: 2, padding: 'same' } },
    { x: [1, 64, 64, 3], f: [3, 3, 3, 8], options: { padding: 'same' } },
    { x: [1, 96, 96, 1], f: [5, 5, 1, 8], options: { padding: 'valid' } },
  ];
  for (const { x: xs, f: fs, options } of firstCalls) {
    it(`conv2d x=[${xs}] f=[${fs}] ${JSON.stringify(options)} equals the reference on sync and 1-2 thread engines`, async () => {
      const x = sixteenths(xs, 1), f = sixteenths(fs, 2);
      const expected = reference.conv2d(x, f, options);
      const sync = await createSyncEngine();
      expect(wrong(sync.conv2d(x, f, options), expected), 'sync').toEqual(RIGHT);
      for (const threads of [1, 2]) {
        const engine = await createEngine({ threads });
        try {
          expect(wrong(await engine.conv2d(x, f, options), expected), `threads=${threads}`).toEqual(RIGHT);
        } finally {
          await engine.dispose();
        }
      }
    });
  }

  it('a filter larger than the initial memory is packed on first use (conv2d 3x3x256x256)', async () => {
    // 2.4 MB packed plus its 2.4 MB copy: past the 4 MiB a fresh engine starts with.
    const x = sixteenths([1, 4, 4, 256], 3), f = sixteenths([3, 3, 256, 256], 4);
    const expected = reference.conv2d(x, f, { padding: 'same' });
    expect(wrong((await createSyncEngine()).conv2d(x, f, { padding: 'same' }), expected), 'sync').toEqual(RIGHT);
    const engine = await createEngine({ threads: 2 });
    try {
      expect(wrong(await engine.conv2d(x, f, { padding: 'same' }), expected), 'threads=2').toEqual(RIGHT);
    } finally {
      await engine.dispose();
    }
  });

  it('a long-lived engine stays right when a larger conv2d than any before arrives', async () => {
    const sync = await createSyncEngine();
    for (const [size, seed] of [[8, 5], [40, 6], [16, 7], [120, 8], [200, 9]]) {
      const x = sixteenths([1, size, size, 3], seed), f = sixteenths([3, 3, 3, 16], seed + 100);
      expect(wrong(sync.conv2d(x, f, { padding: 'same' }), reference.conv2d(x, f, { padding: 'same' })), `${size}x${size}`).toEqual(RIGHT);
    }
  });
});

describe('engine.profile() and other calls at once', () => {
  it('a call arriving while profile() runs waits its turn, and both are right', async () => {
    const engine = await createEngine({ threads: 2 });
    try {
      const x = sixteenths([1, 56, 56, 128], 11), f = sixteenths([3, 3, 128, 128], 12);
      const x2 = sixteenths([1, 112, 112, 32], 13), f2 = sixteenths([3, 3, 32, 1], 14);
      const profiled = engine.profile('conv2d', x, f, { padding: 'same' });
      await new Promise((resolve) => setTimeout(resolve, 1));
      const other = engine.depthwiseConv2d(x2, f2, { padding: 'same' });
      const [{ result }, y] = await Promise.all([profiled, other]);
      expect(wrong(result, reference.conv2d(x, f, { padding: 'same' })), 'profiled conv2d').toEqual(RIGHT);
      expect(wrong(y, reference.depthwiseConv2d(x2, f2, { padding: 'same' })), 'depthwise').toEqual(RIGHT);
    } finally {
      await engine.dispose();
    }
  });
});

describe('engine.dispose() with work in flight', () => {
  for (const threads of [2, 3]) {
    it(`settles every pending call and resolves (${threads} threads)`, async () => {
      const engine = await createEngine({ threads });
      const x = sixteenths([1, 56, 56, 128], 21), f = sixteenths([3, 3, 128, 128], 22);
      const calls = [0, 1, 2].map(() => engine.conv2d(x, f, { padding: 'same' }).then(
        (y) => ({ y }),
        (error: Error) => ({ error }),
      ));
      await new Promise((resolve) => setTimeout(resolve, 1));
      await engine.dispose();
      const outcomes = await Promise.all(calls);
      const expected = reference.conv2d(x, f, { padding: 'same' });
      for (const outcome of outcomes) {
        if ('y' in outcome) expect(wrong(outcome.y, expected)).toEqual(RIGHT);
        else expect(outcome.error.message).toMatch(/engine: the engine was disposed/);
      }
      // The queued calls never started: at least they were refused.
      expect(outcomes.filter((o) => 'error' in o).length).toBeGreaterThanOrEqual(2);
      await expect(engine.conv2d(x, f)).rejects.toThrow(/engine: the engine was disposed/);
    }, 20_000);
  }
});
