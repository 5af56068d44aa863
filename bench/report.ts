// The run as markdown: the machine, the peers, the tables, the targets and
// the cross-check. The same text goes to stdout and, with --write, to
// bench/RESULTS.md.
import { NOISY_CORES } from './noise.js';
import { isSummary, type Cell, type LayerResult, type SuiteResult } from './suite.js';
import type { TargetResult } from './targets.js';

const KERNELBOOK_PREFERENCE = ['kb-2', 'kb-1', 'kb-ref'];

/** The Kernelbook column the ratios are taken against: 2 threads if it ran. */
export function kernelbookColumn(result: SuiteResult): string | undefined {
  return KERNELBOOK_PREFERENCE.find((id) => result.layers.some((l) => isSummary(l.cells[id])));
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly string[]): string {
  const sep = header.map((_, i) => align?.[i] ?? (i === 0 ? ':--' : '--:'));
  return [row(header), row(sep), ...rows.map(row)].join('\n');
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function cellText(cell: Cell | undefined, show: (c: Exclude<Cell, { error: string }>) => string): string {
  if (cell === undefined) return '—';
  return isSummary(cell) ? show(cell) : 'error';
}

function load(x: number | undefined): string {
  return x === undefined ? '?' : x.toFixed(2);
}

function noiseText(layer: LayerResult): string {
  const text = `${load(layer.loadBefore)} / ${load(layer.loadDuring)}`;
  return layer.noisy ? `⚠ ${text}` : text;
}

export function renderReport(result: SuiteResult, targets: TargetResult[]): string {
  const m = result.machine;
  const peers = result.peers.filter((p) => !p.error);
  const kb = kernelbookColumn(result);
  const out: string[] = [];

  out.push(`Machine: ${m.cpu}, ${m.cores} cores (${m.flags || 'no SIMD flags read'}), ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}), ${m.platform}.`);
  const plan = result.plan;
  const pausedPlan = plan.pauseMs ? `, then as many with a ${plan.pauseMs} ms pause before each in ~${plan.pausedBudgetMs} ms (pauses included), the two in alternating order` : '';
  out.push(`Run: ${m.date}, ${result.mode} mode (${plan.rounds} alternating rounds per layer, ≥${plan.minCalls} calls and ~${plan.budgetMs} ms per peer per round after warm-up${pausedPlan}), ${result.elapsedSeconds} s; load average at the end ${m.loadavg.join(' ')}.`);
  out.push('');

  out.push('## Peers');
  out.push('');
  const largest = [...result.layers].sort((a, b) => b.macs - a.macs)[0];
  out.push(table(
    ['peer', 'threads asked', 'threads reported', `cores busy (${largest?.id ?? '—'})`, 'library'],
    result.peers.map((p) => [
      p.label, String(p.threads), p.error ? '—' : String(p.actualThreads ?? '?'),
      largest && !p.error ? cellText(largest.cells[p.id], (c) => c.coresUsed.toFixed(2)) : '—',
      p.error ? `**missing**: ${p.error}` : p.note ?? '',
    ]),
    [':--', '--:', '--:', '--:', ':--'],
  ));
  out.push('');

  const layerLabel = (l: LayerResult) => `${l.title}${l.noisy ? ' ⚠' : ''}`;
  const mflop = (l: LayerResult) => (2 * l.macs / 1e6).toFixed(1);

  out.push('## Median ms (GFLOP/s)');
  out.push('');
  out.push(table(
    ['layer', 'MFLOP', ...peers.map((p) => p.label), 'other load before / during (cores)'],
    result.layers.map((l) => [
      layerLabel(l), mflop(l),
      ...peers.map((p) => cellText(l.cells[p.id], (c) => `${ms(c.medianMs)} (${c.gflops.toFixed(1)})`)),
      noiseText(l),
    ]),
  ));
  out.push('');

  if (plan.pauseMs) {
    const pause = `${plan.pauseMs} ms pauses`;
    out.push(`## Median ms: back to back / with ${pause}`);
    out.push('');
    out.push(`Notebook cells call the engine with pauses between calls, not back to back. Each cell: the median back to back / the median with a ${plan.pauseMs} ms pause (a timer; the event loop idles) before every call. The pause itself is never timed.`);
    out.push('');
    out.push(table(
      ['layer', ...peers.map((p) => p.label)],
      result.layers.map((l) => [layerLabel(l), ...peers.map((p) => {
        const a = l.cells[p.id], b = l.paused[p.id];
        return a === undefined ? '—' : isSummary(a) && isSummary(b) ? `${ms(a.medianMs)} / ${ms(b.medianMs)}` : 'error';
      })]),
    ));
    out.push('');
    out.push(`## With ${pause} / back to back (median over median; above 1 means a paused call is slower)`);
    out.push('');
    out.push(table(
      ['layer', ...peers.map((p) => p.label)],
      result.layers.map((l) => [layerLabel(l), ...peers.map((p) => {
        const a = l.cells[p.id], b = l.paused[p.id];
        return isSummary(a) && isSummary(b) ? `${(b.medianMs / a.medianMs).toFixed(2)}x` : '—';
      })]),
    ));
    out.push('');
  }

  out.push('## Best ms');
  out.push('');
  out.push(table(
    ['layer', ...peers.map((p) => p.label)],
    result.layers.map((l) => [layerLabel(l), ...peers.map((p) => cellText(l.cells[p.id], (c) => ms(c.bestMs)))]),
  ));
  out.push('');

  if (kb) {
    const kbLabel = result.peers.find((p) => p.id === kb)!.label;
    const others = peers.filter((p) => p.id !== kb && !p.id.startsWith('kb-'));
    const scaling = kb === 'kb-2' && peers.some((p) => p.id === 'kb-1');
    out.push(`## ${kbLabel}: speed-up over each peer (peer median / Kernelbook median; above 1 means Kernelbook is faster)`);
    out.push('');
    out.push(table(
      ['layer', ...others.map((p) => p.label), ...(scaling ? ['2 threads / 1 thread'] : [])],
      result.layers.map((l) => {
        const mine = l.cells[kb];
        const ratio = (id: string) => {
          const theirs = l.cells[id];
          return isSummary(mine) && isSummary(theirs) ? `${(theirs.medianMs / mine.medianMs).toFixed(2)}x` : '—';
        };
        const one = l.cells['kb-1'];
        return [
          layerLabel(l), ...others.map((p) => ratio(p.id)),
          ...(scaling ? [isSummary(one) && isSummary(mine) ? `${(one.medianMs / mine.medianMs).toFixed(2)}x` : '—'] : []),
        ];
      }),
    ));
    out.push('');
  }

  out.push('## Targets (issues 3 and 7; Kernelbook at 2 threads)');
  out.push('');
  for (const t of targets) out.push(`- [${t.status === 'met' ? 'x' : ' '}] **${t.status}**: ${t.target} — ${t.detail}`);
  out.push('');

  if (result.checks.length) {
    out.push('## Cross-check: does every peer compute the same convolution?');
    out.push('');
    out.push(`Largest |peer − oracle| relative to max |oracle| on small odd-sized cases (tolerance 1e-4; oracle tfjs-backend-cpu).`);
    out.push('');
    out.push(table(
      ['case', ...peers.map((p) => p.label)],
      result.checks.map((c) => [c.title, ...peers.map((p) => {
        const cell = c.cells[p.id];
        if (!cell) return '—';
        if ('error' in cell) return `error: ${cell.error}`;
        return `${cell.ok ? '✓' : '✗'} ${cell.maxDiff.toExponential(1)}`;
      })]),
    ));
    out.push('');
  }

  const noisy = result.layers.filter((l) => l.noisy).length;
  out.push('## Notes');
  out.push('');
  out.push('- Batch 1, SAME padding, no bias or activation, float32, seeded random weights scaled to keep unit variance (no denormals). Each timed call includes reading the output back into a JS Float32Array.');
  out.push('- Layouts are each library\'s native form: NHWC for Kernelbook and TensorFlow.js, NCHW for ONNX Runtime (its Conv is NCHW; the models are written by bench/onnx.ts with TF-SAME pads, extra at the end, and group=C for depthwise). Layout conversion is outside the timed calls.');
  out.push('- The MobileNet body is 27 separate convolutions (stem, then depthwise and pointwise per block) run back to back: 567.7M MACs, the published 569M less the 1.0M of the classifier.');
  out.push(`- "Other load" is CPU time of every other process from /proc/stat, in cores (including idle peers' background V8 compilation and GC, which disturb a measurement just the same), idle before the row (after waiting up to ${result.plan.maxQuietWaitMs / 1000} s for quiet) / worst during any batch. Rows marked ⚠ exceeded ${NOISY_CORES} cores: ${noisy} of ${result.layers.length} rows this run.`);
  out.push('- "Cores busy" is a peer\'s process CPU time over wall time during its timed calls back to back: whether it really used the threads it was given.');
  if (plan.pauseMs) out.push(`- With pauses: each timed call follows ${plan.pauseMs} ms of idle (\`setTimeout\`), as a notebook's cell calls after the one before has drawn. A library whose threads sleep when idle pays to wake them on every such call; one whose threads spin keeps that cost but burns a core meanwhile. The other tables are back to back.`);
  for (const p of peers.filter((q) => q.threads > 1)) {
    const cell = largest?.cells[p.id];
    if (!isSummary(cell)) continue;
    out.push(`- ${p.label} ${cell.coresUsed > 1.5 ? 'does' : '**does not**'} run multithreaded in Node: ${cell.coresUsed.toFixed(2)} cores busy on ${largest.id}.`);
  }
  return out.join('\n');
}
