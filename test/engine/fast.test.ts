// createEngine (the WebAssembly SIMD engine) against the exact reference ops.
// Workers run the built JS, so this imports the engine from dist/ (`npm test`
// builds first; run `npm run build` before running this file alone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../../engine/ops.js';
import { tensor, type Tensor } from '../../engine/tensor.js';
import { createEngine, createSyncEngine, type Engine, type SyncEngine } from '../../dist/engine/engine.js';
import { engineDebug } from '../../dist/engine/debug.js';

type Op = 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d' | 'separableConv2d';
type Options = Record<string, unknown>;

// Seeded so a failure names a reproducible case.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values k/16 in [-2, 2]: every product and partial sum is exact, so any order gives the same float. */
function sixteenths(n: number, rnd: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.round((rnd() * 4 - 2) * 16) / 16);
}
function floats(n: number, rnd: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => rnd() * 2 - 1);
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function firstDifference(a: Float32Array, e: Float32Array, tolerance: number): number {
  if (a.length !== e.length) return 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(e[i])) continue;
    if (tolerance === 0 ? !Object.is(a[i], e[i]) : !(Math.abs(a[i] - e[i]) <= tolerance * (1 + Math.abs(e[i])))) return i;
  }
  return -1;
}

interface Case { op: Op; x: number[]; f: number[]; pw?: number[]; options: Options }

function tensors(c: Case, values: (n: number, rnd: () => number) => Float32Array, seed: number) {
  const rnd = random(seed);
  const x = tensor(values(size(c.x), rnd), c.x);
  const f = tensor(values(size(c.f), rnd), c.f);
  const pw = c.pw ? tensor(values(size(c.pw), rnd), c.pw) : undefined;
  const outChannels = c.pw ? c.pw[c.pw.length - 1] : c.op === 'depthwiseConv2d' ? c.f[2] * c.f[3] : c.f[c.f.length - 1];
  const options = { ...c.options, bias: c.options.bias ? values(outChannels, rnd) : undefined };
  return { x, f, pw, options };
}

function runReference(c: Case, t: ReturnType<typeof tensors>): Tensor {
  if (c.op === 'separableConv2d') return reference.separableConv2d(t.x, t.f, t.pw!, t.options);
  return reference[c.op](t.x, t.f, t.options);
}
async function runFast(engine: Engine | SyncEngine, c: Case, t: ReturnType<typeof tensors>): Promise<Tensor> {
  if (c.op === 'separableConv2d') return engine.separableConv2d(t.x, t.f, t.pw!, t.options);
  return engine[c.op](t.x, t.f, t.options);
}

function nchw(shape: number[]): number[] {
  return [shape[0], shape[3], shape[1], shape[2]];
}
function name(c: Case): string {
  const o = c.options;
  return `${c.op} x=[${c.x}] f=[${c.f}]${c.pw ? ` pw=[${c.pw}]` : ''} s=${o.strides ?? 1} d=${o.dilations ?? 1} p=${JSON.stringify(o.padding ?? 'valid')}${o.dataFormat ? ` ${o.dataFormat}` : ''}${o.activation ? ` ${o.activation}` : ''}${o.bias ? ' bias' : ''}`;
}

