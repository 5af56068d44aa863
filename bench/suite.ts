// The benchmark's procedure: start every peer in its own process, check they
// compute the same convolution, then per layer wait for a quiet machine and
// measure the peers in alternating rounds, so slow drifts in machine load hit
// every peer alike rather than whichever happened to run last. Each peer is
// measured two ways in every round, in alternating order: back to back, and
// with a pause before every call, as a notebook's cells call the engine.
import { CHECK_LAYERS, type Layer, type LayerKind } from './layers.js';
import type { MeasureReply } from './child.js';
import { describeMachine, type Machine } from './machine.js';
import { NOISY_CORES, startWindow, waitForQuiet } from './noise.js';
import { PeerProcess, type PeerSpec } from './peer-process.js';
import { summarize, type Summary } from './stats.js';

export interface SuiteOptions {
  quick: boolean;
  /** The pause before every call of the paused batches, ms; 0 measures back to back only. */
  pauseMs: number;
  layers: readonly Layer[];
  peers: readonly PeerSpec[];
  check: boolean;
  log(message: string): void;
}

export interface PeerInfo extends PeerSpec {
  /** Threads the library reported; the ask is spec.threads. */
  actualThreads?: number;
  note?: string;
  /** Why the peer could not run at all. */
  error?: string;
}

export type Cell = Summary | { error: string };

export interface LayerResult {
  id: string;
  title: string;
  kind: LayerKind;
  macs: number;
  /** Other processes' load before the row, after waiting for quiet. */
  loadBefore?: number;
  waitedMs: number;
  /** Most other-process load during any batch of the row, in cores. */
  loadDuring?: number;
  noisy: boolean;
  /** Back to back: each call starts as the one before returns. */
  cells: Record<string, Cell>;
  /** With plan.pauseMs of idle before every call (empty when pauses were not measured). */
  paused: Record<string, Cell>;
}

export interface CheckResult {
  id: string;
  title: string;
  oracle?: string;
  /** Largest |peer - oracle| over the output, relative to max |oracle| (at least 1). */
  cells: Record<string, { maxDiff: number; ok: boolean } | { error: string }>;
}

export interface SuiteResult {
  machine: Machine;
  mode: 'quick' | 'full';
  plan: Plan;
  peers: PeerInfo[];
  checks: CheckResult[];
  layers: LayerResult[];
  elapsedSeconds: number;
}

export interface Plan {
  rounds: number;
  budgetMs: number;
  /** Idle before every call of the paused batches, ms (0: not measured). */
  pauseMs: number;
  /** Wall time per paused batch, pauses included; fewer calls fit than back to back. */
  pausedBudgetMs: number;
  pausedMaxCalls: number;
  minCalls: number;
  maxCalls: number;
  firstWarmupCalls: number;
  firstWarmupMs: number;
  maxQuietWaitMs: number;
  /** Longest wait between two peers' batches for the machine to settle. */
  maxSettleMs: number;
}

// Paused batches: a 20 ms pause makes a call cost ~20 ms of wall time however
// fast it is, so they get a wall budget of their own: ~15 timed calls a round
// in full mode (45 a layer), ~5 in quick mode, which keeps a full run of 11
// layers and 8 peers near 6 minutes on 2 cores.
const PLANS: Record<'quick' | 'full', Omit<Plan, 'pauseMs'>> = {
  quick: { rounds: 2, budgetMs: 120, pausedBudgetMs: 120, pausedMaxCalls: 20, minCalls: 2, maxCalls: 100, firstWarmupCalls: 2, firstWarmupMs: 100, maxQuietWaitMs: 1000, maxSettleMs: 300 },
  full: { rounds: 3, budgetMs: 500, pausedBudgetMs: 350, pausedMaxCalls: 50, minCalls: 3, maxCalls: 400, firstWarmupCalls: 3, firstWarmupMs: 300, maxQuietWaitMs: 6000, maxSettleMs: 1000 },
};

/** Relative agreement required between peers: float32 sums in different orders. */
const CHECK_TOLERANCE = 1e-4;

