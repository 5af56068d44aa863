// Seeded random numbers, so every peer's process builds the same weights and
// inputs from a layer's name without shipping megabytes over IPC.

/** mulberry32: small, fast, and good enough for benchmark data. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a seed from a label such as "mobilenet/w3". */
export function seedOf(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Uniform values scaled so a chain of layers keeps unit variance (var = 1/fanIn):
 * activations neither vanish into denormals, which are slow on x86, nor overflow.
 */
export function randomArray(label: string, size: number, fanIn = 3): Float32Array {
  const next = randomSource(seedOf(label));
  const scale = Math.sqrt(3 / fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}