// Every kernel path and its tails: channels 1..9 and 17 against the 4-lane
// step, widths 1..9 against the 4-row GEMM tile, N past multiples of 8,
// border pixels, strides, dilations, every padding mode, multipliers 1/2/3.
const cases: Case[] = [];
const paddings: unknown[] = ['valid', 'same', [[1, 2], [0, 1]]];
for (const c of [1, 2, 3, 4, 5, 6, 7, 8, 9, 17]) {
  const w = c % 9 + 1;
  cases.push({ op: 'depthwiseConv2d', x: [1, 6, w, c], f: [3, 3, c, 1], options: { padding: 'same', bias: true, activation: 'relu6' } });
  cases.push({ op: 'pointwiseConv2d', x: [1, 3, w, c], f: [1, 1, c, c + 6], options: { bias: c % 2 === 0 } });
}
for (const padding of paddings) {
  for (const strides of [1, 2]) {
    cases.push({ op: 'depthwiseConv2d', x: [2, 9, 8, 5], f: [3, 3, 5, 1], options: { padding, strides, bias: true, activation: 'relu' } });
    cases.push({ op: 'depthwiseConv2d', x: [1, 11, 10, 6], f: [5, 5, 6, 1], options: { padding, strides } });
    cases.push({ op: 'depthwiseConv2d', x: [1, 9, 9, 7], f: [3, 3, 7, 2], options: { padding, strides, bias: true } });
    cases.push({ op: 'depthwiseConv2d', x: [1, 8, 7, 5], f: [2, 3, 5, 3], options: { padding, strides, bias: true, activation: 'relu6' } });
    cases.push({ op: 'conv2d', x: [2, 9, 7, 3], f: [3, 3, 3, 11], options: { padding, strides, bias: true, activation: 'relu' } });
    cases.push({ op: 'conv2d', x: [1, 8, 9, 6], f: [2, 4, 6, 8], options: { padding, strides } });
    cases.push({ op: 'pointwiseConv2d', x: [1, 7, 6, 5], f: [5, 9], options: { padding, strides, bias: true } });
    cases.push({ op: 'separableConv2d', x: [1, 9, 8, 6], f: [3, 3, 6, 2], pw: [1, 1, 12, 9], options: { padding, strides, bias: true, activation: 'relu6' } });
  }
}
for (const dilations of [2, [2, 3]]) {
  cases.push({ op: 'depthwiseConv2d', x: [1, 12, 11, 5], f: [3, 3, 5, 1], options: { padding: 'same', dilations } });
  cases.push({ op: 'depthwiseConv2d', x: [1, 14, 13, 4], f: [5, 5, 4, 1], options: { padding: 'valid', dilations, bias: true } });
  cases.push({ op: 'depthwiseConv2d', x: [1, 12, 11, 3], f: [3, 3, 3, 2], options: { padding: 'same', dilations } });
  cases.push({ op: 'conv2d', x: [1, 12, 11, 5], f: [3, 3, 5, 7], options: { padding: 'same', dilations, activation: 'relu' } });
}
// Channels-first and the activations the kernels leave to a pass in JS.
cases.push({ op: 'depthwiseConv2d', x: nchw([1, 7, 6, 5]), f: [3, 3, 5, 2], options: { padding: 'same', dataFormat: 'NCHW', bias: true, activation: 'sigmoid' } });
cases.push({ op: 'conv2d', x: nchw([1, 7, 6, 5]), f: [3, 3, 5, 6], options: { padding: 'same', strides: 2, dataFormat: 'NCHW', bias: true, activation: 'tanh' } });
cases.push({ op: 'pointwiseConv2d', x: nchw([1, 5, 5, 9]), f: [1, 1, 9, 4], options: { dataFormat: 'channels_first', activation: 'elu' } });
cases.push({ op: 'separableConv2d', x: nchw([1, 8, 8, 4]), f: [3, 3, 4, 1], pw: [4, 10], options: { padding: 'same', dataFormat: 'NCHW', bias: true } });
// Bigger than a tile per thread in both directions.
cases.push({ op: 'depthwiseConv2d', x: [1, 30, 33, 40], f: [3, 3, 40, 1], options: { padding: 'same', bias: true } });
cases.push({ op: 'pointwiseConv2d', x: [1, 17, 19, 70], f: [1, 1, 70, 90], options: { bias: true, activation: 'relu' } });
cases.push({ op: 'conv2d', x: [1, 20, 18, 16], f: [3, 3, 16, 24], options: { padding: 'same', strides: 2, bias: true } });

