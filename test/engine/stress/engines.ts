// The fast engines the stress suite runs calls on: the sync engine, the async
// engine at 1, 2 and 3 threads, without shared memory, with plain SIMD, with
// every job sent to the pool, and with a packed-filter cache small enough to
// fill and start over every few calls.
import fc from 'fast-check';
import { createEngine, createSyncEngine, type Engine, type EngineOptions, type SyncEngine } from '../../../dist/engine/engine.js';

export type EngineKind = { sync: true; simd?: 'simd' } | { sync: false; options: EngineOptions };

export const engineKind: fc.Arbitrary<EngineKind> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<EngineKind>({ sync: true }) },
  { weight: 1, arbitrary: fc.constant<EngineKind>({ sync: true, simd: 'simd' }) },
  {
    weight: 5,
    arbitrary: fc.record({
      threads: fc.constantFrom(1, 2, 3),
      smallJobMacs: fc.option(fc.constant(0), { nil: undefined }),
      cacheBytes: fc.option(fc.constantFrom(6_000, 65_536, 1 << 20), { nil: undefined }),
      simd: fc.option(fc.constant<'simd'>('simd'), { freq: 4, nil: undefined }),
    }).map((o) => ({ sync: false as const, options: withoutUndefined(o) })),
  },
  { weight: 1, arbitrary: fc.constant<EngineKind>({ sync: false, options: { threads: 2, sharedMemory: false } }) },
);

/** Async engines with a pool (for concurrency, abort, dispose and dying workers). */
export const pooledKind: fc.Arbitrary<EngineKind> = fc.record({
  threads: fc.constantFrom(2, 3),
  smallJobMacs: fc.option(fc.constant(0), { nil: undefined }),
  cacheBytes: fc.option(fc.constantFrom(6_000, 1 << 20), { nil: undefined }),
}).map((o) => ({ sync: false as const, options: withoutUndefined(o) }));

/** Any async engine, pooled or not. */
export const asyncKind: fc.Arbitrary<EngineKind> = fc.oneof(
  pooledKind,
  fc.constant<EngineKind>({ sync: false, options: { threads: 1 } }),
  fc.constant<EngineKind>({ sync: false, options: { threads: 2, sharedMemory: false } }),
);

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export type AnyEngine = Engine | SyncEngine;

export async function createKind(kind: EngineKind): Promise<AnyEngine> {
  return kind.sync ? createSyncEngine(kind.simd ? { simd: kind.simd } : {}) : createEngine(kind.options);
}

export async function disposeEngine(engine: AnyEngine): Promise<void> {
  if ('dispose' in engine) await engine.dispose();
}

/** How to make the engine, as code. */
export function kindCode(kind: EngineKind): string {
  return kind.sync ? `const engine = await createSyncEngine(${kind.simd ? `{ simd: '${kind.simd}' }` : ''});` : `const engine = await createEngine(${JSON.stringify(kind.options)});`;
}
