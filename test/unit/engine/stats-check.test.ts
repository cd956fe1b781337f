import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyStatsReason } from '../../../src/engine/stats-check.js';

const fixture = (f: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker-stats/${f}`, 'utf8'));

describe('engine stats check', () => {
  it('accepts a stats object that measured the container', () => {
    expect(emptyStatsReason(fixture('runc-sleep-oneshot.json'))).toBeUndefined();
  });
  it('names the empty object an engine returns when a cgroup v1 hierarchy has no mount', () => {
    expect(emptyStatsReason(fixture('empty-unmounted-hugetlb-oneshot.json'))).toMatch(/read time 0001-01-01.*measured nothing/);
  });
  it('names a missing memory or CPU figure', () => {
    const ok = fixture('runc-sleep-oneshot.json') as Record<string, unknown>;
    expect(emptyStatsReason({ ...ok, memory_stats: {} })).toMatch(/memory/);
    expect(emptyStatsReason({ ...ok, cpu_stats: { cpu_usage: { total_usage: 0 } } })).toMatch(/CPU/);
  });
});
