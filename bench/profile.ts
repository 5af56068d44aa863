// `node dist/bench/profile.js [layer,...] [--threads 1,2] [--ms 400]
// [--rounds 10] [--pause 0,20] [--against path/to/dist/engine/engine.js]`:
// the engine alone on bench layers, with engine.profile's phase and
// per-thread times, for iterating on kernels and work splitting.
//
// Every column (a thread count, with --against another build too, and with
// --pause each pause) is measured in the same short rounds, and the order of
// the columns flips from one round to the next, so a burst of load on the
// shared machine, and whatever running first or second does to caches and
// clocks, falls on all of them alike.
//
// --pause MS sleeps MS before every timed call, as a notebook cell calls the
// engine after a pause rather than back to back: what waking the workers and
// a cooled-down core cost. `--pause 0,20` gives both columns in one run.
//
// A profile line reads `#thread busy-ms/tiles +wait-ms`: thread 0 is the
// calling thread, and wait is how long after the job started a thread took
// its first tile (a worker waking; the calling thread's own work alongside).
import { LAYERS, layerData, type Layer } from './layers.js';
import { createEngine, type Engine, type Profile } from '../engine/engine.js';
import { tensor, type Tensor } from '../engine/tensor.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const threadCounts = flag('--threads', '1,2').split(',').map(Number);
const budgetMs = Number(flag('--ms', '400'));
const rounds = Number(flag('--rounds', '10'));
const pauses = flag('--pause', '0').split(',').map(Number);
const against = flag('--against', '');
const ids = argv.length ? argv.join(',').split(',') : ['conv224', 'dwm2', 'pw112', 'sep56', 'mobilenet'];
if (pauses.some((p) => !(p >= 0))) throw new Error(`profile: --pause: expected milliseconds >= 0, got ${pauses.join(',')}`);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function forward(engine: Engine, layer: Layer, x: Tensor, filters: Tensor[]): Promise<Tensor> {
  const s = layer.stages;
  if (layer.kind === 'separable') return engine.separableConv2d(x, filters[0], filters[1], { strides: s[0].stride, padding: 'same' });
  // As the benchmark runs a network: one chain, where the build has it.
  if (s.length > 1 && typeof engine.chain === 'function') {
    return engine.chain(x, s.map((st, i) => ({ op: st.op, filter: filters[i], strides: st.stride, padding: 'same' as const })));
  }
  return s.reduce<Promise<Tensor>>(async (y, st, i) => engine[st.op](await y, filters[i], { strides: st.stride, padding: 'same' }), Promise.resolve(x));
}

type Create = typeof createEngine;
const builds: [string, Create][] = [['', createEngine]];
if (against) builds.push(['base ', ((await import(new URL(against, `file://${process.cwd()}/`).href)) as { createEngine: Create }).createEngine]);
/** One column: an engine, called after `pause` ms. */
interface Column { engine: Engine; pause: number; label: string }
const engines: Engine[] = [];
const columns: Column[] = [];
for (const threads of threadCounts) {
  for (const [label, create] of builds) {
    const engine = await create({ threads });
    engines.push(engine);
    for (const pause of pauses) columns.push({ engine, pause, label: `${label}${threads}t${pauses.length > 1 || pause ? ` p${pause}` : ''}` });
  }
}
for (const id of ids) {
  const layer = LAYERS.find((l) => l.id === id);
  if (!layer) throw new Error(`profile: unknown layer ${id}; known: ${LAYERS.map((l) => l.id).join(', ')}`);
  const data = layerData(layer);
  const x = tensor(data.input, layer.inputShape);
  const filters = layer.stages.map((s, i) => tensor(data.filters[i], s.filterShape));
  const times = columns.map(() => [] as number[]);
  for (const engine of engines) for (let i = 0; i < 5; i++) await forward(engine, layer, x, filters);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...columns.keys()].reverse() : [...columns.keys()];
    for (const k of order) {
      const { engine, pause } = columns[k];
      // The budget counts the calls' own time, not the pauses before them.
      for (let spent = 0; spent < budgetMs / rounds;) {
        if (pause) await sleep(pause);
        const t0 = performance.now();
        await forward(engine, layer, x, filters);
        const ms = performance.now() - t0;
        times[k].push(ms);
        spent += ms;
      }
    }
  }
  const meds = times.map(median);
  const line = columns.map((c, k) => `${c.label} ${meds[k].toFixed(3)} (best ${Math.min(...times[k]).toFixed(3)}, n ${times[k].length})`);
  console.log(`${id.padEnd(10)} ${line.join('  ')}`);
  if (layer.stages.length === 1 || layer.kind === 'separable') {
    for (const { engine, pause, label } of columns) {
      const args = layer.kind === 'separable'
        ? [x, filters[0], filters[1], { strides: 1, padding: 'same' }]
        : [x, filters[0], { strides: layer.stages[0].stride, padding: 'same' }];
      const op = layer.kind === 'separable' ? 'separableConv2d' : layer.stages[0].op;
      const profiles: Profile[] = [];
      for (let i = 0; i < 15; i++) {
        if (pause) await sleep(pause);
        profiles.push((await engine.profile(op, ...args)).profile);
      }
      const p = profiles.sort((a, b) => a.totalMs - b.totalMs)[7];
      const phases = Object.entries(p.phases).filter(([, ms]) => ms > 0).map(([k, ms]) => `${k} ${ms.toFixed(3)}`).join(', ');
      const threads = p.threads.map((t) => `#${t.id} ${t.ms.toFixed(3)}/${t.tiles}${t.waitMs ? ` +${t.waitMs.toFixed(3)}` : ''}`).join(' ');
      console.log(`           ${label} profile ${p.totalMs.toFixed(3)}: ${phases}; threads ${threads}`);
    }
  }
}
await Promise.all(engines.map((e) => e.dispose()));
