// `npm run bench`: Kernelbook against the libraries people would pick
// instead, on MobileNet-v1 layers. Markdown on stdout (or --json), progress on
// stderr, bench/RESULTS.md with --write. A benchmark, not a test: nothing here
// runs under vitest.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LAYERS, MOBILENET_MACS } from './layers.js';
import type { PeerSpec } from './peer-process.js';
import { renderReport } from './report.js';
import { resultsFile } from './results-file.js';
import { engineAvailability, loadEngineModule } from './runners/kernelbook.js';
import { runSuite } from './suite.js';
import { judgeTargets } from './targets.js';

const PEERS: PeerSpec[] = [
  { id: 'kb-1', label: 'kernelbook 1t', kind: 'kernelbook', threads: 1 },
  { id: 'kb-2', label: 'kernelbook 2t', kind: 'kernelbook', threads: 2 },
  { id: 'kb-ref', label: 'kernelbook-ref', kind: 'kernelbook-ref', threads: 1 },
  { id: 'tfjs-wasm', label: 'tfjs-wasm', kind: 'tfjs-wasm', threads: 1 },
  { id: 'tfjs-cpu', label: 'tfjs-cpu', kind: 'tfjs-cpu', threads: 1 },
  { id: 'ort-web-1', label: 'ort-web 1t', kind: 'ort-web', threads: 1 },
  { id: 'ort-web-2', label: 'ort-web 2t', kind: 'ort-web', threads: 2 },
  { id: 'ort-node-1', label: 'ort-node 1t', kind: 'ort-node', threads: 1 },
  { id: 'ort-node-2', label: 'ort-node 2t', kind: 'ort-node', threads: 2 },
];

/** Notebook cells call the engine with pauses between calls: each layer is also measured so. */
const DEFAULT_PAUSE_MS = 20;

const USAGE = `usage: npm run bench -- [--quick] [--layers id,...] [--peers id,...] [--pause ms] [--json] [--write] [--no-check]
  --quick     ~1-2 minute run (fewer rounds, shorter batches)
  --layers    ${LAYERS.map((l) => l.id).join(',')}
  --peers     ${PEERS.map((p) => p.id).join(',')} (a prefix such as ort-node selects both thread counts)
  --pause     idle ms before every call of the paused column (default ${DEFAULT_PAUSE_MS}; 0: back to back only)
  --json      machine-readable results on stdout instead of markdown
  --write     also write bench/RESULTS.md
  --no-check  skip the cross-check of peers' outputs`;

interface Args {
  quick: boolean;
  json: boolean;
  write: boolean;
  check: boolean;
  pauseMs: number;
  layers?: string[];
  peers?: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: false, write: false, check: true, pauseMs: DEFAULT_PAUSE_MS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const list = () => {
      const value = inline ?? argv[++i];
      if (!value) throw new Error(`bench: ${flag} needs a comma-separated list\n${USAGE}`);
      return value.split(',').map((s) => s.trim()).filter(Boolean);
    };
    switch (flag) {
      case '--quick': args.quick = true; break;
      case '--json': args.json = true; break;
      case '--write': args.write = true; break;
      case '--no-check': args.check = false; break;
      case '--layers': args.layers = list(); break;
      case '--peers': args.peers = list(); break;
      case '--pause': {
        const value = Number(inline ?? argv[++i]);
        if (!Number.isFinite(value) || value < 0) throw new Error(`bench: --pause needs a number of ms (0 or more)\n${USAGE}`);
        args.pauseMs = value;
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: throw new Error(`bench: unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
    }
  }
  return args;
}

function pick<T extends { id: string }>(what: string, all: readonly T[], wanted: string[] | undefined, byPrefix: boolean): T[] {
  if (!wanted) return [...all];
  const chosen = all.filter((x) => wanted.some((w) => x.id === w || (byPrefix && x.id.startsWith(`${w}-`))));
  const unknown = wanted.filter((w) => !all.some((x) => x.id === w || (byPrefix && x.id.startsWith(`${w}-`))));
  if (unknown.length) throw new Error(`bench: unknown ${what} ${unknown.join(', ')}; known: ${all.map((x) => x.id).join(', ')}`);
  return chosen;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

  // The body's layer list must add up to MobileNet-v1's published cost, or it is not MobileNet.
  const body = LAYERS.find((l) => l.id === 'mobilenet')!;
  if (Math.abs(body.macs - MOBILENET_MACS) / MOBILENET_MACS > 0.01) {
    throw new Error(`bench: MobileNet body sums to ${body.macs} MACs, expected ~${MOBILENET_MACS}`);
  }

  // Kernelbook's own cost model must count the same MACs, or GFLOP/s would mean different things.
  const engine = await loadEngineModule().catch(() => undefined);
  if (engine?.cost) {
    for (const layer of LAYERS) {
      const macs = layer.stages.reduce((sum, s) => sum + engine.cost!(s.op, {
        input: [1, s.inHeight, s.inWidth, s.inChannels], filter: s.filterShape, strides: s.stride, padding: 'same',
      }).macs, 0);
      if (macs !== layer.macs) throw new Error(`bench: ${layer.id} counts ${layer.macs} MACs, kernelbook's cost() says ${macs}`);
    }
  }

  const layers = pick('layer', LAYERS, args.layers, false);
  let peers = pick('peer', PEERS, args.peers, true);
  const available = await engineAvailability().catch(() => ({ engine: false, ref: false }));
  // The reference ops stand in for Kernelbook only until the fast engine exists.
  if (available.engine && !args.peers?.includes('kb-ref')) peers = peers.filter((p) => p.id !== 'kb-ref');
  if (!args.peers && !available.engine && !available.ref) log('kernelbook/engine exports neither createEngine nor the reference ops yet');
  if (!available.engine) log('createEngine is not exported yet: Kernelbook\'s fast rows will be missing');

  const result = await runSuite({ quick: args.quick, pauseMs: args.pauseMs, layers, peers, check: args.check, log });
  const targets = judgeTargets(result);
  const markdown = renderReport(result, targets);
  if (args.json) console.log(JSON.stringify({ ...result, targets }, null, 2));
  else console.log(markdown);
  if (args.write) {
    const path = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url));
    const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
    writeFileSync(path, resultsFile(`npm run bench -- ${process.argv.slice(2).join(' ')}`, markdown, previous));
    log(`wrote ${path}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
