// The CSV rows of a probe run, built from a real iperf3 run's output (test/fixtures/iperf3/).
import { withCost, unsupportedCost } from '../../../src/campaign/cpu-cost.js';
import { COST_METRICS } from '../../../src/model/metrics.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { artifactPath, emptyRows, ranRows, rowBase } from '../../../src/campaign/rows.js';
import { COLUMNS } from '../../../src/dataset/measurements.js';
import type { Task } from '../../../src/model/keys.js';
import { IPERF3_DEFAULTS, iperf3Probe } from '../../../src/probes/iperf3.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/iperf3/${f}`, import.meta.url), 'utf8');
const task: Task = {
  cell: { experiment: 'bandwidth', runtime: 'runsc', pair: { client: 'host', server: 'bridge' }, load: 'stress' },
  rep: 3,
  warmup: false,
};
const base = rowBase('c-nb', task, 'iperf3');

describe('rows of a probe run', () => {
  it('names the artifact directory after the task', () => {
    expect(artifactPath(task, 'iperf3')).toBe('artifacts/bandwidth/runsc/host-bridge/stress/rep3/iperf3');
    expect(artifactPath({ ...task, warmup: true, rep: 1 }, 'ping')).toBe('artifacts/bandwidth/runsc/host-bridge/stress/warmup1/ping');
  });
  it('gives a run that could not happen one empty row per promised metric, with every CSV column', () => {
    const rows = emptyRows(base, iperf3Probe.metrics, {
      status: 'unsupported',
      reason: 'no host netns',
      attempts: 0,
      warnings: '',
      artifact: '',
      startedAt: 't0',
    });
    expect(rows.map((r) => r.metric)).toEqual(iperf3Probe.metrics.map((m) => m.metric));
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual([...COLUMNS].sort());
      expect(r).toMatchObject({
        value: null,
        status: 'unsupported',
        reason: 'no host netns',
        runtime: 'runsc',
        client_driver: 'host',
        server_driver: 'bridge',
        rep: 3,
      });
    }
  });
  it('gives a run a row per value and a failed row, with its reason, for a promised metric it did not give', () => {
    const parsed = iperf3Probe.parse(
      {
        clientStdout: fixture('tcp-runc-bridge.json'),
        clientStderr: '',
        clientExitCode: 0,
        serverStdout: fixture('server-runc-bridge.json'),
      },
      IPERF3_DEFAULTS,
    );
    const partial = withCost(
      {
        ...parsed,
        samples: parsed.samples.filter((s) => s.metric !== 'retransmits'),
        missing: { retransmits: 'not in the output' },
      },
      unsupportedCost('no counters here'),
    );
    const rows = ranRows(
      base,
      iperf3Probe.metrics,
      { startedAt: 't1', durationS: 10.12345, parsed: partial },
      { attempts: 2, warnings: ['retried: x', 'w'], artifact: 'a' },
    );
    expect(rows).toHaveLength(iperf3Probe.metrics.length);
    const ok = rows.filter((r) => r.status === 'ok');
    expect(ok.map((r) => r.metric)).toEqual(partial.samples.map((s) => s.metric));
    expect(ok.every((r) => typeof r.value === 'number' && r.value > 0)).toBe(true);
    expect(rows.filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({ metric: 'retransmits', value: null, status: 'failed', reason: 'not in the output' }),
    ]);
    // the CPU cost this setup cannot measure: unsupported, with the reason, never 0
    const unsupported = rows.filter((r) => r.status === 'unsupported');
    expect(unsupported.map((r) => r.metric)).toEqual([...COST_METRICS]);
    expect(unsupported.every((r) => r.value === null && r.reason === 'no counters here')).toBe(true);
    expect(rows[0]).toMatchObject({ attempts: 2, started_at: 't1', duration_s: 10.123, warnings: 'retried: x | w', artifact: 'a' });
  });
});
