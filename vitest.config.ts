import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code on real fixtures, seconds) and `integration` (real Docker
// engine, real containers, root; run one file at a time because they share the lab).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
