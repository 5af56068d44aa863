// The stress suite's properties: sequences of calls on the fast engines, each
// result checked against the JavaScript reference. Each property's input
// prints (in fast-check's counterexample) as code that replays it: paste it
// into an async function with createEngine/createSyncEngine and the value
// helpers of ./data.ts (k16, int, float) in scope.
import fc from 'fast-check';
import type { Tensor } from '../../../engine/tensor.js';
import { engineDebug } from '../../../dist/engine/debug.js';
import { anyCall, argumentsOf, callCode, difference, macsOf, referenceOutcome, type Call, type Outcome } from './calls.js';
import { make, type TensorSpec } from './data.js';
import { asyncKind, createKind, disposeEngine, engineKind, kindCode, pooledKind, type AnyEngine, type EngineKind } from './engines.js';

/** Calls made on fast engines (by size in multiply-adds), and runs of each property, since the process started. */
export const counts = { calls: 0, bySize: { 'refused': 0, '< 100k MACs': 0, '100k-1M': 0, '1M-10M': 0, '>= 10M': 0 } as Record<string, number>, runs: {} as Record<string, number> };

function count(call: Call): void {
  counts.calls++;
  const macs = macsOf(call);
  const bucket = macs === 0 ? 'refused' : macs < 1e5 ? '< 100k MACs' : macs < 1e6 ? '100k-1M' : macs < 1e7 ? '1M-10M' : '>= 10M';
  counts.bySize[bucket]++;
}

/** A property's input with the code that replays it, which fast-check prints for a counterexample. */
function replayable<T extends object>(value: T, code: (v: T) => string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => `\n${code(value)}\n` });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for every check to settle (so none is left to fail unhandled), then throws the first failure. */
async function allOf(checks: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(checks);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Rejects if `work` has not settled after `ms`: a hang fails the property instead of the whole run. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Method = (...args: unknown[]) => Tensor | Promise<Tensor>;

/** Calls `call` on `engine` (as `profile` when asked); the result, or the error message. */
async function invoke(engine: AnyEngine, call: Call, args: unknown[], profile = false): Promise<Outcome> {
  count(call);
  try {
    if (profile && call.op !== 'chain') {
      const profiled = await (engine.profile as (...a: unknown[]) => { result: Tensor } | Promise<{ result: Tensor }>)(call.op, ...args);
      return { y: profiled.result };
    }
    return { y: await ((engine as unknown as Record<string, Method>)[call.op])(...args) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name === 'AbortError' ? 'AbortError: ' : ''}${error.message}` : String(error) };
  }
}

/** Throws, naming the call, unless the engine's outcome is the reference's. */
function agree(call: Call, args: unknown[], actual: Outcome, expected: Outcome, where: string): void {
  if ('error' in expected) {
    if ('error' in actual && actual.error === expected.error) return;
    throw new Error(`${where}: ${callCode(call)}\n  the reference throws "${expected.error}" but the engine ${'error' in actual ? `throws "${actual.error}"` : 'returns a result'}`);
  }
  if ('error' in actual) throw new Error(`${where}: ${callCode(call)}\n  throws "${actual.error}"; the reference returns a result`);
  const wrong = difference(call, args, actual.y, expected.y);
  if (wrong) throw new Error(`${where}: ${callCode(call)}\n  ${wrong}`);
}

async function withEngine<T>(kind: EngineKind, body: (engine: AnyEngine) => Promise<T>): Promise<T> {
  const engine = await createKind(kind);
  try {
    return await body(engine);
  } finally {
    await within(20_000, 'dispose()', disposeEngine(engine));
  }
}

// ------------------------------------------------------------ fresh engines

/** Every kind of engine, created fresh, its first call first. */
export const freshEngines = fc.asyncProperty(
  fc.record({ kind: engineKind, calls: fc.array(anyCall, { minLength: 1, maxLength: 3 }) })
    .map((v) => replayable(v, ({ kind, calls }) => [kindCode(kind), ...calls.map((c) => `await ${callCode(c)};`)].join('\n'))),
  async ({ kind, calls }) => {
    await withEngine(kind, async (engine) => {
      for (const [i, call] of calls.entries()) {
        const args = argumentsOf(call);
        const expected = referenceOutcome(call, args);
        agree(call, args, await within(60_000, `call ${i}`, invoke(engine, call, args)), expected, `call ${i} on a fresh ${kindCode(kind)}`);
      }
    });
  },
);

// ------------------------------------------------------------ long-lived engines

/**
 * A step of a long-lived engine's life: a new call; an earlier call again on
 * the same tensor objects (its packed filters reused); or one of an earlier
 * call's tensors changed in place (so a reused packing must be seen stale).
 */
type Step =
  | { step: 'call'; call: Call }
  | { step: 'again'; which: number }
  | { step: 'change'; which: number; tensor: number; at: number[]; delta: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: anyCall.map((call) => ({ step: 'call' as const, call })) },
  { weight: 2, arbitrary: fc.nat(15).map((which) => ({ step: 'again' as const, which })) },
  {
    weight: 2,
    arbitrary: fc.record({ which: fc.nat(15), tensor: fc.nat(7), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), delta: fc.constantFrom(1, -1, 2, -2) })
      .map((c) => ({ step: 'change' as const, ...c })),
  },
);

interface Made { call: Call; args: unknown[]; tensors: { spec: TensorSpec; t: Tensor }[] }

/** Changes values in place by `delta` grains of the tensor's kind, staying within its range (so exact values stay exact). */
function change(made: Made, s: Extract<Step, { step: 'change' }>): void {
  const { spec, t } = made.tensors[s.tensor % made.tensors.length];
  const grain = spec.kind === 'k16' ? 1 / 16 : spec.kind === 'int' ? 1 : 0.1;
  for (const at of s.at) {
    const i = at % t.data.length;
    if (!Number.isFinite(t.data[i])) continue;
    t.data[i] = Math.max(-spec.range, Math.min(spec.range, t.data[i] + s.delta * grain));
  }
}

function stepsCode(kind: EngineKind, steps: Step[]): string {
  const lines = [kindCode(kind), '// callN: make its tensors once and keep them, to replay "again" and "change"'];
  let calls = 0;
  steps.forEach((s, i) => {
    if (s.step === 'call') lines.push(`const call${calls} = () => ${callCode(s.call)};`, `await call${calls++}(); // step ${i}`);
    else if (!calls) lines.push(`// step ${i}: ${s.step}, before any call: nothing`);
    else if (s.step === 'again') lines.push(`await call${s.which % calls}(); // step ${i}: again, on the same tensor objects`);
    else lines.push(`// step ${i}: change tensor ${s.tensor} of call${s.which % calls} at ${s.at} by ${s.delta} grains, in place`);
  });
  return lines.join('\n');
}

