import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// CI asks for a JSON report next to the usual console output (.ci/run reads it).
const report = process.env.KERNELBOOK_TEST_REPORT;

// The engine's workers are separate JS files that Node loads by URL, outside
// vitest's transform: from engine/pool/pool.ts they would be looked for as
// engine/pool/worker.js, which only exists built. Tests that reach the
// multithreaded engine from source (the kernel's `engine` builtin) therefore
// get the built pool, whose worker sits next to it in dist/ (`npm test` builds
// first).
const pool = fileURLToPath(new URL('./engine/pool/pool.ts', import.meta.url));
const builtPool = fileURLToPath(new URL('./dist/engine/pool/pool.js', import.meta.url));
const workersFromBuild: Plugin = {
  name: 'kernelbook:workers-from-build',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!source.includes('pool')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === pool ? builtPool : null;
  },
};

export default defineConfig({
  plugins: [workersFromBuild],
  test: {
    include: ['test/**/*.test.ts'],
    // Worker pools and the Chromium tests compete for two cores; forks keep a
    // crashed worker from taking another test file down with it.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
