// The history of the committed campaigns: the kernel build that changed between 2026-11-23 and
// 2026-12-02 moves every runtime's bandwidth, and not gVisor's ratio to runc.
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../src/dataset/load.js';
import { historyText, seriesTitle } from '../../../src/history/history-format.js';
import { campaignHistory } from '../../../src/history/series.js';
import { historyFigure } from '../../../src/figures/history.js';

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

describe('the history figure', async () => {
  const campaigns = await Promise.all(IDS.map((id) => loadCampaign(`${RAW}${id}`)));
  const history = campaignHistory(campaigns, { metrics: ['bandwidth'] });

  it('draws each runtime per campaign, raw above and its ratio to runc below, a change point as a dashed line between campaigns', () => {
    const f = historyFigure(history, { name: 'h', metric: 'bandwidth', load: 'idle', pair: 'bridge,bridge' })!;
    const traces = f.data as unknown as Array<{ name: string; xaxis: string; x: string[] }>;
    // the campaigns in start order, as two-line ticks
    expect(traces[0]!.x).toEqual([
      '2026-11-23<br>0915Z',
      '2026-11-23<br>2034Z',
      '2026-12-02<br>1215Z',
      '2026-12-02<br>1944Z',
      '2026-12-03<br>0315Z',
    ]);
    expect(traces.filter((t) => t.xaxis === 'x').map((t) => t.name)).toContain('bare host');
    expect(traces.filter((t) => t.xaxis === 'x2').map((t) => t.name)).toContain('gVisor'); // its ratio to runc
    // the bare host's and gVisor's change between 2034Z and 1215Z: at x = 1.5 on the category axis
    const shapes = f.layout.shapes as Array<{ x0: number; xref: string; line: { dash: string } }>;
    expect(shapes.length).toBeGreaterThanOrEqual(2);
    for (const s of shapes) expect(s).toMatchObject({ x0: 1.5, xref: 'x', line: { dash: 'dash' } });
    expect(f.caption).toMatch(/dashed: the \d+ change point\(s\) found/);
    // nothing measured: no figure
    expect(historyFigure(history, { name: 'h', metric: 'sockperf_rtt_p50', load: 'idle', pair: 'bridge,bridge' })).toBeUndefined();
  });
});