/** Engines that live through many calls: small to large and back, reused filters, changed filters and inputs, a cache that fills. */
export const longLivedEngines = fc.asyncProperty(
  fc.record({ kind: engineKind, steps: fc.array(step, { minLength: 4, maxLength: 16 }) })
    .map((v) => replayable(v, ({ kind, steps }) => stepsCode(kind, steps))),
  async ({ kind, steps }) => {
    await withEngine(kind, async (engine) => {
      const made: Made[] = [];
      for (const [i, s] of steps.entries()) {
        if (s.step === 'change') {
          if (made.length) change(made[s.which % made.length], s);
          continue;
        }
        let m: Made;
        if (s.step === 'call') {
          const tensors: Made['tensors'] = [];
          const args = argumentsOf(s.call, (spec) => { const t = make(spec); tensors.push({ spec, t }); return t; });
          made.push(m = { call: s.call, args, tensors });
        } else {
          if (!made.length) continue;
          m = made[s.which % made.length];
        }
        // The reference reads the tensors as they are now, changed or not.
        const expected = referenceOutcome(m.call, m.args);
        agree(m.call, m.args, await within(60_000, `step ${i}`, invoke(engine, m.call, m.args)), expected, `step ${i} (${s.step}) on ${kindCode(kind)}`);
      }
    });
  },
);

// ------------------------------------------------------------ concurrent calls

const started = fc.record({ call: anyCall, profile: fc.boolean(), delay: fc.integer({ min: 0, max: 3 }) });

/** Mixed ops, chains and profiles started on one async engine with small random delays between them, all awaited together. */
export const concurrentCalls = fc.asyncProperty(
  fc.record({ kind: asyncKind, calls: fc.array(started, { minLength: 2, maxLength: 6 }) })
    .map((v) => replayable(v, ({ kind, calls }) => [kindCode(kind), 'await Promise.all([', ...calls.map((c) => `  ${callCode(c.call, c.profile)}, // then wait ${c.delay} ms`), ']);'].join('\n'))),
  async ({ kind, calls }) => {
    await withEngine(kind, async (engine) => {
      const pending: Promise<void>[] = [];
      for (const [i, c] of calls.entries()) {
        const args = argumentsOf(c.call);
        const expected = referenceOutcome(c.call, args);
        const outcome = invoke(engine, c.call, args, c.profile);
        pending.push(outcome.then((actual) => agree(c.call, args, actual, expected, `concurrent call ${i}${c.profile ? ' (profiled)' : ''}`)));
        if (c.delay) await sleep(c.delay);
      }
      await within(120_000, 'the concurrent calls', allOf(pending));
    });
  },
);

// ------------------------------------------------------------ aborts

type AbortPlan = 'never' | 'already' | 'at once' | number;
const abortPlan: fc.Arbitrary<AbortPlan> = fc.oneof(fc.constantFrom<AbortPlan>('never', 'already', 'at once'), fc.integer({ min: 0, max: 8 }));

