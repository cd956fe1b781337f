import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure code on real fixtures, seconds), `notebooks` (Jupyter runs every
// notebook) and `integration` (real Docker engine, real containers, root; one file at a time
// because they share the lab).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      // figures rendered by plotly.js in Debian's Chromium (no root, no Docker).
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, testTimeout: 300_000 } },
      // Jupyter executing the notebooks with the tslab kernel (no root, no Docker; about a minute).
      {
        test: {
          name: 'notebooks',
          include: ['test/notebooks/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 1_800_000, // the quick full-matrix campaign takes about 13 min here
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
