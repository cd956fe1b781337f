// A container's CPU time from real one-shot stats objects (test/fixtures/docker-stats).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerCpuOf, preciseTimeMs } from '../../../src/engine/container-cpu.js';

const fixture = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/docker-stats/${f}`, import.meta.url), 'utf8'));

describe("a container's CPU time from the engine's stats", () => {
  it('reads cpu_usage.total_usage in seconds', () => {
    // and when the engine read it, to the microsecond ("read": "2026-11-23T14:02:26.861018851Z")
    expect(containerCpuOf(fixture('runc-sleep-oneshot.json'))).toEqual({
      seconds: 0.041475467,
      readAtMs: Date.UTC(2026, 10, 23, 14, 2, 26) + 861.018851,
    });
  });

  it('reads Go times to below the millisecond, with an offset or without a fraction', () => {
    expect(preciseTimeMs('2026-11-23T14:02:26.000250Z') - preciseTimeMs('2026-11-23T14:02:26Z')).toBeCloseTo(0.25, 9);
    expect(preciseTimeMs('2026-11-23T15:02:26.5+01:00')).toBe(Date.UTC(2026, 10, 23, 14, 2, 26, 500));
    expect(preciseTimeMs('yesterday')).toBeNaN();
  });

  it('gives the reason, never 0, when the engine measured nothing', () => {
    const r = containerCpuOf(fixture('empty-unmounted-hugetlb-oneshot.json'));
    expect(r).toEqual({
      unsupported: expect.stringMatching(/^the engine's stats measured nothing for the container: read time 0001-01-01/),
    });
  });
});
