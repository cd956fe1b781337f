import { from, type ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, measurementRows } from '../../../src/analysis/load.js';
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
const verdicts = (t: ColumnTable, normalise = false, tolerance = 0.1) =>
  compareCampaigns(a, t, { tolerance, normalise }).cells.filter((c) => c.verdict !== 'inconclusive' && c.verdict !== 'same');

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
    const where = cell('bandwidth', 'runc', 'bridge,bridge', 'idle');
    const changed = verdicts(scaled(0.8, where));
    expect(changed.map((c) => [c.metric, c.runtime, c.pair, c.load, c.verdict])).toEqual([
      ['bandwidth', 'runc', 'bridge,bridge', 'idle', 'worse'],
    ]);
    // a latency 25 % higher is worse too: the direction comes from the metric
    const lat = verdicts(scaled(1.25, cell('sockperf_rtt_p50', 'crun', 'macvlan,macvlan', 'idle')));
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
});

describe('the verdict rule', () => {
  it('says same inside the band, better or worse beyond it with the CI off 1, and inconclusive otherwise', () => {
    expect(verdictOf(1.02, 0.95, 1.08, 0.1, 'higher')).toBe('same');
    expect(verdictOf(0.8, 0.7, 0.9, 0.1, 'higher')).toBe('worse');
    expect(verdictOf(0.8, 0.7, 0.9, 0.1, 'lower')).toBe('better');
    expect(verdictOf(0.8, 0.7, 0.9, 0.1, 'none')).toBe('changed');
    expect(verdictOf(0.95, 0.92, 0.98, 0.1, 'higher')).toBe('same');
    expect(verdictOf(0.93, 0.85, 0.98, 0.1, 'higher')).toBe('inconclusive'); // below 1, but not beyond the tolerance
    expect(verdictOf(0.8, 0.5, 1.1, 0.1, 'higher')).toBe('inconclusive');
    expect(verdictOf(0.8, null, 0.9, 0.1, 'higher')).toBe('inconclusive');
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
