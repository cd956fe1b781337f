import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The integration files share one lab, so their order is fixed: the rebuild from nothing first
 * (nothing else needs the lab yet, and the image it builds is the one all the others use), then
 * the files that run on the default lab (each `lab up` reuses it), then those that change it
 * (variants registered, a shaped link), lab down on what they all used, and host B as a remote host
 * over SSH (two bare hosts, lab down again at its end). A file not listed runs after those on the
 * default lab.
 */
const INTEGRATION_ORDER = [
  'lab-lifecycle',
  'lab-errors',
  'collect',
  'cpu-cost',
  'udp',
  'demo',
  '*',
  'variants',
  'link-shaping',
  'lab-teardown',
  'ssh-endpoint',
];

class LabOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const nameOf = (f: TestSpecification) => /\/test\/integration\/([^/]+)\.test\.ts$/.exec(f.moduleId)?.[1];
    const rank = (f: TestSpecification) => {
      const i = INTEGRATION_ORDER.indexOf(nameOf(f)!);
      return i >= 0 ? i : INTEGRATION_ORDER.indexOf('*');
    };
    const integration = sorted.filter((f) => nameOf(f) !== undefined).sort((a, b) => rank(a) - rank(b));
    return [...sorted.filter((f) => nameOf(f) === undefined), ...integration];
  }
}

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
    // one file per CPU: most tests wait on processes they started (the CLI, Chromium, Jupyter, LaTeX),
    // so vitest's default of one CPU less would leave one of a 2-CPU machine's two idle. Integration
    // files still run one at a time (fileParallelism: false below).
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LabOrder },
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
