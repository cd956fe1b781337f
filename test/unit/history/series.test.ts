// The history of the committed campaigns: the kernel build that changed between 2026-11-23 and
// 2026-12-02 moves every runtime's bandwidth, and not gVisor's ratio to runc.
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../src/dataset/load.js';
import { historyText, seriesTitle } from '../../../src/history/history-format.js';
import { campaignHistory } from '../../../src/history/series.js';

const RAW = new URL('../../../data/raw/', import.meta.url).pathname;
// given out of order: the history orders them by start
const IDS = ['2026-12-02T1944Z-nb', '2026-11-23T0915Z-nb', '2026-12-02T1215Z-nb', '2026-11-23T2034Z-nb', '2026-12-03T0315Z-nb'];

describe('campaign history', async () => {
  const campaigns = await Promise.all(IDS.map((id) => loadCampaign(`${RAW}${id}`)));
  const history = campaignHistory(campaigns, { metrics: ['bandwidth'] });
  const find = (kind: string, runtime: string, pair: string) =>
    history.find(
      (s) => s.kind === kind && s.cell.runtime === runtime && s.cell.pair === pair && s.cell.load === 'idle' && s.link === 'unshaped',
    );

  it('orders each series by start and keeps only cells in two campaigns or more', () => {
    for (const s of history) {
      expect(s.points.length).toBeGreaterThanOrEqual(2);
      expect(s.points.map((p) => p.startedAt)).toEqual([...s.points.map((p) => p.startedAt)].sort());
    }
    expect(find('raw', 'bare', 'host,host')!.points.map((p) => p.campaign)).toEqual([
      '2026-11-23T0915Z-nb',
      '2026-11-23T2034Z-nb',
      '2026-12-02T1215Z-nb',
      '2026-12-02T1944Z-nb',
      '2026-12-03T0315Z-nb',
    ]);
  });

  it('finds the bare host’s bandwidth falling where the kernel build changed, and says so', () => {
    const bare = find('raw', 'bare', 'host,host')!;
    expect(bare.changes).toHaveLength(1);
    const [c] = bare.changes;
    expect(c).toMatchObject({ at: '2026-12-02T1215Z-nb', before: '2026-11-23T2034Z-nb' });
    expect(c!.p).toBeLessThan(0.05);
    expect(c!.step).toBeCloseTo(0.62, 1); // about 20 -> 12 Gbit/s
    expect(c!.changed).toContainEqual({ what: 'kernel of host A', before: '6.18.44-fc-v782', after: '6.18.44-fc-v1045' });
    expect(c!.changed.map((d) => d.what)).toContain('toolkit commit');
  });

  it('finds no change in gVisor’s ratio to runc, which moved with it', () => {
    const ratio = find('ratio', 'runsc', 'bridge,bridge')!;
    expect(ratio.points.map((p) => p.value!)).toEqual(ratio.points.map(() => expect.closeTo(0.048, 2)));
    expect(ratio.changes).toEqual([]);
    // while its raw bandwidth fell with the kernel
    expect(find('raw', 'runsc', 'bridge,bridge')!.changes.map((c) => c.at)).toEqual(['2026-12-02T1215Z-nb']);
  });

  it('writes the series with a change point and counts the others', () => {
    const text = historyText(history, { campaigns: campaigns.length });
    expect(text).toMatch(/^5 campaigns, \d+ series .*, \d+ with a change point .*; --every lists the other \d+\n/);
    expect(text).toContain(`${seriesTitle(find('raw', 'bare', 'host,host')!)}\n  2026-11-23T0915Z-nb  18.5 [`);
    expect(text).toContain('  change at 2026-12-02T1215Z-nb (after 2026-11-23T2034Z-nb): x0.62');
    expect(text).toContain('    kernel of host A: 6.18.44-fc-v782 -> 6.18.44-fc-v1045');
    expect(text).not.toContain('(runsc / runc)'); // no change there: listed with --every only
    expect(historyText(history, { campaigns: 5, every: true })).toContain('bandwidth bridge,bridge idle (runsc / runc)');
  });
});
