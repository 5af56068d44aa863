// Summaries of a peer's timed calls on one layer.

export interface Summary {
  medianMs: number;
  bestMs: number;
  calls: number;
  /** 2 * MACs / median time. */
  gflops: number;
  /** Process CPU time over wall time: the cores the peer actually kept busy. */
  coresUsed: number;
  /** Most other-process load seen in any of its batches, in cores. */
  foreignLoad?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(times: readonly number[], macs: number, cpuMs: number, wallMs: number, foreignLoad?: number): Summary {
  const medianMs = median(times);
  return {
    medianMs,
    bestMs: Math.min(...times),
    calls: times.length,
    gflops: (2 * macs) / (medianMs * 1e6),
    coresUsed: wallMs > 0 ? cpuMs / wallMs : 0,
    foreignLoad,
  };
}
