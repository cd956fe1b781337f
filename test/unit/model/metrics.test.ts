import { describe, expect, it } from 'vitest';
import { METRIC_DIRECTION, directionOf } from '../../../src/model/metrics.js';
import { ALL_PROBES } from '../../../src/probes/registry.js';

describe('metric directions', () => {
  it('name a direction for every metric a probe yields, and for no other', () => {
    const yielded = ALL_PROBES.flatMap((p) => p.metrics.map((m) => m.metric)).sort();
    expect(Object.keys(METRIC_DIRECTION).sort()).toEqual(yielded);
    expect([
      directionOf('bandwidth'),
      directionOf('sockperf_rtt_p50'),
      directionOf('server_mem_max'),
      directionOf('http_concurrency'),
    ]).toEqual(['higher', 'lower', 'lower', 'none']);
  });
});
