import { defineConfig } from 'vitest/config';

// Real browsers, one at a time: two cores cannot run Chromium and Firefox side by side reliably.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
