import { defineConfig } from 'vitest/config';

// CI asks for a JSON report next to the usual console output (.ci/run reads it).
const report = process.env.KERNELBOOK_TEST_REPORT;

export default defineConfig({
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
