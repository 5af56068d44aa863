// scripts/bench-packages.mjs decides whether `npm run bench` must install
// bench/'s packages: only when node_modules lacks one of bench's lock file or
// holds another version, so an installed benchmark runs offline.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stalePackages } from '../../scripts/bench-packages.mjs';

let bench: string;
beforeEach(() => { bench = mkdtempSync(join(tmpdir(), 'kernelbook-bench-packages-')); });
afterEach(() => rmSync(bench, { recursive: true, force: true }));

const LOCK = {
  '': { name: 'kernelbook-bench' },
  'node_modules/onnxruntime-web': { version: '1.23.2' },
  'node_modules/@tensorflow/tfjs-core': { version: '4.22.0' },
  'node_modules/onnxruntime-node/node_modules/long': { version: '5.3.2' },
  'node_modules/fsevents': { version: '2.3.3', optional: true },
};

function write(path: string, value: unknown) {
  mkdirSync(join(bench, path, '..'), { recursive: true });
  writeFileSync(join(bench, path), JSON.stringify(value));
}

/** node_modules as npm leaves it: each package's folder, and npm's record of them. */
function install(packages: Record<string, { version: string }>) {
  for (const [path, { version }] of Object.entries(packages)) write(join(path, 'package.json'), { version });
  write('node_modules/.package-lock.json', { packages });
}

describe('scripts/bench-packages.mjs', () => {
  it('stalePackages(bench) names every package of the lock file when nothing is installed', () => {
    write('package-lock.json', { packages: LOCK });
    expect(stalePackages(bench)).toEqual(['onnxruntime-web', '@tensorflow/tfjs-core', 'long']);
  });

  it('stalePackages(bench) is empty once npm installed the lock file (optional packages may be absent)', () => {
    write('package-lock.json', { packages: LOCK });
    const { '': _root, 'node_modules/fsevents': _optional, ...wanted } = LOCK;
    install(wanted);
    expect(stalePackages(bench)).toEqual([]);
  });

  it('stalePackages(bench) names a package at another version, or whose folder is gone', () => {
    write('package-lock.json', { packages: LOCK });
    install({
      'node_modules/onnxruntime-web': { version: '1.22.0' },
      'node_modules/@tensorflow/tfjs-core': { version: '4.22.0' },
      'node_modules/onnxruntime-node/node_modules/long': { version: '5.3.2' },
    });
    rmSync(join(bench, 'node_modules/@tensorflow/tfjs-core'), { recursive: true });
    expect(stalePackages(bench)).toEqual(['onnxruntime-web', '@tensorflow/tfjs-core']);
  });

  it('stalePackages(bench) throws without a lock file', () => {
    expect(() => stalePackages(bench)).toThrow(/package-lock\.json/);
  });
});

describe('bench/package.json', () => {
  const PEERS = ['onnxruntime-node', 'onnxruntime-web', '@tensorflow/tfjs-backend-wasm'];
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

  it('holds the peers, and the app\'s package.json does not (the oracle tfjs-backend-cpu stays the app\'s)', () => {
    const app = read('package.json'), benchPackage = read('bench/package.json');
    const appDeps = { ...app.dependencies, ...app.devDependencies };
    for (const peer of PEERS) {
      expect(appDeps).not.toHaveProperty([peer]);
      expect(benchPackage.dependencies).toHaveProperty([peer]);
    }
    expect(appDeps).toHaveProperty(['@tensorflow/tfjs-backend-cpu']);
    expect(appDeps).toHaveProperty(['@tensorflow/tfjs-core']);
  });

  it('its lock file pins what package.json asks', () => {
    const lock = read('bench/package-lock.json');
    expect(lock.packages[''].dependencies).toEqual(read('bench/package.json').dependencies);
  });

  it('no source outside bench/ imports a peer', () => {
    const imports = new RegExp(`(from|import|import\\(|require\\()\\s*['"](${PEERS.join('|')})`);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(path);
        } else if (/\.(ts|mts|js|mjs|cjs)$/.test(entry.name) && imports.test(readFileSync(path, 'utf8'))) {
          offenders.push(path);
        }
      }
    };
    for (const dir of ['engine', 'kernel', 'renderer', 'host', 'electron', 'bin', 'scripts', 'test']) walk(dir);
    expect(offenders).toEqual([]);
  });
});
