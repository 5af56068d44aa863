// The packed-filter cache alone, on a plain WebAssembly.Memory with a packer
// written in JS: reuse, the check of reused packings, starting over when full.
import { describe, expect, it } from 'vitest';
import { PackingCache, matchesSnapshot } from '../../engine/fast/packing-cache.js';
import { Arena } from '../../engine/wasm/arena.js';

const BASE = 65536;

/** A cache of `bytes` bytes over a fresh one-page memory, and a packer that doubles every value. */
function setup(bytes: number) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024 });
  const arena = new Arena(memory, BASE + bytes);
  const cache = new PackingCache(BASE, bytes);
  let packs = 0;
  const packer = (raw: number, dst: number, n: number) => {
    packs++;
    const f = arena.floats;
    let finite = 1;
    for (let i = 0; i < n; i++) {
      f[(dst >> 2) + i] = 2 * f[(raw >> 2) + i];
      if (!Number.isFinite(f[(raw >> 2) + i])) finite = 0;
    }
    return finite;
  };
  const pack = (key: string, data: Float32Array) => {
    const p = cache.pack(arena, key, data, data.length, (raw, dst) => packer(raw, dst, data.length));
    return { ...p, values: Array.from(arena.floats.subarray(p.ptr >> 2, (p.ptr >> 2) + data.length)) };
  };
  return { memory, arena, cache, pack, packs: () => packs };
}

describe('PackingCache.pack(arena, key, data, floats, packer)', () => {
  it('packs a filter once and hands the same packing out while its values stay the same', () => {
    const { cache, pack, packs, arena } = setup(4096);
    const f = Float32Array.of(1, 2, 3);
    cache.beginAttempt();
    const first = pack('k', f);
    expect(first.values).toEqual([2, 4, 6]);
    cache.beginAttempt();
    expect(pack('k', f).ptr).toBe(first.ptr);
    expect(packs()).toBe(1);
    expect(cache.unchecked).toBe(true);
    expect(cache.verify(arena.floats.buffer)).toBe(true);
    // The same array under another key (another layout) is another packing.
    expect(pack('other', f).ptr).not.toBe(first.ptr);
    expect(packs()).toBe(2);
  });

  it('a reused packing whose filter changed in place fails the check and leaves the cache', () => {
    const { cache, pack, packs, arena } = setup(4096);
    const f = Float32Array.of(1, 2, 3);
    cache.beginAttempt();
    pack('k', f);
    f[1] = 5;
    cache.beginAttempt();
    pack('k', f);
    expect(cache.verify(arena.floats.buffer)).toBe(false);
    cache.beginAttempt();
    expect(pack('k', f).values).toEqual([2, 10, 6]);
    expect(packs()).toBe(2);
  });

  it('backs its region with memory as it fills: a fresh memory is smaller than the cache', () => {
    const { memory, cache, pack } = setup(1 << 20);
    cache.beginAttempt();
    const big = Float32Array.from({ length: 40_000 }, (_, i) => i);
    expect(memory.buffer.byteLength).toBe(65536);
    expect(pack('big', big).values.slice(-2)).toEqual([79_996, 79_998]);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(BASE + 2 * 4 * 40_000);
  });

  it('starts over when full, but not under a packing the current attempt still holds', () => {
    // Room for two 64-value packings (each with its copy of the filter).
    const { cache, pack, arena } = setup(2 * 2 * 272);
    const [a, b, c] = [1, 2, 3].map((v) => new Float32Array(64).fill(v));
    cache.beginAttempt();
    const pa = pack('k', a), pb = pack('k', b);
    expect(pb.ptr).toBeGreaterThan(pa.ptr);
    // Full while this attempt holds a and b: c goes to the arena, a and b stay whole.
    const pc = pack('k', c);
    expect(pc.ptr).toBeGreaterThanOrEqual(BASE + 2 * 2 * 272);
    expect([pack('k', a).values[0], pack('k', b).values[0], pc.values[0]]).toEqual([2, 4, 6]);
    // A new attempt holding nothing yet: the cache starts over, and c is packed at its start.
    arena.reset();
    cache.beginAttempt();
    expect(pack('k', c).ptr).toBe(BASE);
  });

  it('a non-finite packing is not kept, and a later packing does not overwrite it', () => {
    const { cache, pack, packs } = setup(4096);
    const bad = Float32Array.of(1, Infinity, 3), good = Float32Array.of(4, 5, 6);
    cache.beginAttempt();
    const p = pack('k', bad);
    expect(p.finite).toBe(false);
    pack('k', good);
    expect(pack('k', bad).values).toEqual([2, Infinity, 6]);
    expect(packs()).toBe(3);
  });
});

describe('matchesSnapshot(buffer, snap, data)', () => {
  it('sees any one value changed, at odd and even positions and at any alignment', () => {
    const buffer = new ArrayBuffer(1024);
    for (const offset of [0, 4]) {
      const data = new Float32Array(new ArrayBuffer(64 * 4 + 8), offset, 63).map((_, i) => i / 3);
      new Float32Array(buffer, 256, 63).set(data);
      expect(matchesSnapshot(buffer, 256, data)).toBe(true);
      for (const i of [0, 1, 31, 62]) {
        const kept = data[i];
        data[i] = kept + 1;
        expect(matchesSnapshot(buffer, 256, data), `offset ${offset} value ${i}`).toBe(false);
        data[i] = kept;
      }
    }
  });

  it('a NaN changed to a number, or a number to NaN, is seen', () => {
    const buffer = new ArrayBuffer(64);
    const data = Float32Array.of(1, NaN, 3, 4);
    new Float32Array(buffer, 0, 4).set(data);
    data[1] = 2;
    expect(matchesSnapshot(buffer, 0, data)).toBe(false);
    new Float32Array(buffer, 0, 4).set(data);
    data[2] = NaN;
    expect(matchesSnapshot(buffer, 0, data)).toBe(false);
  });
});
