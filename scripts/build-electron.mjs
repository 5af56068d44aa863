// electron/: the preload bundled to one CommonJS file. A sandboxed preload can
// neither load ES modules nor require files of its own, so tsc's output of
// electron/preload.ts (kept for type-checking) is replaced by the bundle; the
// main process runs tsc's ES modules as they are.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

await build({
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
for (const name of ['preload.js', 'preload.js.map', 'preload.d.ts']) rmSync(`dist/electron/${name}`, { force: true });
