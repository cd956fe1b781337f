import { defineConfig } from 'vitest/config';

// The tiers, fastest first (scripts/test.sh runs them all and prints each tier's time and the
// slowest files):
// - `unit`: pure code on real fixtures. No root, no lab, no browser, no child process: the tier a
//   contributor runs often (npm run test:fast).
// - `processes`: tests that start processes (the CLI as a user types it, bash, git, python3 with
//   scipy as the statistics' oracle) but need no root, lab or browser.
// - `browser`: figures rendered by plotly.js in Debian's Chromium.
// - `notebooks`: Jupyter executing every notebook with the tslab kernel.
// - `integration`: a real Docker lab, real containers, root; one file at a time (they share the lab).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, pool: 'threads', isolate: false } },
      { test: { name: 'processes', include: ['test/processes/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, testTimeout: 300_000 } },
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
          // a test that runs a whole campaign on the lab may take minutes; no test's time is asserted
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
