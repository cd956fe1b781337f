// A container's CPU time from real one-shot stats objects (test/fixtures/docker-stats).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerCpuOf } from '../../../src/engine/container-cpu.js';

const fixture = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/docker-stats/${f}`, import.meta.url), 'utf8'));

describe("a container's CPU time from the engine's stats", () => {
  it('reads cpu_usage.total_usage in seconds', () => {
    expect(containerCpuOf(fixture('runc-sleep-oneshot.json'))).toEqual({ seconds: 0.041475467 });
  });

  it('gives the reason, never 0, when the engine measured nothing', () => {
    const r = containerCpuOf(fixture('empty-unmounted-hugetlb-oneshot.json'));
    expect(r).toEqual({
      unsupported: expect.stringMatching(/^the engine's stats measured nothing for the container: read time 0001-01-01/),
    });
  });
});
