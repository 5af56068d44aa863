// The differential stress suite: property-based sequences of calls on every
// fast engine, each result checked against the JavaScript reference (see
// stress/scenarios.ts for the properties, stress/calls.ts for the calls).
//
// Under `npm test` it runs a fixed seed and a bounded number of runs.
// `npm run stress -- --minutes N [--seed S]` runs the same properties for N
// minutes with fresh seeds (KERNELBOOK_STRESS_MINUTES, KERNELBOOK_STRESS_SEED).
// A failure prints fast-check's seed and path and the shrunk counterexample as
// code; replay it with `npm run stress -- --seed S --path P --only NAME`.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { counts, PROPERTIES, type PropertyName } from './stress/scenarios.js';

const minutes = Number(process.env.KERNELBOOK_STRESS_MINUTES ?? 0);
const seed = process.env.KERNELBOOK_STRESS_SEED ? Number(process.env.KERNELBOOK_STRESS_SEED) : undefined;
const path = process.env.KERNELBOOK_STRESS_PATH;
const only = process.env.KERNELBOOK_STRESS_ONLY;

// Runs per property under `npm test`: about half a minute in all on two cores.
const RUNS: Record<PropertyName, number> = { freshEngines: 16, longLivedEngines: 6, concurrentCalls: 8, aborts: 8, disposeInFlight: 8, workerDeath: 5 };
const FIXED_SEED = 20261202;

const names = (Object.keys(PROPERTIES) as PropertyName[]).filter((n) => !only || n === only);

describe('the fast engines against the reference, under generated call sequences', () => {
  afterAll(() => {
    process.stdout.write(`stress: ${counts.calls} calls on fast engines ${JSON.stringify(counts.bySize)}; runs ${JSON.stringify(counts.runs)}\n`);
  });

  if (minutes > 0) {
    it(`holds for ${minutes} minutes of fresh seeds`, async () => {
      const deadline = Date.now() + minutes * 60_000;
      let round = 0;
      while (Date.now() < deadline) {
        for (const name of names) {
          if (Date.now() >= deadline) break;
          const runSeed = seed !== undefined ? seed + round : (Math.random() * 2 ** 31) | 0;
          await fc.assert(PROPERTIES[name] as fc.IAsyncProperty<[unknown]>, { seed: runSeed, numRuns: 10, endOnFailure: false });
          counts.runs[name] = (counts.runs[name] ?? 0) + 10;
        }
        round++;
        process.stdout.write(`stress: round ${round}, ${counts.calls} calls, ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left\n`);
      }
    }, minutes * 60_000 + 600_000);
    return;
  }

  for (const name of names) {
    it(`${name} (${RUNS[name]} runs, seed ${seed ?? FIXED_SEED})`, async () => {
      await fc.assert(PROPERTIES[name] as fc.IAsyncProperty<[unknown]>, { seed: seed ?? FIXED_SEED, numRuns: path ? 1 : RUNS[name], ...(path ? { path } : {}) });
      counts.runs[name] = (counts.runs[name] ?? 0) + RUNS[name];
    }, 600_000);
  }
});
