// `npm run build`: TypeScript to dist/, then every build step that needs more than tsc.
// Each step is its own script so one owner changes one file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['scripts/build-wasm.mjs'],      // engine: WebAssembly kernels (AssemblyScript)
  ['scripts/build-images.mjs'],    // kernel: the walkthroughs' sample photographs, bundled for sampleImage
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
  ['scripts/build-electron.mjs'],  // electron: the preload as one CommonJS file
  ['scripts/build-renderer.mjs'],  // renderer: bundled UI for Electron and `kernelbook serve`
  ['scripts/build-page-script.mjs'], // kernel: the inline script of exported pages ("explain a value")
];

for (const [script, ...args] of steps) {
  if (!existsSync(script)) continue;
  execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });
}
