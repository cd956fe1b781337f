import { describe, expect, it } from 'vitest';
import { summariseCells } from '../../../src/analysis/cells.js';
import { loadCampaigns } from '../../../src/analysis/load.js';
import { stallText, stalledRepetitions } from '../../../src/analysis/stalls.js';

describe('stalled repetitions per runtime', async () => {
  const { table } = await loadCampaigns(['data/raw/2026-11-23T2034Z-nb']);
  // the committed campaign predates the stall warning: mark some cells' repetitions as the loader would
  const summary = summariseCells(table).map((c) =>
    c.metric === 'bandwidth' && c.runtime === 'runsc' && c.load === 'idle'
      ? { ...c, stalled: c.pair === 'bridge,bridge' ? 2 : 1 }
      : c.metric === 'retransmits' && c.runtime === 'crun'
        ? { ...c, stalled: 1 }
        : c,
  );

  it('counts, per runtime, the bandwidth repetitions marked stalled, over every pair and load', () => {
    const runsc = summary.filter((c) => c.metric === 'bandwidth' && c.runtime === 'runsc');
    const counts = stalledRepetitions(summary);
    expect(counts).toEqual([{ runtime: 'runsc', stalled: 2 + 3, n: runsc.reduce((a, c) => a + c.n, 0) }]);
    expect(stallText(counts[0]!)).toBe(`runsc 5 of ${counts[0]!.n}`);
  });
  it('count one load when asked, and another metric', () => {
    expect(stalledRepetitions(summary, { load: 'stress' })).toEqual([]);
    expect(stalledRepetitions(summary, { load: 'idle' })[0]!.stalled).toBe(5);
    const crun = summary.filter((c) => c.metric === 'retransmits' && c.runtime === 'crun');
    expect(stalledRepetitions(summary, { metric: 'retransmits' })).toEqual([
      { runtime: 'crun', stalled: crun.length, n: crun.reduce((a, c) => a + c.n, 0) },
    ]);
  });
  it('are none when no repetition stalled', () => {
    expect(stalledRepetitions(summariseCells(table))).toEqual([]);
  });
});
