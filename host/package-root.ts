// Where the kernelbook package is on disk, from source (host/), built (dist/host/)
// or packaged (app.asar): the nearest folder above this module with our
// package.json. The renderer bundle and the walkthroughs are found from it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kernelbook') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('kernelbook: cannot find the package folder (package.json) above host/');
    dir = up;
  }
}

/** The bundled workbook (scripts/build-renderer.mjs writes it; index.html is its entry). */
export function rendererDir(): string {
  return join(packageRoot(), 'dist', 'renderer');
}
