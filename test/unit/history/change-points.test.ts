// E-divisive means over campaigns, sessions permuted whole: it finds a step that stands out of the
// session-to-session spread, and not session drift alone.
import prand from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { changePoints, type Block } from '../../../src/history/change-points.js';

/** A seeded series: `campaigns` campaigns of `sessions` sessions of `reps` log-values; each session drifts by its own offset (sd `sessionSd`), each repetition by `repSd`; `step` added from campaign `at` on. */
function series(o: {
  campaigns: number;
  sessions: number;
  reps: number;
  sessionSd: number;
  repSd: number;
  step?: number;
  at?: number;
  seed: number;
}): Block[] {
  const rng = prand.xoroshiro128plus(o.seed);
  const normal = () => {
    const u = (prand.unsafeUniformIntDistribution(1, 2 ** 30, rng) / 2 ** 30) * 0.999999;
    const v = prand.unsafeUniformIntDistribution(0, 2 ** 30, rng) / 2 ** 30;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const blocks: Block[] = [];
  for (let c = 0; c < o.campaigns; c++)
    for (let s = 0; s < o.sessions; s++) {
      const offset = o.sessionSd * normal() + (o.at !== undefined && c >= o.at ? (o.step ?? 0) : 0);
      blocks.push({ campaign: c, values: Array.from({ length: o.reps }, () => offset + o.repSd * normal()) });
    }
  return blocks;
}

describe('change points (E-divisive, sessions permuted)', () => {
  it('finds a 20 % step between two campaigns, with its p-value, where sessions drift by 5 %', () => {
    const blocks = series({ campaigns: 8, sessions: 2, reps: 15, sessionSd: 0.05, repSd: 0.05, step: Math.log(1.2), at: 5, seed: 3 });
    const cps = changePoints(blocks, { seed: 1 });
    expect(cps.map((c) => c.at)).toEqual([5]);
    expect(cps[0]!.p).toBeLessThan(0.05);
    expect(cps[0]!.q).toBeGreaterThan(0);
  });

  it('finds nothing in most series without a step, though their repetitions differ between sessions', () => {
    // 20 A/A series: single repetitions shuffled one by one would call most of these drifts changes
    let alarms = 0;
    for (let seed = 100; seed < 120; seed++)
      alarms += changePoints(series({ campaigns: 8, sessions: 2, reps: 15, sessionSd: 0.08, repSd: 0.03, seed }), { seed }).length;
    expect(alarms).toBeLessThanOrEqual(3);
  });

  it('cannot call a change in two campaigns of one session each (no permutation can tell), and splits only between campaigns', () => {
    const two: Block[] = [
      { campaign: 0, values: [1, 1.01, 0.99] },
      { campaign: 1, values: [2, 2.01, 1.99] },
    ];
    expect(changePoints(two)).toEqual([]);
    // one campaign of four sessions: no boundary to split at
    expect(changePoints([0, 0, 0, 0].map((campaign, i) => ({ campaign, values: [i * 10, i * 10 + 1] })))).toEqual([]);
  });

  it('gives the same answer for the same seed', () => {
    const blocks = series({ campaigns: 6, sessions: 2, reps: 10, sessionSd: 0.05, repSd: 0.05, step: Math.log(1.15), at: 3, seed: 9 });
    expect(changePoints(blocks, { seed: 4 })).toEqual(changePoints(blocks, { seed: 4 }));
  });
});
