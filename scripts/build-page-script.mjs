// The inline script of exported pages (`kernelbook run --html`): "explain a
// value" on feature maps, bundled from kernel/views/explain/page-script.ts
// into one small minified file, dist/page/explain.js, which
// kernel/runner/html.ts copies into a page that has explainable maps.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { browserBundleOptions } from './browser-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

await build({
  ...browserBundleOptions,
  absWorkingDir: ROOT,
  entryPoints: ['kernel/views/explain/page-script.ts'],
  outfile: 'dist/page/explain.js',
  format: 'iife',
  target: 'chrome100',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