/** Calls aborted at random moments: each rejects with an AbortError or gives the right answer, and the engine goes on answering right. */
export const aborts = fc.asyncProperty(
  fc.record({ kind: asyncKind, calls: fc.array(fc.record({ call: anyCall, abort: abortPlan }), { minLength: 1, maxLength: 4 }), after: anyCall })
    .map((v) => replayable(v, ({ kind, calls, after }) => [kindCode(kind), ...calls.map((c) => `${callCode(c.call)} // with a signal aborted: ${c.abort}`), `await ${callCode(after)}; // must be right`].join('\n'))),
  async ({ kind, calls, after }) => {
    await withEngine(kind, async (engine) => {
      const pending: Promise<void>[] = [];
      for (const [i, c] of calls.entries()) {
        const controller = new AbortController();
        if (c.abort === 'already') controller.abort();
        const args = argumentsOf(c.call);
        const last = args.length - 1;
        args[last] = { ...(args[last] as object), signal: controller.signal };
        const expected = referenceOutcome(c.call, args);
        const outcome = invoke(engine, c.call, args);
        if (c.abort === 'at once') controller.abort();
        else if (typeof c.abort === 'number') setTimeout(() => controller.abort(), c.abort);
        pending.push(outcome.then((actual) => {
          const where = `call ${i}, aborted ${c.abort}`;
          if ('error' in actual && actual.error.startsWith('AbortError') && c.abort !== 'never') return;
          if (c.abort === 'already' && !('error' in expected)) throw new Error(`${where}: ${callCode(c.call)}\n  an already-aborted signal must reject with an AbortError; got ${'error' in actual ? actual.error : 'a result'}`);
          agree(c.call, args, actual, expected, where);
        }));
      }
      await within(120_000, 'the aborted calls', allOf(pending));
      const args = argumentsOf(after);
      agree(after, args, await invoke(engine, after, args), referenceOutcome(after, args), 'the call after the aborts');
    });
  },
);

// ------------------------------------------------------------ dispose

/** dispose() with calls in flight and queued: every call settles (right, or rejected as disposed), dispose() resolves, later calls are refused. */
export const disposeInFlight = fc.asyncProperty(
  fc.record({ kind: asyncKind, calls: fc.array(anyCall, { minLength: 1, maxLength: 4 }), after: fc.integer({ min: 0, max: 10 }) })
    .map((v) => replayable(v, ({ kind, calls, after }) => [kindCode(kind), ...calls.map((c) => `${callCode(c)}; // not awaited`), `setTimeout(() => engine.dispose(), ${after});`].join('\n'))),
  async ({ kind, calls, after }) => {
    const engine = await createKind(kind);
    const pending = calls.map((call, i) => {
      const args = argumentsOf(call);
      const expected = referenceOutcome(call, args);
      return invoke(engine, call, args).then((actual) => {
        if ('error' in actual && actual.error === 'engine: the engine was disposed') return;
        agree(call, args, actual, expected, `call ${i}, disposed after ${after} ms`);
      });
    });
    await sleep(after);
    await within(20_000, 'dispose()', disposeEngine(engine));
    await within(20_000, 'the calls pending at dispose()', allOf(pending));
    const refused = await invoke(engine, calls[0], argumentsOf(calls[0]));
    if (!('error' in refused) || refused.error !== 'engine: the engine was disposed') throw new Error(`a call after dispose() must be refused as disposed; got ${'error' in refused ? refused.error : 'a result'}`);
  },
);

// ------------------------------------------------------------ a worker that dies

/** A worker killed mid-job (or between jobs): the call is right or fails naming the worker, and the engine answers right after. */
export const workerDeath = fc.asyncProperty(
  fc.record({ kind: pooledKind, call: anyCall, worker: fc.nat(), after: fc.integer({ min: 0, max: 6 }), next: anyCall })
    .map((v) => replayable(v, ({ kind, call, worker, after, next }) => [kindCode(kind), `${callCode(call)}; // not awaited`, `setTimeout(() => engineDebug(engine).killWorker(${worker}), ${after}); // worker ids count from 1`, `await ${callCode(next)}; // must be right`].join('\n'))),
  async ({ kind, call, worker, after, next }) => {
    await withEngine(kind, async (engine) => {
      const threads = engine.threads;
      const id = 1 + (worker % (threads - 1));
      const args = argumentsOf(call);
      const expected = referenceOutcome(call, args);
      const outcome = invoke(engine, call, args);
      await sleep(after);
      await engineDebug(engine as never).killWorker(id);
      const actual = await within(60_000, 'the call whose worker died', outcome);
      if (!('error' in actual && /^worker \d+ exited unexpectedly$/.test(actual.error))) agree(call, args, actual, expected, `the call whose worker ${id} died after ${after} ms`);
      const nextArgs = argumentsOf(next);
      agree(next, nextArgs, await within(60_000, 'the next call', invoke(engine, next, nextArgs)), referenceOutcome(next, nextArgs), `the call after worker ${id} died`);
      // Jobs too small for the pool leave a dead pool alone until one needs it.
      const live = engineDebug(engine as never).liveWorkers;
      if (live !== threads - 1 && live !== threads - 2) throw new Error(`${live} workers live after the next call; expected ${threads - 1} (or ${threads - 2} before a pool job replaced the pool)`);
    });
  },
);

export const PROPERTIES = { freshEngines, longLivedEngines, concurrentCalls, aborts, disposeInFlight, workerDeath };
export type PropertyName = keyof typeof PROPERTIES;
