// Issue 3's speed targets and issue 7's target for calls with pauses between
// them, judged from one run's medians (2 threads unless said otherwise). A
// target whose numbers are missing is "not measured", never "met".
import { isSummary, type LayerResult, type SuiteResult } from './suite.js';

export interface TargetResult {
  target: string;
  status: 'met' | 'not met' | 'not measured';
  detail: string;
}

/** Peers Kernelbook must beat on every layer, at any thread count. */
const SLOWER_PEERS = ['tfjs-wasm', 'tfjs-cpu', 'ort-web-1', 'ort-web-2'];
const NATIVE_PEERS = ['ort-node-1', 'ort-node-2'];
const FAST = 'kb-2';
const ONE_THREAD = 'kb-1';

function medianOf(layer: LayerResult, id: string, column: 'cells' | 'paused' = 'cells'): number | undefined {
  const cell = layer[column][id];
  return isSummary(cell) ? cell.medianMs : undefined;
}

/** Most a paused median may exceed the back-to-back one: a cell's call should cost what the benchmark says. */
export const PAUSED_MAX_RATIO = 1.25;

/** The fastest of the given peers' medians on a layer. */
function fastest(layer: LayerResult, ids: readonly string[]): { id: string; ms: number } | undefined {
  let best: { id: string; ms: number } | undefined;
  for (const id of ids) {
    const ms = medianOf(layer, id);
    if (ms !== undefined && (!best || ms < best.ms)) best = { id, ms };
  }
  return best;
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);

function ratioTarget(
  target: string, layers: LayerResult[], peers: readonly string[], minRatio: number,
): TargetResult {
  if (layers.length === 0) return { target, status: 'not measured', detail: 'no such layers in this run' };
  const parts: string[] = [];
  let measured = 0, failed = 0;
  for (const layer of layers) {
    const kb = medianOf(layer, FAST);
    const peer = fastest(layer, peers);
    if (kb === undefined || !peer) {
      parts.push(`${layer.id}: missing`);
      continue;
    }
    measured++;
    const ratio = peer.ms / kb;
    if (ratio < minRatio) failed++;
    parts.push(`${layer.id} ${fmt(ratio)}x vs ${peer.id}${ratio < minRatio ? ' ✗' : ''}`);
  }
  const status = measured < layers.length ? (failed ? 'not met' : 'not measured') : failed ? 'not met' : 'met';
  return { target, status, detail: parts.join('; ') };
}

export function judgeTargets(result: SuiteResult): TargetResult[] {
  const layers = result.layers;
  const out: TargetResult[] = [];

  out.push(ratioTarget('Every layer faster than tfjs-wasm, tfjs-cpu and onnxruntime-web (1 and 2 threads)',
    layers, SLOWER_PEERS, 1));
  out.push(ratioTarget('Depthwise layers ≥ 3x onnxruntime-node (its faster thread count)',
    layers.filter((l) => l.kind === 'depthwise'), NATIVE_PEERS, 3));
  out.push(ratioTarget('Pointwise and conv2d layers ≥ 0.6x onnxruntime-node (its faster thread count)',
    layers.filter((l) => l.kind === 'pointwise' || l.kind === 'conv2d'), NATIVE_PEERS, 0.6));

  const body = layers.find((l) => l.id === 'mobilenet');
  const bodyMs = body && medianOf(body, FAST);
  out.push({
    target: 'MobileNet-v1 body under 15 ms',
    status: bodyMs === undefined ? 'not measured' : bodyMs < 15 ? 'met' : 'not met',
    detail: bodyMs === undefined ? 'no Kernelbook 2-thread median for the body' : `${fmt(bodyMs)} ms median`,
  });

  const big = layers.filter((l) => 2 * l.macs > 50e6);
  const parts: string[] = [];
  let failed = 0, measured = 0;
  for (const layer of big) {
    const one = medianOf(layer, ONE_THREAD), two = medianOf(layer, FAST);
    if (one === undefined || two === undefined) {
      parts.push(`${layer.id}: missing`);
      continue;
    }
    measured++;
    if (one / two < 1.7) failed++;
    parts.push(`${layer.id} ${fmt(one / two)}x${one / two < 1.7 ? ' ✗' : ''}`);
  }
  out.push({
    target: '2 threads ≥ 1.7x one thread on layers over 50 MFLOP',
    status: big.length === 0 ? 'not measured' : failed ? 'not met' : measured < big.length ? 'not measured' : 'met',
    detail: big.length ? parts.join('; ') : 'no layer over 50 MFLOP in this run',
  });
  out.push(pausedTarget(result));
  return out;
}

function pausedTarget(result: SuiteResult): TargetResult {
  const target = `With ${result.plan.pauseMs || 20} ms pauses, kernelbook 2t within ${PAUSED_MAX_RATIO}x of its back-to-back time`;
  if (!result.plan.pauseMs) return { target, status: 'not measured', detail: 'this run had --pause 0' };
  if (result.layers.length === 0) return { target, status: 'not measured', detail: 'no layers in this run' };
  const parts: string[] = [];
  let failed = 0, measured = 0;
  for (const layer of result.layers) {
    const backToBack = medianOf(layer, FAST), paused = medianOf(layer, FAST, 'paused');
    if (backToBack === undefined || paused === undefined) {
      parts.push(`${layer.id}: missing`);
      continue;
    }
    measured++;
    const ratio = paused / backToBack;
    if (ratio > PAUSED_MAX_RATIO) failed++;
    parts.push(`${layer.id} ${fmt(ratio)}x${ratio > PAUSED_MAX_RATIO ? ' ✗' : ''}`);
  }
  const status = failed ? 'not met' : measured < result.layers.length ? 'not measured' : 'met';
  return { target, status, detail: parts.join('; ') };
}
