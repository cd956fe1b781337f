import { describe, expect, it } from 'vitest';
import { COST_METRICS, HEADLINE_METRICS, METRICS, directionOf, isMetric, unitOf } from '../../../src/model/metrics.js';

const isCost = (m: string): boolean => COST_METRICS.some((c) => c === m);
import { EXPERIMENTS } from '../../../src/model/experiments.js';
import { ALL_PROBES } from '../../../src/probes/registry.js';

describe('metric catalogue', () => {
  it('names every metric a probe yields, and no other, with its direction', () => {
    const yielded = [...new Set(ALL_PROBES.flatMap((p) => p.metrics.map((m) => m.metric)))].sort();
    expect(Object.keys(METRICS).sort()).toEqual(yielded);
    expect([
      directionOf('bandwidth'),
      directionOf('sockperf_rtt_p50'),
      directionOf('server_mem_max'),
      directionOf('http_concurrency'),
    ]).toEqual(['higher', 'lower', 'lower', 'none']);
    expect(directionOf('no_such_metric')).toBe('none');
  });

  it('gives each metric the unit and probe of the probe that yields it', () => {
    for (const p of ALL_PROBES)
      for (const m of p.metrics) {
        expect(METRICS[m.metric].unit, m.metric).toBe(m.unit);
        expect(METRICS[m.metric].probe, m.metric).toBe(isCost(m.metric) ? 'cpu-cost' : p.name);
      }
  });

  it('has the CPU cost of every probe that moves bulk data, and only of those', () => {
    const withCost = ALL_PROBES.filter((p) => COST_METRICS.every((c) => p.metrics.some((m) => m.metric === c))).map((p) => p.name);
    expect(withCost).toEqual(['iperf3', 'siege']);
    expect(Object.entries(METRICS).flatMap(([m, i]) => (i.probe === 'cpu-cost' ? [m] : []))).toEqual([...COST_METRICS]);
    expect(unitOf(METRICS.cpu_s_per_gb.unit).label).toBe('CPU s/GB');
  });

  it('has headline metrics of the catalogue for every experiment, shown in one unit each', () => {
    for (const e of EXPERIMENTS) expect(HEADLINE_METRICS[e].length, e).toBeGreaterThan(0);
    expect(isMetric('sockperf_rtt_p50')).toBe(true);
    expect(isMetric('sockperf_rtt_p5')).toBe(false);
    expect(unitOf(METRICS.http_transaction_rate.unit).label).toBe('transactions/s');
    expect(unitOf(METRICS.sockperf_rtt_p50.unit).label).toBe('µs');
  });
});