describe('createEngine and createSyncEngine', () => {
  const engines: Engine[] = [];
  let sync: SyncEngine;
  /** The async engines at 1-3 threads, then the sync engine. */
  const every = (): (Engine | SyncEngine)[] => [...engines, sync];
  beforeAll(async () => {
    // smallJobMacs: 0 sends every multi-tile job to the workers, so small cases exercise the pool.
    for (const threads of [1, 2, 3]) engines.push(await createEngine({ threads, smallJobMacs: 0 }));
    sync = await createSyncEngine();
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
  });

  it('createEngine({ threads }) gives that many threads with shared memory', () => {
    expect(engines.map((e) => e.threads)).toEqual([1, 2, 3]);
    expect(engines.map((e) => e.reason)).toEqual([null, null, null]);
  });

  for (const c of cases) {
    it(`${name(c)} equals the reference exactly on k/16 values, 1-3 threads and sync`, async () => {
      const t = tensors(c, sixteenths, cases.indexOf(c) + 1);
      const expected = runReference(c, t);
      for (const engine of every()) {
        const actual = await runFast(engine, c, t);
        expect(actual.shape).toEqual(expected.shape);
        const i = firstDifference(actual.data, expected.data, 0);
        expect(i, `threads=${engine.threads} index ${i}: ${actual.data[i]} vs ${expected.data[i]}`).toBe(-1);
      }
    });
  }

  it.each(cases.filter((_, i) => i % 3 === 0).map((c) => [name(c), c] as const))('%s agrees within 1e-5 on random floats, and threads agree exactly', async (_, c) => {
    const t = tensors(c, floats, 1000 + cases.indexOf(c));
    const expected = runReference(c, t);
    const results = await Promise.all(every().map((e) => runFast(e, c, t)));
    for (const r of results) expect(firstDifference(r.data, expected.data, 1e-5)).toBe(-1);
    // Each output is computed by one thread in one fixed order, so thread counts
    // (and running synchronously) do not change bits.
    for (const r of results.slice(1)) expect(firstDifference(r.data, results[0].data, 0)).toBe(-1);
  });

  it('rejects bad arguments with the reference ops\' errors', async () => {
    const x = tensor(new Float32Array(2 * 2 * 3), [1, 2, 2, 3]);
    const f = tensor(new Float32Array(9 * 4 * 2), [3, 3, 4, 2]);
    expect(() => reference.conv2d(x, f)).toThrow(/filter/);
    await expect(engines[1].conv2d(x, f)).rejects.toThrow(/conv2d: filter: .*expects 4 input channels/);
    await expect(engines[1].depthwiseConv2d(x, tensor(new Float32Array(27), [3, 3, 3, 1]), { padding: 'full' })).rejects.toThrow(/depthwiseConv2d: padding: unknown padding/);
  });

  it('an AbortSignal cancels an op in flight with an AbortError, and the engine stays usable', async () => {
    const engine = engines[1];
    const rnd = random(7);
    // About 10 GMACs: seconds of work, so a cancel that only rejected at the
    // end would show as most tiles computed, however loaded the machine is.
    const x = tensor(floats(1 * 128 * 128 * 256, rnd), [1, 128, 128, 256]);
    const f = tensor(floats(3 * 3 * 256 * 256, rnd), [3, 3, 256, 256]);
    const controller = new AbortController();
    const pending = engine.conv2d(x, f, { padding: 'same', signal: controller.signal });
    // The first turn of the event loop the op gives up: it is computing by then.
    setTimeout(() => controller.abort(), 0);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const job = engineDebug(engine).lastJob()!;
    expect(job.tiles).toBeGreaterThan(100);
    expect(job.computed).toBeLessThan(job.tiles / 2);
    // An already-aborted signal rejects before any work.
    await expect(engine.depthwiseConv2d(x, tensor(floats(9 * 128, rnd), [3, 3, 128, 1]), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    const c = cases[0];
    const t = tensors(c, sixteenths, 1);
    expect(firstDifference((await runFast(engine, c, t)).data, runReference(c, t).data, 0)).toBe(-1);
  });

  it('a kernel that traps in a worker rejects the op, and the engine stays usable', async () => {
    for (const engine of [engines[1], engines[2], engines[0]]) {
      const trap = engineDebug(engine).trap(5);
      await expect(trap).rejects.toThrow(/unreachable/);
      const c = cases[1];
      const t = tensors(c, sixteenths, 2);
      expect(firstDifference((await runFast(engine, c, t)).data, runReference(c, t).data, 0)).toBe(-1);
    }
  });

  it('a filter reused across ops gives the same answers, and one changed in place is repacked', async () => {
    const engine = engines[1];
    const rnd = random(11);
    const x = tensor(sixteenths(1 * 12 * 12 * 20, rnd), [1, 12, 12, 20]);
    const f = tensor(sixteenths(9 * 20 * 24, rnd), [3, 3, 20, 24]);
    const dw = tensor(sixteenths(9 * 20, rnd), [3, 3, 20, 1]);
    for (let round = 0; round < 2; round++) {
      expect(firstDifference((await engine.conv2d(x, f, { padding: 'same' })).data, reference.conv2d(x, f, { padding: 'same' }).data, 0)).toBe(-1);
      expect(firstDifference((await engine.depthwiseConv2d(x, dw)).data, reference.depthwiseConv2d(x, dw).data, 0)).toBe(-1);
    }
    // The same array seen as a pointwise filter [180, 24] is a different packing.
    const asPointwise = tensor(f.data, [180, 24]);
    const wide = tensor(sixteenths(180 * 3 * 3, rnd), [1, 3, 3, 180]);
    expect(firstDifference((await engine.pointwiseConv2d(wide, asPointwise)).data, reference.pointwiseConv2d(wide, asPointwise).data, 0)).toBe(-1);
    f.data[0] += 1;
    f.data[f.data.length - 1] -= 1;
    expect(firstDifference((await engine.conv2d(x, f, { padding: 'same' })).data, reference.conv2d(x, f, { padding: 'same' }).data, 0)).toBe(-1);
  });

  it('any one value of a cached filter changed in place is seen: the answer is never stale', async () => {
    // Reused packings are checked while the workers already compute with them;
    // a changed filter stops the job and the op runs again with a fresh packing.
    for (const engine of every()) {
      const rnd = random(17);
      const x = tensor(sixteenths(1 * 6 * 5 * 9, rnd), [1, 6, 5, 9]);
      const f = tensor(sixteenths(9 * 9 * 10, rnd), [3, 3, 9, 10]);
      const dw = tensor(sixteenths(9 * 9 * 2, rnd), [3, 3, 9, 2]);
      const pw = tensor(sixteenths(18 * 7, rnd), [1, 1, 18, 7]);
      const same = { padding: 'same' as const };
      const agree = async (what: string) => {
        const at = `threads=${engine.threads} ${what}`;
        expect(firstDifference((await engine.conv2d(x, f, same)).data, reference.conv2d(x, f, same).data, 0), `conv2d ${at}`).toBe(-1);
        expect(firstDifference((await engine.depthwiseConv2d(x, dw, same)).data, reference.depthwiseConv2d(x, dw, same).data, 0), `depthwise ${at}`).toBe(-1);
        expect(firstDifference((await engine.separableConv2d(x, dw, pw, same)).data, reference.separableConv2d(x, dw, pw, same).data, 0), `separable ${at}`).toBe(-1);
      };
      await agree('on first use');
      // Every position in turn, odd and even (the check reads pairs of values).
      for (let i = 0; i < f.data.length; i += 7) {
        f.data[i] += 0.5;
        dw.data[i % dw.data.length] -= 0.25;
        pw.data[i % pw.data.length] += 0.125;
        await agree(`after changing value ${i}`);
      }
      // A finite filter, cached, that gains an Inf takes the reference's path.
      f.data[40] = Infinity;
      await agree('with an Inf');
      f.data[40] = 1;
      await agree('with the Inf gone');
    }
  });

  it('a filter holding Inf or NaN at a tap that meets padding gives the reference\'s finite border, not NaN', async () => {
    const rnd = random(13);
    // 3 channels (the gathered-patch path) and 6 (igemm); Inf on the top-left tap, which every top-row pixel skips.
    for (const [c, n] of [[3, 5], [6, 9]]) {
      const x = tensor(sixteenths(7 * 6 * c, rnd), [1, 7, 6, c]);
      const f = tensor(sixteenths(9 * c * n, rnd), [3, 3, c, n]);
      f.data[0] = Infinity;
      f.data[1] = Number.NaN;
      const expected = reference.conv2d(x, f, { padding: 'same' });
      expect(Number.isFinite(expected.data[n]), 'the reference skips the padded tap').toBe(true);
      for (const engine of every()) {
        expect(firstDifference((await engine.conv2d(x, f, { padding: 'same' })).data, expected.data, 0), `c=${c} threads=${engine.threads}`).toBe(-1);
      }
    }
    // A 1x1 filter with explicit padding: the padded border is all skipped taps.
    const x = tensor(sixteenths(4 * 5 * 3, rnd), [1, 4, 5, 3]);
    const pw = tensor(sixteenths(3 * 4, rnd), [3, 4]);
    pw.data[2] = -Infinity;
    const options = { padding: [[1, 0], [0, 1]] as [[number, number], [number, number]] };
    const expected = reference.pointwiseConv2d(x, pw, options);
    expect(expected.data[2]).toBe(0);
    for (const engine of every()) expect(firstDifference((await engine.pointwiseConv2d(x, pw, options)).data, expected.data, 0)).toBe(-1);
  });

  it('separableConv2d with a non-finite pointwise weight keeps its packing: the depthwise packing made after it goes elsewhere', async () => {
    const rnd = random(29);
    const x = tensor(sixteenths(1 * 8 * 8 * 6, rnd), [1, 8, 8, 6]);
    const pw = tensor(sixteenths(6 * 5, rnd), [1, 1, 6, 5]);
    pw.data[3] = Infinity;
    for (const engine of every()) {
      // A new depthwise filter each time, so its packing is made after the pointwise one's.
      const dw = tensor(sixteenths(9 * 6, rnd), [3, 3, 6, 1]);
      const expected = reference.separableConv2d(x, dw, pw, { padding: 'same' });
      expect(firstDifference((await engine.separableConv2d(x, dw, pw, { padding: 'same' })).data, expected.data, 0), `threads=${engine.threads}`).toBe(-1);
    }
  });

  it('engine.profile(op, ...) times phases and threads next to the MACs', async () => {
    const rnd = random(3);
    const x = tensor(floats(1 * 40 * 40 * 16, rnd), [1, 40, 40, 16]);
    const dw = tensor(floats(9 * 16, rnd), [3, 3, 16, 1]);
    const pw = tensor(floats(16 * 32, rnd), [1, 1, 16, 32]);
    const { result, profile } = await engines[2].profile('separableConv2d', x, dw, pw, { padding: 'same' });
    expect(result.shape).toEqual([1, 40, 40, 32]);
    expect(profile.cost.macs).toBe(40 * 40 * 16 * 9 + 40 * 40 * 16 * 32);
    expect(profile.cost.flops).toBe(2 * profile.cost.macs);
    expect(profile.cost.outputShape).toEqual([1, 40, 40, 32]);
    expect(profile.phases.depthwise).toBeGreaterThan(0);
    expect(profile.phases.pointwise).toBeGreaterThan(0);
    expect(profile.totalMs).toBeGreaterThanOrEqual(profile.phases.depthwise + profile.phases.pointwise);
    expect(profile.threads.map((t) => t.id).sort()).toEqual([0, 1, 2]);
    // depthwise rows (40) + GEMM tiles, shared among the workers.
    expect(profile.threads.reduce((n, t) => n + t.tiles, 0)).toBeGreaterThan(40);
    await expect(engines[2].profile('fft' as never, x, dw)).rejects.toThrow(/unknown op/);
  });

  describe('chain', () => {
    const rnd = random(31);
    // MobileNet's pattern at odd sizes, with every kind of stage and epilogue.
    const stagesFor = (format: 'NHWC' | 'NCHW') => {
      const stages: reference.ChainStage[] = [
        { op: 'conv2d', filter: tensor(sixteenths(9 * 3 * 8, rnd), [3, 3, 3, 8]), strides: 2, padding: 'same', bias: sixteenths(8, rnd), activation: 'relu6' },
        { op: 'depthwiseConv2d', filter: tensor(sixteenths(9 * 8 * 2, rnd), [3, 3, 8, 2]), padding: 'same', activation: 'sigmoid' },
        { op: 'pointwiseConv2d', filter: tensor(sixteenths(16 * 12, rnd), [16, 12]), bias: sixteenths(12, rnd), activation: 'relu' },
        { op: 'separableConv2d', depthwiseFilter: tensor(sixteenths(9 * 12, rnd), [3, 3, 12, 1]), pointwiseFilter: tensor(sixteenths(12 * 5, rnd), [1, 1, 12, 5]), strides: 2, padding: 'valid', activation: 'tanh' },
        { op: 'conv2d', filter: tensor(sixteenths(4 * 5 * 3, rnd), [2, 2, 5, 3]), padding: [[1, 0], [0, 1]], dilations: 1 },
      ];
      const x = tensor(sixteenths(2 * 13 * 11 * 3, rnd), format === 'NHWC' ? [2, 13, 11, 3] : [2, 3, 13, 11]);
      return { x, stages };
    };

    it('equals the reference ops called in turn, exactly, on every engine and both layouts', async () => {
      for (const format of ['NHWC', 'NCHW'] as const) {
        const { x, stages } = stagesFor(format);
        let expected = x;
        for (const s of stages) {
          const o = { ...s, dataFormat: format };
          expected = s.op === 'separableConv2d' ? reference.separableConv2d(expected, s.depthwiseFilter, s.pointwiseFilter, o) : reference[s.op](expected, s.filter, o);
        }
        expect(firstDifference(reference.chain(x, stages, { dataFormat: format }).data, expected.data, 0)).toBe(-1);
        for (const engine of every()) {
          const y = await engine.chain(x, stages, { dataFormat: format });
          expect(y.shape, `${format} threads=${engine.threads}`).toEqual(expected.shape);
          expect(firstDifference(y.data, expected.data, 0), `${format} threads=${engine.threads}`).toBe(-1);
        }
      }
    });

    it('takes the reference for a stage whose filter is not finite, and names the stage in its errors', async () => {
      const { x, stages } = stagesFor('NHWC');
      const withInf = stages.map((s, i) => (i === 4 && s.op === 'conv2d' ? { ...s, filter: tensor(Float32Array.from(s.filter.data, (v, k) => (k === 0 ? Infinity : v)), [2, 2, 5, 3]) } : s));
      const expected = reference.chain(x, withInf);
      expect(expected.data.some(Number.isFinite)).toBe(true);
      for (const engine of every()) expect(firstDifference((await engine.chain(x, withInf)).data, expected.data, 0), `threads=${engine.threads}`).toBe(-1);
      const wrong = [stages[0], stages[1], { op: 'pointwiseConv2d' as const, filter: tensor(new Float32Array(15 * 4), [15, 4]) }];
      const message = /^chain: stage 2: pointwiseConv2d: filter: filter \[1,1,15,4\] expects 15 input channels but x \[2,7,6,16\] \(NHWC\) has 16$/;
      expect(() => reference.chain(x, wrong)).toThrow(message);
      expect(() => sync.chain(x, wrong)).toThrow(message);
      await expect(engines[1].chain(x, wrong)).rejects.toThrow(message);
      await expect(engines[1].chain(x, [])).rejects.toThrow(/chain: stages: expected a non-empty array/);
      await expect(engines[1].chain(x, [{ ...stages[0], dataFormat: 'NCHW' } as never])).rejects.toThrow(/chain: stage 0: dataFormat: a chain has one data format/);
      await expect(engines[1].chain(x, [{ op: 'fft', filter: stages[0] } as never])).rejects.toThrow(/chain: stage 0: op: unknown op "fft"/);
    });
  });

  it('createSyncEngine returns Tensors, not Promises, throws the reference\'s errors, and profiles', () => {
    const rnd = random(5);
    const x = tensor(sixteenths(1 * 9 * 8 * 6, rnd), [1, 9, 8, 6]);
    const f = tensor(sixteenths(9 * 6 * 4, rnd), [3, 3, 6, 4]);
    const y = sync.conv2d(x, f, { padding: 'same', strides: 2 });
    expect((y as unknown as { then?: unknown }).then).toBeUndefined();
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(y.shape).toEqual([1, 5, 4, 4]);
    expect(firstDifference(y.data, reference.conv2d(x, f, { padding: 'same', strides: 2 }).data, 0)).toBe(-1);
    expect(sync.threads).toBe(1);
    expect(() => sync.conv2d(x, tensor(new Float32Array(9 * 5 * 2), [3, 3, 5, 2]))).toThrow(/conv2d: filter: filter \[3,3,5,2\] expects 5 input channels but x \[1,9,8,6\] \(NHWC\) has 6/);
    expect(() => sync.depthwiseConv2d(x, tensor(new Float32Array(54), [3, 3, 6, 1]), { padding: 'full' as never })).toThrow(/depthwiseConv2d: padding: unknown padding/);
    // A failed op leaves it usable.
    expect(firstDifference(sync.conv2d(x, f).data, reference.conv2d(x, f).data, 0)).toBe(-1);
    const { result, profile } = sync.profile('depthwiseConv2d', x, tensor(sixteenths(9 * 6 * 2, rnd), [3, 3, 6, 2]), { padding: 'same' });
    expect(result.shape).toEqual([1, 9, 8, 12]);
    expect(profile.cost.macs).toBe(9 * 8 * 12 * 9);
    expect(profile.threads.map((t) => t.id)).toEqual([0]);
    expect(profile.threads[0].tiles).toBe(9);
    expect(() => sync.profile('fft' as never, x, f)).toThrow(/unknown op/);
  });
});

describe('the packed-filter cache', () => {
  it('starting over when full never overwrites a packing the op in flight still uses', async () => {
    // A cache of a few KB fills every few ops, here between an op's two packings.
    for (const threads of [1, 2]) {
      const engine = await createEngine({ threads, smallJobMacs: 0, cacheBytes: 6000 });
      try {
        const rnd = random(23);
        const x = tensor(sixteenths(1 * 7 * 6 * 6, rnd), [1, 7, 6, 6]);
        const pw = tensor(sixteenths(12 * 9, rnd), [1, 1, 12, 9]);
        for (let i = 0; i < 12; i++) {
          // The same pointwise filter each time (a hit, packed first), a new
          // depthwise one (a miss): every few ops the miss finds the cache full.
          const dw = tensor(sixteenths(9 * 6 * 2, rnd), [3, 3, 6, 2]);
          const same = { padding: 'same' as const };
          expect(firstDifference((await engine.separableConv2d(x, dw, pw, same)).data, reference.separableConv2d(x, dw, pw, same).data, 0), `threads=${threads} op ${i}`).toBe(-1);
        }
        await expect(createEngine({ cacheBytes: -1 })).rejects.toThrow(/createEngine: cacheBytes: expected an integer >= 0, got -1/);
      } finally {
        await engine.dispose();
      }
    }
  });
});

describe('createEngine without shared memory', () => {
  it('createEngine({ threads: 2, sharedMemory: false }) runs on one thread, says why, and agrees', async () => {
    const engine = await createEngine({ threads: 2, sharedMemory: false });
    try {
      expect(engine.threads).toBe(1);
      expect(engine.reason).toMatch(/shared memory/);
      for (const c of cases.slice(0, 40)) {
        const t = tensors(c, sixteenths, 5);
        expect(firstDifference((await runFast(engine, c, t)).data, runReference(c, t).data, 0), name(c)).toBe(-1);
      }
    } finally {
      await engine.dispose();
    }
  });

  it('plain SIMD (no relaxed FMA) agrees too', async () => {
    const engine = await createEngine({ threads: 2, simd: 'simd', smallJobMacs: 0 });
    try {
      expect(engine.simd).toBe('simd');
      for (const c of cases.slice(40, 70)) {
        const t = tensors(c, sixteenths, 6);
        expect(firstDifference((await runFast(engine, c, t)).data, runReference(c, t).data, 0), name(c)).toBe(-1);
      }
    } finally {
      await engine.dispose();
    }
  });
});

describe('a worker that dies', () => {
  it('is replaced: the next op runs on a fresh pool with every thread', async () => {
    // Three threads: the calling thread and workers 1 and 2.
    const engine = await createEngine({ threads: 3, smallJobMacs: 0 });
    const hooks = engineDebug(engine);
    try {
      await hooks.killWorker(1);
      expect(hooks.liveWorkers).toBe(1);
      const c = cases.find((k) => k.op === 'conv2d')!;
      const t = tensors(c, sixteenths, 9);
      expect(firstDifference((await runFast(engine, c, t)).data, runReference(c, t).data, 0)).toBe(-1);
      expect(hooks.liveWorkers).toBe(2);
    } finally {
      await engine.dispose();
    }
  });
});

describe('a worker that is slow to wake', () => {
  it('is not waited for: the calling thread computes the job alone, and the worker joins later jobs when it comes', async () => {
    const engine = await createEngine({ threads: 2, smallJobMacs: 0 });
    const hooks = engineDebug(engine);
    try {
      // ~19M multiply-adds: a few ms, long enough for a woken worker to join.
      const c: Case = { op: 'conv2d', x: [1, 64, 64, 16], f: [3, 3, 16, 32], options: { padding: 'same' } };
      const t = tensors(c, sixteenths, 12);
      const expected = runReference(c, t).data;
      // Held as a thread the OS has not run yet: before this pool waited only
      // for workers that joined, these calls never settled.
      hooks.holdWorkers(true);
      for (let i = 0; i < 3; i++) {
        const { result, profile } = await engine.profile('conv2d', t.x, t.f, t.options);
        expect(firstDifference(result.data, expected, 0)).toBe(-1);
        expect(profile.threads.find((p) => p.id === 1)?.tiles).toBe(0);
        expect(profile.threads.find((p) => p.id === 0)?.tiles).toBeGreaterThan(1);
      }
      // Released, it wakes for jobs long gone, finds them closed, and leaves them be.
      hooks.holdWorkers(false);
      let joined = 0;
      for (let i = 0; i < 50 && joined === 0; i++) {
        const { result, profile } = await engine.profile('conv2d', t.x, t.f, t.options);
        expect(firstDifference(result.data, expected, 0)).toBe(-1);
        joined = profile.threads.find((p) => p.id === 1)?.tiles ?? 0;
      }
      expect(joined).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  });
});

describe('engine.dispose()', () => {
  it('ends every worker; later ops reject', async () => {
    const engine = await createEngine({ threads: 3 });
    const live = () => engineDebug(engine).liveWorkers;
    // The calling thread computes too, so three threads are two workers.
    expect(live()).toBe(2);
    await engine.dispose();
    expect(live()).toBe(0);
    await expect(engine.pointwiseConv2d(tensor([1], [1, 1, 1, 1]), tensor([2], [1, 1]))).rejects.toThrow(/disposed/);
  });
});
