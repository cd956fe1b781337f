import { from, type ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, measurementRows } from '../../../src/dataset/load.js';
import { compareCampaigns, repsToSettle, verdictOf } from '../../../src/compare/campaign-compare.js';

const DIR = new URL('../../../data/raw/2026-11-23T2034Z-nb', import.meta.url).pathname;
const COLS = ['campaign_id', 'experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value', 'session'] as const;
type R = { [K in (typeof COLS)[number]]: K extends 'value' ? number | null : K extends 'session' ? number : string };

let rows: R[];
let a: ColumnTable;
beforeAll(async () => {
  const c = await loadCampaign(DIR);
  rows = measurementRows(c.table, [...COLS]);
  a = from(rows);
});

const scaled = (k: number, where: (r: R) => boolean) =>
  from(rows.map((r) => (where(r) && r.value !== null ? { ...r, value: r.value * k } : r)));
const cell = (metric: string, runtime: string, pair: string, load: string) => (r: R) =>
  r.metric === metric && r.runtime === runtime && r.pair === pair && r.load === load;
/** The headline metrics of the default protocol: what a CI gate would compare. */
const HEADLINE = ['bandwidth', 'sockperf_rtt_p50'];
/** The cell of a metric whose CI against itself is the narrowest. */
const tightest = (metric: string) => {
  const c = compareCampaigns(a, a, { tolerance: 0.1, normalise: false })
    .cells.filter((x) => x.metric === metric && x.runtime !== 'bare' && x.gateLo !== null && x.gateHi !== null)
    .sort((x, y) => x.gateHi! - x.gateLo! - (y.gateHi! - y.gateLo!))[0]!;
  return cell(c.metric, c.runtime, c.pair, c.load);
};
const verdicts = (t: ColumnTable, metrics?: string[]) =>
  compareCampaigns(a, t, { tolerance: 0.1, normalise: false, metrics }).cells.filter(
    (c) => c.verdict !== 'inconclusive' && c.verdict !== 'same',
  );

