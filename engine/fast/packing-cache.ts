// Packed filters kept between ops, in a region of the engine's memory below
// the per-op arena, and the check that keeps them honest.
//
// Tensors are immutable by convention, but a filter changed in place must
// never give a stale answer. So each packing sits next to a copy of the
// values it was packed from, and a reused packing is checked against its
// filter before its result counts. The drivers run the check on the calling
// thread while the workers already compute with the packing (as long as the
// GEMM itself on a 7x7x1024->1024 pointwise); a failed check stops the job
// and the op runs again with a fresh packing.
import type { Arena } from '../wasm/arena.js';

/** A filter's packed form in the memory, and whether every weight in it is finite. */
export interface Packing {
  ptr: number;
  finite: boolean;
}

/** A cached packing and, at `snap`, a copy of the values it was packed from. */
interface Entry extends Packing {
  snap: number;
  /** The attempt that packed it: a packing made in the current attempt needs no check. */
  attempt: number;
}

/** Packs `raw` (a copy of the filter in the memory) into `dst`; returns nonzero when every weight is finite. */
export type Packer = (raw: number, dst: number) => number;

/**
 * Whether `data` still holds the values copied to byte `snap` of `buffer`
 * when its packing was made. Compared 8 bytes at a time as doubles, 4 at once
 * (~0.5 ns a value). Equal doubles have equal bits but for +0 and -0, so a
 * weight that flips between +0 and -0 next to a zero goes unseen, and
 * harmlessly: every product with it is a zero or NaN either way and the sums
 * start at +0, so no output changes. A pair of floats whose bits make a NaN
 * double never equals itself, so a filter with such a pair is packed again
 * every time: slower, never wrong.
 */
export function matchesSnapshot(buffer: ArrayBufferLike, snap: number, data: Float32Array): boolean {
  const length = data.length;
  const copy = new Float32Array(buffer, snap, length);
  if (data.byteOffset % 8 !== 0) {
    for (let i = 0; i < length; i++) if (!Object.is(copy[i], data[i])) return false;
    return true;
  }
  const n = length >> 1;
  const x = new Float64Array(buffer, snap, n), y = new Float64Array(data.buffer, data.byteOffset, n);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    if (x[j] !== y[j] || x[j + 1] !== y[j + 1] || x[j + 2] !== y[j + 2] || x[j + 3] !== y[j + 3]) return false;
  }
  for (; j < n; j++) if (x[j] !== y[j]) return false;
  return (length & 1) === 0 || Object.is(copy[length - 1], data[length - 1]);
}

export class PackingCache {
  readonly #base: number;
  readonly #bytes: number;
  #entries = new WeakMap<Float32Array, Map<string, Entry>>();
  #top: number;
  #attempt = 0;
  /** Whether the current attempt holds a packing in the cache, which starting the cache over would overwrite. */
  #holding = false;
  /** Reused packings the current attempt has not yet checked against their filters. */
  #unchecked: { data: Float32Array; key: string; entry: Entry }[] = [];

  /** A cache of `bytes` bytes (a multiple of 16) at byte `base` of the memory. */
  constructor(base: number, bytes: number) {
    this.#base = this.#top = base;
    this.#bytes = bytes;
  }

  /** A new attempt at an op: no reused packing to check yet, none held, and packings made from now on are its own. */
  beginAttempt(): void {
    this.#unchecked.length = 0;
    this.#holding = false;
    this.#attempt++;
  }

  /**
   * The packing of `data` under `key` (a layout: the same array packed for
   * conv2d and for pointwise are different packings): reused while the array
   * holds the same bits as when it was packed, otherwise packed now. A
   * packing too big for the cache, or made when the cache is full while this
   * attempt holds another packing in it, goes to the op's arena instead,
   * and so does a non-finite one, which is never kept.
   */
  pack(arena: Arena, key: string, data: Float32Array, floats: number, packer: Packer): Packing {
    const hit = this.#entries.get(data)?.get(key);
    if (hit) {
      if (hit.attempt !== this.#attempt) this.#unchecked.push({ data, key, entry: hit });
      this.#holding = true;
      return hit;
    }
    const packedBytes = (floats * 4 + 16 + 15) & ~15;
    const bytes = packedBytes + ((data.length * 4 + 15) & ~15);
    const full = this.#top + bytes > this.#base + this.#bytes;
    if (bytes > this.#bytes || (full && this.#holding)) {
      const raw = arena.alloc(data.length);
      arena.floats.set(data, raw >> 2);
      const ptr = arena.alloc(floats);
      return { ptr, finite: packer(raw, ptr) !== 0 };
    }
    if (full) {
      this.#entries = new WeakMap();
      this.#top = this.#base;
    }
    const ptr = this.#top, snap = ptr + packedBytes;
    // The region is reserved, not yet backed: a fresh memory is smaller than the cache.
    arena.cover(ptr + bytes);
    arena.floats.set(data, snap >> 2);
    const entry: Entry = { ptr, snap, attempt: this.#attempt, finite: packer(snap, ptr) !== 0 };
    if (!entry.finite) {
      // Not kept, so not left where the op's next packing would overwrite it.
      const own = arena.alloc(floats);
      arena.floats.copyWithin(own >> 2, ptr >> 2, (ptr >> 2) + floats);
      return { ptr: own, finite: false };
    }
    this.#top += bytes;
    this.#holding = true;
    let entries = this.#entries.get(data);
    if (!entries) this.#entries.set(data, entries = new Map());
    entries.set(key, entry);
    return entry;
  }

  /** Whether reused packings wait for their check. */
  get unchecked(): boolean {
    return this.#unchecked.length > 0;
  }

  /**
   * Checks the reused packings handed out so far against their filters; one
   * whose filter changed in place leaves the cache. False if any did (the op
   * must run again).
   */
  verify(buffer: ArrayBufferLike): boolean {
    let ok = true;
    for (const { data, key, entry } of this.#unchecked) {
      if (matchesSnapshot(buffer, entry.snap, data)) continue;
      this.#entries.get(data)?.delete(key);
      ok = false;
    }
    this.#unchecked.length = 0;
    return ok;
  }
}
