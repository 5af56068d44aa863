// `npm run bench`, before it runs: bench/ has its own package.json and lock
// file for the libraries the engine is measured against (ONNX Runtime,
// TensorFlow.js: ~430 MB the app and its tests do not need). Installs them
// into bench/node_modules when they are missing or differ from bench's lock
// file, and otherwise does nothing and reads no network, so the benchmark runs
// offline once installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('../bench/', import.meta.url));

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The packages of bench's lock file that node_modules lacks or holds at another version. */
export function stalePackages(bench = BENCH) {
  const wanted = readJson(join(bench, 'package-lock.json'))?.packages;
  if (!wanted) throw new Error('bench/package-lock.json is missing or unreadable');
  // npm's own record of what it installed, written with every install.
  const installed = readJson(join(bench, 'node_modules', '.package-lock.json'))?.packages ?? {};
  return Object.entries(wanted)
    .filter(([path, entry]) => path !== '' && !entry.optional)
    .filter(([path, entry]) => installed[path]?.version !== entry.version || !existsSync(join(bench, path, 'package.json')))
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
}

const KEPT_CONFIG = /^npm_config_(registry|.*:registry|.*:_authtoken|_auth|https?[-_]proxy|proxy|no[-_]?proxy|cafile|ca|strict[-_]ssl|cache|userconfig|globalconfig)$/i;

function install() {
  // `npm run bench` hands its child npm_config_* variables that would point
  // this npm at the app's project instead of bench's (local_prefix, the app's
  // .npmrc, an empty allow_scripts); only where to fetch from, and how, is
  // kept, as the user's own npm would use it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || KEPT_CONFIG.test(key)));
  // onnxruntime-node's install script only downloads CUDA extras; bench's
  // allowScripts denies it, and this skips it on npm versions that ignore that.
  env.ONNXRUNTIME_NODE_INSTALL = 'skip';
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli && /\.[cm]?js$/.test(npmCli)
    ? [process.execPath, [npmCli, 'ci', '--no-audit', '--no-fund']]
    : ['npm', ['ci', '--no-audit', '--no-fund']];
  // npm's report goes to stderr with the benchmark's progress: stdout carries only the results (markdown or --json).
  const result = spawnSync(command, args, { cwd: BENCH, env, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' && command === 'npm' });
  if (result.status !== 0) {
    throw new Error(`bench: installing bench/'s packages failed (npm ci in bench/ exited ${result.status ?? result.signal}); it needs the npm registry once`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const stale = stalePackages();
    if (stale.length) {
      process.stderr.write(`bench: installing the benchmark's packages into bench/node_modules (once, ~430 MB): ${stale.length} missing or changed, e.g. ${stale.slice(0, 3).join(', ')}\n`);
      install();
      const still = stalePackages();
      if (still.length) throw new Error(`bench: still missing after install: ${still.join(', ')}`);
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
