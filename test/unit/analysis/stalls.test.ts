import { describe, expect, it } from 'vitest';
import { summariseCells } from '../../../src/analysis/cells.js';
import { loadCampaigns } from '../../../src/dataset/load.js';
import { stallText, stalledRepetitions } from '../../../src/analysis/stalls.js';

describe('stalled repetitions per runtime', async () => {
  const { table } = await loadCampaigns(['data/raw/2026-11-23T2034Z-nb']);
  const summary = summariseCells(table);
  // the flags as the rows carry them (written by `netbench stalls --write`), counted here directly
  const rows = table.objects() as Array<{ runtime: string; metric: string; load: string; warnings: string | null }>;
  const flagged = (load?: string) =>
    rows.filter((r) => r.metric === 'bandwidth' && (load === undefined || r.load === load) && (r.warnings ?? '').includes('stalled: '));

  it('counts, per runtime, the bandwidth repetitions marked stalled, over every pair and load', () => {
    const runsc = summary.filter((c) => c.metric === 'bandwidth' && c.runtime === 'runsc');
    expect(new Set(flagged().map((r) => r.runtime))).toEqual(new Set(['runsc'])); // runc and crun never stalled here
    const counts = stalledRepetitions(summary);
    expect(counts).toEqual([{ runtime: 'runsc', stalled: flagged().length, n: runsc.reduce((a, c) => a + c.n, 0) }]);
    expect(flagged().length).toBeGreaterThan(0);
    expect(stallText(counts[0]!)).toBe(`runsc ${flagged().length} of 120`);
  });
  it('count one load when asked, and another metric', () => {
    expect(stalledRepetitions(summary, { load: 'stress' })[0]!.stalled).toBe(flagged('stress').length);
    expect(stalledRepetitions(summary, { load: 'idle' })[0]!.stalled).toBe(flagged('idle').length);
    const marked = summary.map((c) => (c.metric === 'retransmits' ? { ...c, stalled: c.runtime === 'crun' ? 1 : 0 } : c));
    const crun = summary.filter((c) => c.metric === 'retransmits' && c.runtime === 'crun');
    expect(stalledRepetitions(marked, { metric: 'retransmits' })).toEqual([
      { runtime: 'crun', stalled: crun.length, n: crun.reduce((a, c) => a + c.n, 0) },
    ]);
  });
  it('are none when no repetition stalled', () => {
    expect(stalledRepetitions(summary.map((c) => ({ ...c, stalled: 0 })))).toEqual([]);
  });
});