export function isSummary(cell: Cell | undefined): cell is Summary {
  return cell !== undefined && !('error' in cell);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function crossCheck(peers: PeerProcess[], log: (m: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const layer of CHECK_LAYERS) {
    const outputs = new Map<string, Float32Array>();
    const cells: CheckResult['cells'] = {};
    for (const peer of peers) {
      try {
        await peer.request({ type: 'prepare', layer: layer.id });
        outputs.set(peer.spec.id, (await peer.request<{ output: Float32Array }>({ type: 'output' })).output);
      } catch (error) {
        cells[peer.spec.id] = { error: message(error) };
      }
    }
    // tfjs-backend-cpu is the project's oracle for TensorFlow semantics.
    const oracle = outputs.has('tfjs-cpu') ? 'tfjs-cpu' : [...outputs.keys()][0];
    const reference = oracle === undefined ? undefined : outputs.get(oracle)!;
    for (const [id, out] of outputs) {
      if (!reference) break;
      if (out.length !== reference.length) {
        cells[id] = { error: `output has ${out.length} values, ${oracle} has ${reference.length}` };
        continue;
      }
      let maxDiff = 0, maxRef = 1;
      for (let i = 0; i < out.length; i++) {
        const d = Math.abs(out[i] - reference[i]);
        maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
        maxRef = Math.max(maxRef, Math.abs(reference[i]));
      }
      cells[id] = { maxDiff: maxDiff / maxRef, ok: maxDiff / maxRef <= CHECK_TOLERANCE };
    }
    const bad = Object.entries(cells).filter(([, c]) => 'error' in c || !c.ok).map(([id]) => id);
    log(`check ${layer.title}: ${bad.length ? `MISMATCH ${bad.join(', ')}` : `all agree with ${oracle}`}`);
    results.push({ id: layer.id, title: layer.title, oracle, cells });
  }
  return results;
}

async function measureLayer(layer: Layer, peers: PeerProcess[], plan: Plan, log: (m: string) => void): Promise<LayerResult> {
  const quiet = await waitForQuiet(plan.maxQuietWaitMs);
  const cells: Record<string, Cell> = {};
  const live: PeerProcess[] = [];
  for (const peer of peers) {
    try {
      await peer.request({ type: 'prepare', layer: layer.id });
      live.push(peer);
    } catch (error) {
      cells[peer.spec.id] = { error: message(error) };
    }
  }
  type Samples = { times: number[]; cpuMs: number; wallMs: number; foreign: number };
  const fresh = (): Samples => ({ times: [], cpuMs: 0, wallMs: 0, foreign: 0 });
  const samples = { backToBack: new Map(live.map((p) => [p.spec.id, fresh()])), paused: new Map(live.map((p) => [p.spec.id, fresh()])) };
  const modes = plan.pauseMs > 0 ? (['backToBack', 'paused'] as const) : (['backToBack'] as const);
  let loadDuring: number | undefined;
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate the order each round so no peer always follows the same neighbour.
    const order = live.map((_, i) => live[(i + round) % live.length]);
    for (const peer of order) {
      if (peer.spec.id in cells) continue;
      // Back to back first in even rounds, paused first in odd ones: neither
      // always runs on a peer just warmed (or just idled) by the other.
      const sequence = round % 2 ? [...modes].reverse() : modes;
      for (const [i, mode] of sequence.entries()) {
        if (peer.spec.id in cells) break;
        const first = round === 0 && i === 0;
        const paused = mode === 'paused';
        const window = startWindow();
        try {
          const reply = await peer.request<MeasureReply>({
            type: 'measure',
            warmupCalls: first ? plan.firstWarmupCalls : 1,
            warmupMs: first ? plan.firstWarmupMs : 0,
            minCalls: plan.minCalls,
            maxCalls: paused ? plan.pausedMaxCalls : plan.maxCalls,
            budgetMs: paused ? plan.pausedBudgetMs : plan.budgetMs,
            pauseMs: paused ? plan.pauseMs : 0,
          });
          const foreign = window.stop(reply.requestCpuMs);
          const s = samples[mode].get(peer.spec.id)!;
          s.times.push(...reply.times);
          s.cpuMs += reply.cpuMs;
          s.wallMs += reply.wallMs;
          if (foreign !== undefined) {
            s.foreign = Math.max(s.foreign, foreign);
            loadDuring = Math.max(loadDuring ?? 0, foreign);
          }
        } catch (error) {
          cells[peer.spec.id] = { error: message(error) };
        }
      }
      // Let thread pools that spin after a call (ORT, workers) go idle, and V8's
      // background tier-up and GC in the peer just measured settle, before the next peer.
      await waitForQuiet(plan.maxSettleMs, 50);
    }
  }
  const summary = (s: Samples) => summarize(s.times, layer.macs, s.cpuMs, s.wallMs, s.foreign);
  for (const [id, s] of samples.backToBack) {
    if (!(id in cells)) cells[id] = summary(s);
  }
  // A peer that failed has the same error in both columns.
  const paused: Record<string, Cell> = {};
  if (plan.pauseMs > 0) {
    for (const [id, cell] of Object.entries(cells)) paused[id] = isSummary(cell) ? summary(samples.paused.get(id)!) : cell;
  }
  const noisy = (quiet.load ?? 0) > NOISY_CORES || (loadDuring ?? 0) > NOISY_CORES;
  log(`${layer.title}: ${live.map((p) => {
    const c = cells[p.spec.id], q = paused[p.spec.id];
    return `${p.spec.id} ${isSummary(c) ? c.medianMs.toFixed(2) : 'error'}${isSummary(q) ? ` / ${q.medianMs.toFixed(2)} paused` : ''}`;
  }).join(', ')}${noisy ? ' (noisy)' : ''}`);
  return {
    id: layer.id, title: layer.title, kind: layer.kind, macs: layer.macs,
    loadBefore: quiet.load, waitedMs: Math.round(quiet.waitedMs), loadDuring, noisy, cells, paused,
  };
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const start = performance.now();
  const plan: Plan = { ...PLANS[options.quick ? 'quick' : 'full'], pauseMs: options.pauseMs };
  const peers: PeerProcess[] = [];
  const infos: PeerInfo[] = [];
  for (const spec of options.peers) {
    try {
      const peer = await PeerProcess.start(spec);
      peers.push(peer);
      infos.push({ ...spec, actualThreads: peer.threads, note: peer.note });
      options.log(`started ${spec.label}: ${peer.note ?? ''}`);
    } catch (error) {
      infos.push({ ...spec, error: message(error) });
      options.log(`${spec.label} unavailable: ${message(error)}`);
    }
  }
  try {
    const checks = options.check ? await crossCheck(peers, options.log) : [];
    const layers: LayerResult[] = [];
    for (const layer of options.layers) layers.push(await measureLayer(layer, peers, plan, options.log));
    return {
      machine: describeMachine(),
      mode: options.quick ? 'quick' : 'full',
      plan,
      peers: infos,
      checks,
      layers,
      elapsedSeconds: Math.round((performance.now() - start) / 100) / 10,
    };
  } finally {
    await Promise.all(peers.map((p) => p.close()));
  }
}
