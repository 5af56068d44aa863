// electron/: the preload bundled to one CommonJS file. A sandboxed preload can
// neither load ES modules nor require files of its own, so tsc's output of
// electron/preload.ts cannot be used as is; the main process (ES modules) can.
import { build } from 'esbuild';

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
