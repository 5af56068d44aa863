// The workbook's renderer as a static folder, dist/renderer/: index.html, the
// app bundle, the engine's worker, one stylesheet (KaTeX's fonts emitted
// beside it) and the exported pages' explanation script. Everything is bundled, nothing is fetched at run time, so the
// same folder is served by `kernelbook serve` and by Electron's app:// scheme.
//
// The engine's pool starts its workers from new URL('./worker.js',
// import.meta.url), so the worker is its own entry point and lands next to
// app.js as worker.js, loadable as a module worker.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { browserBundleOptions } from './browser-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist/renderer');

// esbuild strips types without checking them; the renderer is checked here, against the DOM.
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'renderer/tsconfig.json')], { stdio: 'inherit' });

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

await build({
  ...browserBundleOptions,
  absWorkingDir: ROOT,
  format: 'esm',
  // TypeScript, imported only when a notebook has a TypeScript cell
  // (kernel/runtime/typescript.ts), becomes a chunk of its own, loaded then.
  splitting: true,
  // Beside app.js, not in a folder: the engine's pool finds worker.js next to its own module.
  chunkNames: '[name]-[hash]',
  target: 'chrome120',
  outdir: OUT,
  entryPoints: {
    app: 'renderer/main.ts',
    worker: 'engine/pool/worker.ts',
    styles: 'renderer/styles/index.css',
  },
  minify: process.env.KERNELBOOK_RENDERER_MINIFY !== '0',
  sourcemap: 'linked',
  // KaTeX's stylesheet names its fonts; they ship as files beside styles.css.
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
  assetNames: 'fonts/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});

copyFileSync(join(ROOT, 'renderer/index.html'), join(OUT, 'index.html'));
// "Explain a value" for pages the workbook exports: the same inline script
// `kernelbook run --html` writes (scripts/build-page-script.mjs), served
// beside the app so Export HTML can put it into the page.
execFileSync(process.execPath, [join(ROOT, 'scripts/build-page-script.mjs')], { stdio: 'inherit' });
copyFileSync(join(ROOT, 'dist/page/explain.js'), join(OUT, 'explain.js'));