describe('compareCampaigns on the committed default campaign', () => {
  it('finds no cell better or worse against itself; many are inconclusive at 10 % on this machine, not same', () => {
    const r = compareCampaigns(a, a, { tolerance: 0.1, normalise: false });
    expect(r.cells.filter((c) => c.verdict === 'better' || c.verdict === 'worse')).toEqual([]);
    expect(r.onlyInA).toEqual([]);
    expect(r.onlyInB).toEqual([]);
    const count = (v: string) => r.cells.filter((c) => c.verdict === v).length;
    expect(count('same') + count('inconclusive')).toBe(r.cells.length);
    expect(count('inconclusive')).toBeGreaterThan(0);
    expect(r.cells.every((c) => c.ratio === null || Math.abs(c.ratio - 1) < 1e-12)).toBe(true);
  });

  it('calls a cell scaled by 0.8 worse, there and nowhere else', () => {
    // The verdict needs the simultaneous CI over the cells compared. Over all 314 no bandwidth cell
    // of this machine (CV 0.1-0.3) shows 20 % with 15 repetitions; over the headline metrics' 46 it does.
    const where = tightest('bandwidth');
    expect(verdicts(scaled(0.8, where))).toEqual([]);
    const changed = verdicts(scaled(0.8, where), HEADLINE);
    expect(changed.map((c) => [c.metric, c.verdict])).toEqual([['bandwidth', 'worse']]);
    expect(changed[0]!.gateHi!).toBeLessThan(1);
    expect(changed[0]!.reason).toBe('');
    // a latency 25 % higher is worse too: the direction comes from the metric
    const lat = verdicts(scaled(1.25, tightest('sockperf_rtt_p50')), HEADLINE);
    expect(lat.map((c) => [c.metric, c.verdict])).toEqual([['sockperf_rtt_p50', 'worse']]);
  });

  it('does not call a cell scaled by 0.97 worse at 10 %, and calls a low-spread one same', () => {
    expect(verdicts(scaled(0.97, cell('bandwidth', 'runc', 'bridge,bridge', 'idle')))).toEqual([]);
    // the cell whose CI against itself is the narrowest (only 30 of the 314 cells are `same` against themselves at 10 %)
    const self = compareCampaigns(a, a, { tolerance: 0.1, normalise: false }).cells.filter((c) => c.lo !== null && c.hi !== null);
    const tight = self.sort((x, y) => x.hi! - x.lo! - (y.hi! - y.lo!))[0]!;
    const r = compareCampaigns(a, scaled(0.97, cell(tight.metric, tight.runtime, tight.pair, tight.load)), {
      tolerance: 0.1,
      normalise: false,
    });
    const c = r.cells.find(
      (x) => x.metric === tight.metric && x.runtime === tight.runtime && x.pair === tight.pair && x.load === tight.load,
    )!;
    expect(c.ratio!).toBeCloseTo(0.97, 10);
    expect(c.verdict).toBe('same');
  });

  it('calls a cell with 3 repetitions and a large spread inconclusive, with the repetitions that would settle it', () => {
    // 3 repetitions of runsc's bridge,bridge idle bandwidth, spread to ±50 %, against the same 15 % lower
    const mk = (k: number) => {
      const kept = rows
        .filter(cell('bandwidth', 'runsc', 'bridge,bridge', 'idle'))
        .filter((r) => r.value !== null)
        .slice(0, 3);
      return from(kept.map((r, i) => ({ ...r, value: r.value! * k * [0.5, 1, 1.5][i]! })));
    };
    const r = compareCampaigns(mk(1), mk(0.85), { tolerance: 0.1, normalise: false });
    expect(r.cells).toHaveLength(1);
    expect(r.cells[0]!.verdict).toBe('inconclusive');
    expect(r.cells[0]!.repsToSettle).toBeGreaterThan(3);
  });

  it('reads a machine 30 % faster (bare host too) as better raw, and as no change when normalised by the bare host', () => {
    const faster = scaled(1.3, (r) => r.metric === 'bandwidth');
    const raw = compareCampaigns(a, faster, { tolerance: 0.1, normalise: false }).cells.filter((c) => c.metric === 'bandwidth');
    expect(raw.filter((c) => c.verdict === 'better').length).toBeGreaterThan(0);
    expect(raw.some((c) => c.verdict === 'worse')).toBe(false);
    const norm = compareCampaigns(a, faster, { tolerance: 0.1, normalise: true }).cells.filter((c) => c.metric === 'bandwidth');
    expect(norm.length).toBeGreaterThan(0);
    expect(norm.filter((c) => c.verdict === 'better' || c.verdict === 'worse')).toEqual([]);
    for (const c of norm) expect(c.ratio!).toBeCloseTo(1, 10);
    expect(norm.some((c) => c.runtime === 'bare')).toBe(false);
  });

  it('divides the rates and round-trip times by the bare host; CPU, retransmits and loss are compared as measured', () => {
    const r = compareCampaigns(a, a, { tolerance: 0.1, normalise: true });
    const of = (m: string) => r.cells.filter((c) => c.metric === m);
    for (const m of ['ping_loss', 'receiver_cpu', 'sender_cpu', 'retransmits']) {
      expect(of(m).length).toBeGreaterThan(0);
      expect(of(m).every((c) => !c.normalised && !c.reason.startsWith('not normalised'))).toBe(true);
    }
    for (const m of ['bandwidth', 'sent_bandwidth', 'sockperf_rtt_p50', 'sockperf_rtt_p99', 'ping_rtt_avg']) {
      expect(of(m).length).toBeGreaterThan(0);
      expect(of(m).every((c) => c.normalised)).toBe(true);
    }
  });

  it('compares a rate whose bare host has no values on its measured values, and says so', () => {
    const t = from(rows.filter((r) => !(r.runtime === 'bare' && r.metric === 'bandwidth' && r.load === 'idle')));
    const r = compareCampaigns(t, t, { tolerance: 0.1, normalise: true });
    const idle = r.cells.filter((c) => c.metric === 'bandwidth' && c.load === 'idle');
    expect(idle.length).toBeGreaterThan(0);
    for (const c of idle) {
      expect(c.normalised).toBe(false);
      expect(c.reason).toMatch(/^not normalised: no bare-host mean of bandwidth idle above 0 in both/);
    }
    expect(r.cells.filter((c) => c.metric === 'bandwidth' && c.load === 'stress').every((c) => c.normalised)).toBe(true);
  });

  it('gates on the cells selected only: a 20 % drop that the family of all cells cannot call, one cell alone calls worse', () => {
    const where = cell('bandwidth', 'runc', 'bridge,bridge', 'idle');
    const b = scaled(0.8, where);
    const all = compareCampaigns(a, b, { tolerance: 0.1, normalise: true });
    const hit = all.cells.find((c) => where({ ...c, campaign_id: '', status: 'ok', value: 0, session: 1 }))!;
    expect(hit.verdict).toBe('inconclusive');
    expect(hit.ownVerdict).toBe('worse');
    expect(all.family).toBeGreaterThan(200);
    const one = compareCampaigns(a, b, {
      tolerance: 0.1,
      normalise: true,
      metrics: ['bandwidth'],
      cells: [{ runtime: 'runc', pair: 'bridge,bridge', load: 'idle' }],
    });
    expect(one.family).toBe(1);
    expect(one.cells.map((c) => [c.runtime, c.pair, c.load, c.verdict])).toEqual([['runc', 'bridge,bridge', 'idle', 'worse']]);
    // the bare host's values still normalise the cells selected
    expect(one.cells[0]!.normalised).toBe(true);
  });
});

