// One peer in one process, so peers cannot disturb each other's threads, JIT
// or allocator. The parent (bench/run.ts) drives it over IPC: init, prepare a
// layer, measure batches of calls, read an output for the cross-check.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { findLayer } from './layers.js';
import { createRunner, type PreparedLayer, type Runner, type RunnerKind } from './runners/runner.js';

export type Request =
  | { type: 'init'; kind: RunnerKind; threads: number }
  | { type: 'prepare'; layer: string }
  | {
    type: 'measure'; warmupCalls: number; warmupMs: number; minCalls: number; maxCalls: number;
    /** Wall time for the timed calls, pauses included. */
    budgetMs: number;
    /** Idle time before every timed call, as between a notebook's cells; 0 for back to back. */
    pauseMs: number;
  }
  | { type: 'output' }
  | { type: 'exit' };

export interface MeasureReply {
  /** Wall time of each timed call, ms (never the pause before it). */
  times: number[];
  /** CPU time of this whole process (all its threads) over the timed calls and their pauses, ms. */
  cpuMs: number;
  /** Wall time over the timed calls and their pauses, ms. */
  wallMs: number;
  /** CPU time of this process over the whole request, warm-up included, ms. */
  requestCpuMs: number;
}

let runner: Runner | undefined;
let prepared: PreparedLayer | undefined;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'init':
      runner = await createRunner(req.kind, req.threads);
      return { threads: runner.threads, note: runner.note };
    case 'prepare':
      prepared?.dispose();
      prepared = undefined;
      if (!runner) throw new Error('bench child: prepare before init');
      prepared = await runner.prepare(findLayer(req.layer));
      return {};
    case 'measure': {
      if (!prepared) throw new Error('bench child: measure before prepare');
      const requestCpu0 = cpuMs();
      const warmStart = performance.now();
      // At least one untimed call; more until both the call count and the time
      // are reached, but a slow peer (seconds per call) stops after the first.
      for (let i = 0; ; i++) {
        const elapsed = performance.now() - warmStart;
        if (i >= 1 && ((i >= req.warmupCalls && elapsed >= req.warmupMs) || elapsed > 2 * req.budgetMs)) break;
        await prepared.run();
      }
      const times: number[] = [];
      const cpu0 = cpuMs();
      const start = performance.now();
      while (times.length < req.minCalls || (times.length < req.maxCalls && performance.now() - start < req.budgetMs)) {
        // A timer, as a cell waits for its next input: the event loop idles,
        // and whatever a library's threads do when idle (spin, sleep) happens.
        if (req.pauseMs > 0) await sleep(req.pauseMs);
        const t0 = performance.now();
        await prepared.run();
        times.push(performance.now() - t0);
      }
      const reply: MeasureReply = { times, cpuMs: cpuMs() - cpu0, wallMs: performance.now() - start, requestCpuMs: cpuMs() - requestCpu0 };
      return reply;
    }
    case 'output':
      if (!prepared) throw new Error('bench child: output before prepare');
      return { output: await prepared.output() };
    case 'exit':
      prepared?.dispose();
      await runner?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (message: { id: number; request: Request }) => {
  handle(message.request).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? `${error.message}` : String(error) }),
  );
});
