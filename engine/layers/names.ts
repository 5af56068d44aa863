// Keras gives unnamed layers unique names per kind: 'conv2d', 'conv2d_1', ...
// Counters live for the process; resetLayerNames() is keras.backend.clear_session().
const counts = new Map<string, number>();

export function uniqueLayerName(base: string): string {
  const n = counts.get(base) ?? 0;
  counts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export function resetLayerNames(): void {
  counts.clear();
}
