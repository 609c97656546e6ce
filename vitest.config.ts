import { defineConfig } from 'vitest/config';

// PGlite needs 3 to 10 s and ~700 MB per instance (docs/stack.md): one instance per
// test file, generous hook timeouts, and at most two files at once on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
