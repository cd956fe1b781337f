import { describe, expect, it } from 'vitest';
import { compareRuntimes } from '../../../src/analysis/cells.js';
import { loadCampaigns } from '../../../src/dataset/load.js';
import { headlineNotes, headlineText, headlines, missingHeadlines } from '../../../src/demo/headlines.js';

describe("the demo's headline ratios", async () => {
  const { table } = await loadCampaigns(['data/raw/2026-11-23T2034Z-nb', 'data/raw/2026-11-23T1437Z-nb']);
  const comparisons = compareRuntimes(table, { reference: 'runc' });
  const hs = headlines(comparisons);

  it("give one ratio per experiment, on bridge,bridge with the server idle, the runtime farthest from runc's", () => {
    expect(hs.map((h) => [h.experiment, h.metric])).toEqual([
      ['bandwidth', 'bandwidth'],
      ['latency', 'sockperf_rtt_p50'],
      ['http', 'http_transaction_rate'],
    ]);
    for (const h of hs) {
      const rows = comparisons.filter(
        (r) => r.metric === h.metric && r.pair === 'bridge,bridge' && r.load === 'idle' && r.runtime !== 'runc' && r.ratio !== null,
      );
      const picked = rows.find((r) => r.runtime === h.runtime)!;
      expect([picked.ratio, picked.ratio_ci_lo, picked.ratio_ci_hi]).toEqual([h.ratio, h.lo, h.hi]);
      for (const r of rows) expect(Math.abs(Math.log(r.ratio!))).toBeLessThanOrEqual(Math.abs(Math.log(h.ratio)));
    }
  });
  it('say a missing CI bound as --, never 0', () => {
    const h = {
      experiment: 'bandwidth',
      metric: 'bandwidth',
      runtime: 'runsc',
      pair: 'bridge,bridge',
      load: 'idle',
      ratio: 0.5,
      lo: null,
      hi: 0.75,
    };
    expect(headlineText(h)).toBe('runsc / runc, bandwidth (bridge,bridge, idle): 0.500 [--, 0.750]');
  });
  it('say why an interval reaches below 0, and nothing for one that does not', () => {
    const h = { experiment: 'bandwidth', metric: 'bandwidth', runtime: 'runsc', pair: 'bridge,bridge', load: 'idle', ratio: 0.0857 };
    expect(headlineNotes([{ ...h, lo: -0.29, hi: 0.478 }])).toEqual([
      "runsc's bandwidth: the interval reaches below 0 because its repetitions differ too much to place its mean clearly above 0 (the figures show each one)",
    ]);
    expect(headlineNotes([{ ...h, lo: 0.05, hi: 0.478 }])).toEqual([]);
    expect(headlineNotes([{ ...h, lo: null, hi: 0.478 }])).toEqual([]);
    expect(headlineNotes(hs.filter((x) => x.lo !== null && x.lo >= 0))).toEqual([]);
  });
  it('are none when nothing was compared against runc', () => {
    expect(
      headlines(
        comparisons.filter((r) => r.metric !== 'bandwidth' && r.metric !== 'sockperf_rtt_p50' && r.metric !== 'http_transaction_rate'),
      ),
    ).toEqual([]);
  });
  it('name a headline metric without a ratio, with the reason its rows give', () => {
    const noHttp = comparisons.map((r) =>
      r.metric === 'http_transaction_rate'
        ? { ...r, status: 'failed', reason: 'fewer than 2 values', ratio: null, ratio_ci_lo: null, ratio_ci_hi: null }
        : r,
    );
    const shown = headlines(noHttp);
    expect(shown.map((h) => h.metric)).toEqual(['bandwidth', 'sockperf_rtt_p50']);
    expect(missingHeadlines(noHttp)).toEqual([{ metric: 'http_transaction_rate', why: 'runsc: fewer than 2 values' }]);
    expect(missingHeadlines(comparisons)).toEqual([]);
  });
});