describe('the verdict rule', () => {
  it('says same inside the band, better or worse beyond it with the simultaneous CI off 1, and inconclusive otherwise', () => {
    const v = (
      r: number,
      lo: number | null,
      hi: number | null,
      d: 'higher' | 'lower' | 'none' = 'higher',
      gate: [number | null, number | null] = [lo, hi],
    ) => verdictOf(r, [lo, hi], gate, 0.1, d);
    expect(v(1.02, 0.95, 1.08)).toBe('same');
    expect(v(0.8, 0.7, 0.9)).toBe('worse');
    expect(v(0.8, 0.7, 0.9, 'lower')).toBe('better');
    expect(v(0.8, 0.7, 0.9, 'none')).toBe('changed');
    expect(v(0.95, 0.92, 0.98)).toBe('same');
    expect(v(0.93, 0.85, 0.98)).toBe('inconclusive'); // below 1, but not beyond the tolerance
    expect(v(0.8, 0.5, 1.1)).toBe('inconclusive');
    expect(v(0.8, null, 0.9)).toBe('inconclusive');
    // the cell's own CI excludes 1, the simultaneous one does not: no verdict of change
    expect(v(0.8, 0.7, 0.9, 'higher', [0.6, 1.05])).toBe('inconclusive');
    // same needs only the cell's own CI
    expect(v(1.02, 0.95, 1.08, 'higher', [0.8, 1.3])).toBe('same');
  });

  it('estimates the repetitions that would settle a cell as the CI narrows with 1/sqrt(n)', () => {
    // ratio 1, half-width 0.2 with n = 5: same needs a half-width of 0.1, 4 times the repetitions
    expect(repsToSettle(1, 0.8, 1.2, 5, 0.1)).toBe(20);
    // ratio 0.7, half-width 0.35: a change needs a half-width under 0.3
    expect(repsToSettle(0.7, 0.35, 1.05, 5, 0.1)).toBe(Math.ceil(5 * (0.35 / 0.3) ** 2));
    expect(repsToSettle(0.9, 0.5, 1.3, 5, 0.1)).toBeNull(); // on the tolerance's edge: no n settles it
    expect(repsToSettle(1, null, 1.2, 5, 0.1)).toBeNull();
  });
});

