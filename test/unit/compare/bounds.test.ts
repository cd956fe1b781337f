import { from, type ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { summariseCells, type CellSummary } from '../../../src/analysis/cells.js';
import { loadCampaign, measurementRows } from '../../../src/dataset/load.js';
import { BOUNDS_FORMAT, BoundsFileSchema, boundsFrom, checkBounds, roundOut } from '../../../src/compare/bounds.js';

const DIR = new URL('../../../data/raw/2026-11-23T2034Z-nb', import.meta.url).pathname;
const COLS = [
  'campaign_id',
  'experiment',
  'metric',
  'unit',
  'runtime',
  'pair',
  'load',
  'status',
  'value',
  'session',
  'reason',
  'warnings',
] as const;
let rows: Array<Record<string, unknown>>;
let summary: CellSummary[];
const o = { tolerance: 0.1, cvFactor: 1.5, cvFloor: 0.05 };
beforeAll(async () => {
  const c = await loadCampaign(DIR);
  rows = measurementRows(c.table, [...COLS]);
  summary = summariseCells(c.table, { resamples: 200 });
});
const edited = (f: (r: Record<string, unknown>) => Record<string, unknown> | null): ColumnTable => from(rows.flatMap((r) => f(r) ?? []));
const isCell = (r: Record<string, unknown>, metric: string, runtime: string, pair: string, load: string) =>
  r.metric === metric && r.runtime === runtime && r.pair === pair && r.load === load;

describe('bounds', () => {
  it("a campaign's starting bounds: one per runtime cell (never the bare host's), and the campaign holds them all", () => {
    const file = boundsFrom(summary, 'x', o);
    expect(BoundsFileSchema.parse(file)).toEqual(file);
    expect(file.bounds.length).toBe(summary.filter((c) => c.status === 'ok' && c.n >= 2 && c.runtime !== 'bare').length);
    expect(file.bounds.some((b) => b.runtime === 'bare')).toBe(false);
    const r = checkBounds(file, summary);
    expect(r.failed).toBe(0);
    expect(r.unbounded).toEqual([]);
    const bw = file.bounds.find(
      (b) => b.metric === 'bandwidth' && b.runtime === 'runc' && b.pair === 'bridge,bridge' && b.load === 'idle',
    )!;
    const m = summary.find(
      (c) => c.metric === 'bandwidth' && c.runtime === 'runc' && c.pair === 'bridge,bridge' && c.load === 'idle',
    )!.median!;
    expect(bw.median.min).toBeLessThanOrEqual(m * 0.9);
    expect(bw.median.min).toBeGreaterThan(m * 0.9 * 0.999);
    expect(bw.median.max).toBeGreaterThanOrEqual(m * 1.1);
    // on this machine most medians are less certain than ±10 %: those bounds say so
    expect(file.bounds.filter((b) => b.note).length).toBeGreaterThan(file.bounds.length / 2);
  });

  it('fails a cell 20 % slower as below (worse), a latency 25 % higher as above (worse), a noisier one as spread', () => {
    const file = boundsFrom(summary, 'x', o);
    const t = edited((r) => {
      if (r.value === null) return r;
      const v = r.value as number;
      if (isCell(r, 'bandwidth', 'runc', 'bridge,bridge', 'idle')) return { ...r, value: v * 0.8 };
      if (isCell(r, 'sockperf_rtt_p50', 'crun', 'macvlan,macvlan', 'idle')) return { ...r, value: v * 1.25 };
      return r;
    });
    const s = summariseCells(t, { resamples: 200 });
    const spreadCell = s.find((c) => c.metric === 'bandwidth' && c.runtime === 'crun' && c.pair === 'host,bridge' && c.load === 'stress')!;
    // crun's host,bridge stress bandwidth spread fourfold around its median
    const noisy = edited((r) =>
      isCell(r, 'bandwidth', 'crun', 'host,bridge', 'stress') && r.value !== null
        ? { ...r, value: spreadCell.median! + ((r.value as number) - spreadCell.median!) * 4 }
        : r,
    );
    const r = checkBounds(file, s);
    expect(r.checks.filter((c) => c.status !== 'ok').map((c) => [c.metric, c.runtime, c.pair, c.load, c.status, c.meaning])).toEqual([
      ['bandwidth', 'runc', 'bridge,bridge', 'idle', 'below', 'worse'],
      ['sockperf_rtt_p50', 'crun', 'macvlan,macvlan', 'idle', 'above', 'worse'],
    ]);
    const rn = checkBounds(file, summariseCells(noisy, { resamples: 200 }));
    expect(rn.checks.filter((c) => c.status !== 'ok').map((c) => [c.runtime, c.pair, c.status, c.meaning])).toEqual([
      ['crun', 'host,bridge', 'spread', 'noisier'],
    ]);
  });

  it('fails a bounded cell the campaign lacks as missing, and lists cells without a bound', () => {
    const file = boundsFrom(summary, 'x', o);
    const without = edited((r) => (isCell(r, 'bandwidth', 'runsc', 'overlay,overlay', 'idle') ? null : r));
    const r = checkBounds(
      { ...file, bounds: file.bounds.filter((b) => b.metric !== 'ping_rtt_avg') },
      summariseCells(without, { resamples: 200 }),
    );
    expect(r.checks.filter((c) => c.status === 'missing').map((c) => [c.runtime, c.pair, c.meaning])).toEqual([
      ['runsc', 'overlay,overlay', 'no such cell'],
    ]);
    expect(r.unbounded.length).toBe(file.bounds.filter((b) => b.metric === 'ping_rtt_avg').length);
  });

  it('rounds outward to 4 significant digits, and refuses a malformed file', () => {
    expect(roundOut(14900514721.47, 'down')).toBe(14900000000);
    expect(roundOut(18211740215.1, 'up')).toBe(18220000000);
    expect(roundOut(0.33926, 'up')).toBe(0.3393);
    expect(roundOut(-5.0001, 'down')).toBe(-5.001);
    const b = {
      experiment: 'bandwidth',
      metric: 'bandwidth',
      unit: 'bit/s',
      runtime: 'runc',
      pair: 'bridge,bridge',
      load: 'idle',
      cv: { max: 0.2 },
    };
    expect(
      BoundsFileSchema.safeParse({ format: BOUNDS_FORMAT, bounds: [{ ...b, median: { min: 2, max: 1 } }] }).error?.issues[0]?.message,
    ).toBe('min is above max');
    expect(BoundsFileSchema.safeParse({ format: 'bounds 2', bounds: [{ ...b, median: { min: 1, max: 2 } }] }).success).toBe(false);
    expect(BoundsFileSchema.safeParse({ format: BOUNDS_FORMAT, bounds: [{ ...b, median: { min: 1, max: 2 }, typo: 1 }] }).success).toBe(
      false,
    );
  });
});
