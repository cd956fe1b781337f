import { describe, expect, it } from 'vitest';
import { RUN_OVERHEAD_S, STRESS_OVERHEAD_S, aboutDuration, estimateSeconds } from '../../../src/campaign/estimate.js';
import { planCampaign } from '../../../src/campaign/plan.js';
import { resolveCampaign } from '../../../src/config/campaign-config.js';

const offered = { A: ['runc', 'runsc'], B: ['runc', 'runsc'] };

describe('expected time of a campaign', () => {
  it("adds each probe run's own time and its containers' cost; stress costs its start", () => {
    const c = resolveCampaign(undefined, {
      experiments: 'bandwidth',
      runtimes: 'runc',
      pairs: 'bridge,bridge',
      loads: 'idle',
      reps: 3,
      warmup: 1,
      baseline: false,
    });
    const p = planCampaign(c, offered, 1);
    expect(p.tasks).toHaveLength(4);
    expect(estimateSeconds(c, p)).toBeCloseTo(4 * (c.iperf3.durationS + c.iperf3.omitS + RUN_OVERHEAD_S), 9);
    const s = resolveCampaign(undefined, {
      experiments: 'bandwidth',
      runtimes: 'runc',
      pairs: 'bridge,bridge',
      loads: 'stress',
      reps: 3,
      warmup: 1,
      baseline: false,
    });
    expect(estimateSeconds(s, planCampaign(s, offered, 1)) - estimateSeconds(c, p)).toBeCloseTo(4 * STRESS_OVERHEAD_S, 9);
  });
  it('counts only the tasks given (what a resumed campaign has left)', () => {
    const c = resolveCampaign(undefined, { quick: true, runtimes: 'runc' });
    const p = planCampaign(c, offered, 1);
    const all = estimateSeconds(c, p);
    expect(estimateSeconds(c, p, p.tasks.slice(0, 0))).toBe(0);
    const half = p.tasks.slice(0, p.tasks.length / 2);
    const rest = p.tasks.slice(p.tasks.length / 2);
    expect(estimateSeconds(c, p, half) + estimateSeconds(c, p, rest)).toBeCloseTo(all, 9);
  });
  it('costs nothing for a cell or probe that cannot run (kata here; ping to a published port)', () => {
    const kata = resolveCampaign(undefined, { quick: true, runtimes: 'kata', skipMissing: true, baseline: false });
    expect(estimateSeconds(kata, planCampaign(kata, offered, 1))).toBe(0);
    const bridge = resolveCampaign(undefined, {
      quick: true,
      experiments: 'latency',
      runtimes: 'runc',
      pairs: 'bridge,bridge',
      baseline: false,
    });
    const macvlan = resolveCampaign(undefined, {
      quick: true,
      experiments: 'latency',
      runtimes: 'runc',
      pairs: 'macvlan,macvlan',
      baseline: false,
    });
    const ping = macvlan.ping.count * macvlan.ping.intervalS + RUN_OVERHEAD_S + STRESS_OVERHEAD_S / 2; // half the tasks are stressed
    const tasks = planCampaign(bridge, offered, 1).tasks.length;
    expect(
      estimateSeconds(macvlan, planCampaign(macvlan, offered, 1)) - estimateSeconds(bridge, planCampaign(bridge, offered, 1)),
    ).toBeCloseTo(tasks * ping, 9);
  });
  it('is said in round numbers', () => {
    expect(aboutDuration(0)).toBe('nothing left to run');
    expect(aboutDuration(3)).toBe('about 5 s');
    expect(aboutDuration(42)).toBe('about 40 s');
    expect(aboutDuration(89)).toBe('about 90 s');
    expect(aboutDuration(545)).toBe('about 9 min');
  });
});
