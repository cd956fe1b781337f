import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { compareRuntimes, stressDegradation, summariseCells } from '../../../src/analysis/cells.js';
import { loadCampaign } from '../../../src/dataset/load.js';
import { compare, describe as describeSample } from '../../../src/analysis/stats.js';

const DIR = new URL('../../../data/raw/2026-11-23T0915Z-nb', import.meta.url).pathname;

/** A tiny table in the loader's shape: cell values per runtime, some unsupported. */
const tiny = () =>
  from(
    [
      ...[10, 11, 12, 13].map((v, i) => ({ runtime: 'runc', load: 'idle', rep: i + 1, value: v, status: 'ok', reason: '' })),
      ...[5, 6, 5.5, 6.5].map((v, i) => ({ runtime: 'runsc', load: 'idle', rep: i + 1, value: v, status: 'ok', reason: '' })),
      ...[8, 9, 8.5, 9.5].map((v, i) => ({ runtime: 'runc', load: 'stress', rep: i + 1, value: v, status: 'ok', reason: '' })),
      ...[1, 2, 3, 4].map((rep) => ({ runtime: 'kata', load: 'idle', rep, value: null, status: 'unsupported', reason: 'no host netns' })),
    ].map((r) => ({ ...r, experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', pair: 'host,bridge' })),
  );

describe('per-cell analysis', () => {
  it('summarises every cell, keeping unsupported cells visible with their reason and no numbers', () => {
    const s = summariseCells(tiny(), { resamples: 200 });
    const runc = s.find((r) => r.runtime === 'runc' && r.load === 'idle')!;
    const d = describeSample([10, 11, 12, 13], { resamples: 200 });
    expect(runc).toMatchObject({
      status: 'ok',
      n: 4,
      mean: d.mean,
      median: d.median,
      ci_mean_lo: d.ciMean[0],
      ci_median_hi: d.ciMedian[1],
    });
    const kata = s.find((r) => r.runtime === 'kata')!;
    expect(kata).toMatchObject({ status: 'unsupported', n: 0, unsupported: 4, reason: 'no host netns', mean: null, median: null });
  });

  it('counts the repetitions of a cell whose run stalled, keeping their values', () => {
    const stalled = "stalled: 9 of 10 one-second intervals ran under 1% of the run's best rate";
    const t = from(
      [
        { value: 8e9, warnings: '' },
        { value: 7.8e5, warnings: stalled },
        { value: 9e9, warnings: `client: iperf3: unable to receive results | ${stalled}` },
      ].map((r, i) => ({
        ...r,
        experiment: 'bandwidth',
        metric: 'bandwidth',
        unit: 'bit/s',
        runtime: 'runsc',
        pair: 'overlay,overlay',
        load: 'stress',
        rep: i + 1,
        status: 'ok',
        reason: '',
      })),
    );
    const [cell] = summariseCells(t, { resamples: 50 });
    expect(cell).toMatchObject({ n: 3, stalled: 2, min: 7.8e5 });
  });

  it('keeps every ok value of a cell whose failed repetitions come first (values stay aligned with statuses)', () => {
    const t = from(
      [null, 7, null, 8, 9].map((value, i) => ({
        experiment: 'bandwidth',
        metric: 'bandwidth',
        unit: 'bit/s',
        runtime: 'runsc',
        pair: 'host,bridge',
        load: 'stress',
        rep: i + 1,
        value,
        status: value === null ? 'failed' : 'ok',
        reason: value === null ? 'iperf3: error' : '',
      })),
    );
    expect(summariseCells(t, { resamples: 50 })[0]).toMatchObject({ n: 3, failed: 2, mean: 8, min: 7, max: 9 });
  });

  it('compares each runtime with runc in the same cell, Holm-adjusted per metric, unsupported cells named', () => {
    const c = compareRuntimes(tiny());
    const runsc = c.find((r) => r.runtime === 'runsc')!;
    const direct = compare([10, 11, 12, 13], [5, 6, 5.5, 6.5]);
    expect(runsc).toMatchObject({ status: 'ok', reference: 'runc', ratio: direct.ratio, welch_p: direct.welch.p, cliffs_delta: -1 });
    expect(runsc.welch_p_holm).toBeCloseTo(direct.welch.p, 12); // one test in the family: Holm leaves it
    const kata = c.find((r) => r.runtime === 'kata')!;
    expect(kata).toMatchObject({ status: 'unsupported', ratio: null, reason: 'kata host,bridge: no host netns' });
  });

  it('measures idle -> stress degradation per runtime and pair', () => {
    const d = stressDegradation(tiny());
    expect(d).toHaveLength(1);
    const direct = compare([10, 11, 12, 13], [8, 9, 8.5, 9.5]);
    expect(d[0]).toMatchObject({ runtime: 'runc', reference: 'idle', change_pct: direct.changePct, status: 'ok' });
    expect(d[0]!.change_pct as number).toBeLessThan(0);
  });

  it('on the committed campaign: runsc moves far less than runc on every pair, crun about as much', async () => {
    const c = await loadCampaign(DIR);
    const cmp = compareRuntimes(c.table).filter((r) => r.metric === 'bandwidth' && r.load === 'idle');
    for (const r of cmp.filter((x) => x.runtime === 'runsc')) {
      expect(r.status).toBe('ok');
      expect(r.ratio_ci_hi as number).toBeLessThan(0.5);
    }
    for (const r of cmp.filter((x) => x.runtime === 'crun')) {
      expect(r.ratio_ci_lo as number).toBeLessThan(1);
      expect(r.ratio_ci_hi as number).toBeGreaterThan(1);
    }
    const bare = compareRuntimes(c.table, { reference: 'bare' }).filter((r) => r.metric === 'bandwidth');
    expect(bare.every((r) => r.reference_pair === 'host,host')).toBe(true);
    expect(bare.filter((r) => r.runtime === 'runc').length).toBe(8);
  });
});
