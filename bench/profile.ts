// `node dist/bench/profile.js [layer,...] [--threads 1,2] [--ms 400]
// [--against path/to/dist/engine/engine.js]`: the engine alone on bench
// layers, with engine.profile's phase and per-thread times, for iterating on
// kernels and work splitting. Engines (thread counts, and another build with
// --against) alternate in short rounds so a burst of load on the shared
// machine hits all of them.
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
const against = flag('--against', '');
const ids = argv.length ? argv.join(',').split(',') : ['conv224', 'dwm2', 'pw112', 'sep56', 'mobilenet'];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

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
const engines: Engine[] = [], labels: string[] = [];
for (const threads of threadCounts) {
  for (const [label, create] of builds) {
    engines.push(await create({ threads }));
    labels.push(`${label}${threads}t`);
  }
}
for (const id of ids) {
  const layer = LAYERS.find((l) => l.id === id);
  if (!layer) throw new Error(`profile: unknown layer ${id}; known: ${LAYERS.map((l) => l.id).join(', ')}`);
  const data = layerData(layer);
  const x = tensor(data.input, layer.inputShape);
  const filters = layer.stages.map((s, i) => tensor(data.filters[i], s.filterShape));
  const times = engines.map(() => [] as number[]);
  for (const engine of engines) for (let i = 0; i < 5; i++) await forward(engine, layer, x, filters);
  for (let r = 0; r < rounds; r++) {
    for (const [k, engine] of engines.entries()) {
      const end = performance.now() + budgetMs / rounds;
      while (performance.now() < end) {
        const t0 = performance.now();
        await forward(engine, layer, x, filters);
        times[k].push(performance.now() - t0);
      }
    }
  }
  const meds = times.map(median);
  const line = engines.map((e, k) => `${labels[k]} ${meds[k].toFixed(3)} (best ${Math.min(...times[k]).toFixed(3)})`);
  console.log(`${id.padEnd(10)} ${line.join('  ')}`);
  if (layer.stages.length === 1 || layer.kind === 'separable') {
    for (const [k, engine] of engines.entries()) {
      const args = layer.kind === 'separable'
        ? [x, filters[0], filters[1], { strides: 1, padding: 'same' }]
        : [x, filters[0], { strides: layer.stages[0].stride, padding: 'same' }];
      const op = layer.kind === 'separable' ? 'separableConv2d' : layer.stages[0].op;
      const profiles: Profile[] = [];
      for (let i = 0; i < 15; i++) profiles.push((await engine.profile(op, ...args)).profile);
      const p = profiles.sort((a, b) => a.totalMs - b.totalMs)[7];
      const phases = Object.entries(p.phases).filter(([, ms]) => ms > 0).map(([k, ms]) => `${k} ${ms.toFixed(3)}`).join(', ');
      const threads = p.threads.map((t) => `#${t.id} ${t.ms.toFixed(3)}/${t.tiles}`).join(' ');
      console.log(`           ${labels[k]} profile ${p.totalMs.toFixed(3)}: ${phases}; threads ${threads}`);
    }
  }
}
await Promise.all(engines.map((e) => e.dispose()));
