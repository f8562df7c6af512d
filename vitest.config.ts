import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As in the end-to-end tests' build (src/globals.d.ts): the tests read into the card UIs' shadow roots.
  define: { OPEN_SHADOW_ROOTS: 'true' },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup/i18n.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