describe("Fieller's CI of B/A", () => {
  it('covers the true ratio about 95 % of the time on samples drawn from the committed cells (seeded simulation)', async () => {
    const prand = (await import('pure-rand')).default;
    const { fiellerRatioCi } = await import('../../../src/analysis/stats.js');
    const rng = prand.xoroshiro128plus(20261202);
    const cells = [
      cell('bandwidth', 'runc', 'bridge,bridge', 'idle'),
      cell('bandwidth', 'runsc', 'overlay,overlay', 'stress'),
      cell('sockperf_rtt_p50', 'crun', 'macvlan,macvlan', 'idle'),
      cell('ping_rtt_avg', 'runc', 'overlay,overlay', 'stress'),
    ];
    const coverage: number[] = [];
    for (const where of cells) {
      const pop = rows.filter(where).flatMap((r) => (r.value === null ? [] : [r.value]));
      const mu = pop.reduce((s, v) => s + v, 0) / pop.length;
      const draw = (k: number) => Array.from({ length: 15 }, () => pop[prand.unsafeUniformIntDistribution(0, pop.length - 1, rng)]! * k);
      let covered = 0;
      const trials = 2000;
      for (let i = 0; i < trials; i++) {
        const k = 0.8 + 0.4 * (i / trials); // the true ratio, from 0.8 to 1.2
        const [lo, hi] = fiellerRatioCi(draw(1), draw(k));
        if (lo <= k && k <= hi) covered++;
      }
      expect(mu).toBeGreaterThan(0);
      coverage.push(covered / trials);
    }
    console.log(
      `Fieller 95 % CI coverage, 15 vs 15 repetitions drawn from 4 committed cells: ${coverage.map((c) => c.toFixed(3)).join(', ')}`,
    );
    for (const c of coverage) {
      expect(c).toBeGreaterThanOrEqual(0.93);
      expect(c).toBeLessThanOrEqual(0.97);
    }
  });
});

describe('the normalised CI of B/A', () => {
  it('covers the true ratio about 95 % of the time when machine and sessions drift (seeded simulation through compareCampaigns)', async () => {
    const prand = (await import('pure-rand')).default;
    const rng = prand.xoroshiro128plus(20261203);
    const cases = [
      { metric: 'bandwidth', runtime: 'runc', pair: 'bridge,bridge', load: 'idle' },
      { metric: 'sockperf_rtt_p50', runtime: 'crun', pair: 'macvlan,macvlan', load: 'idle' },
      { metric: 'ping_rtt_avg', runtime: 'runc', pair: 'overlay,overlay', load: 'stress' },
    ];
    // each session of each campaign runs on a machine of its own speed: the runtime's values and
    // the bare host's move together, so the true normalised B/A is k whatever the machines
    const machine = { A: [1, 1.25], B: [0.8, 1.1] };
    const coverage: number[] = [];
    for (const cs of cases) {
      const of = (runtime: string, pair: string) =>
        rows.filter(cell(cs.metric, runtime, pair, cs.load)).flatMap((r) => (r.value === null ? [] : [r.value]));
      const pop = of(cs.runtime, cs.pair);
      const bare = of('bare', 'host,host');
      expect(pop.length).toBeGreaterThan(10);
      expect(bare.length).toBeGreaterThan(10);
      const unit = rows.find(cell(cs.metric, cs.runtime, cs.pair, cs.load))!.unit;
      const campaign = (side: 'A' | 'B', k: number) =>
        from(
          [
            { runtime: cs.runtime, pair: cs.pair, from: pop, k },
            { runtime: 'bare', pair: 'host,host', from: bare, k: 1 },
          ].flatMap((c) =>
            Array.from({ length: 15 }, (_, i) => {
              const session = i < 8 ? 1 : 2;
              const v = c.from[prand.unsafeUniformIntDistribution(0, c.from.length - 1, rng)]!;
              // values drawn from the cell's distribution, named a rate so that compare normalises them
              return {
                campaign_id: side,
                experiment: 'bandwidth',
                metric: 'bandwidth',
                unit,
                runtime: c.runtime,
                pair: c.pair,
                load: cs.load,
                status: 'ok',
                value: v * c.k * machine[side][session - 1]!,
                session,
              };
            }),
          ),
        );
      let covered = 0;
      const trials = 2000;
      for (let i = 0; i < trials; i++) {
        const k = 0.8 + 0.4 * (i / trials);
        const r = compareCampaigns(campaign('A', 1), campaign('B', k), { tolerance: 0.1, normalise: true });
        const c = r.cells.find((x) => x.runtime === cs.runtime)!;
        expect(c.normalised).toBe(true);
        if (c.lo !== null && c.hi !== null && c.lo <= k && k <= c.hi) covered++;
      }
      coverage.push(covered / trials);
    }
    console.log(`normalised 95 % CI coverage, 2 sessions, machines drifting: ${coverage.map((c) => c.toFixed(3)).join(', ')}`);
    for (const c of coverage) {
      expect(c).toBeGreaterThanOrEqual(0.93);
      expect(c).toBeLessThanOrEqual(0.97);
    }
  }, 120_000);
});
