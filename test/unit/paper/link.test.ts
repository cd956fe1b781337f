// The manuscript's paragraph on a bounded link, from the committed campaign over a 5 Gbit/s link
// (its NOTES.md has the same numbers, worked out by hand from the same data).
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { loadCampaign } from '../../../src/dataset/load.js';
import { directionRows } from '../../../src/paper/direction.js';
import { linkRows, linkTex, rateText } from '../../../src/paper/link.js';
import { idleRows } from './idle-rows.js';

const SHAPED = new URL('../../../data/raw/2026-12-03T0635Z-nb', import.meta.url).pathname;
const GUIDE = { guideDownload: '0.86', guideUpload: '0.68' };

describe('the paragraph on a bounded link', () => {
  it('says the rate as a reader writes it', () => {
    expect(rateText('5gbit')).toBe('5 Gbit/s');
    expect(rateText('500mbit')).toBe('500 Mbit/s');
    expect(rateText('64kbit')).toBe('64 kbit/s');
    expect(rateText('fast')).toBe('fast');
  });

  it("tables each runtime's median and ratio to runc, runc and the bare host first, stalls counted", async () => {
    const c = await loadCampaign(SHAPED);
    expect(c.manifest.lab.linkRate).toBe('5gbit');
    const { summary, comparisons } = analysisTables(c.table);
    const rows = linkRows(summary, comparisons);
    expect(rows.map((r) => r.runtime)).toEqual(['runc', 'bare', 'runsc', 'runsc-2024', 'runsc-2024@client', 'runsc-2024@server']);
    const at = (rt: string) => rows.find((r) => r.runtime === rt)!;
    expect(at('runc').medianGbit).toBeCloseTo(4.706, 2);
    expect(at('bare').pair).toBe('host,host');
    expect(at('runsc').stalled).toBe(5);
    expect([at('runsc-2024@server').ratio, at('runsc-2024@server').lo, at('runsc-2024@server').hi].map((x) => x!.toFixed(3))).toEqual([
      '0.819',
      '0.785',
      '0.853',
    ]);
    const t = linkTex(rows, directionRows(comparisons), { campaign: c.manifest.campaignId, reps: '15 repetitions', rate: rateText('5gbit'), ...GUIDE });
    expect(t).toContain('\\newcommand{\\nblinkcampaign}{2026-12-03T0635Z-nb}');
    expect(t).toContain('to 5 Gbit/s each way');
    expect(t).toContain('Over it runc moves 4.71~Gbit/s on bridge,bridge and the bare host 4.71~Gbit/s');
    expect(t).toContain(
      "\\texttt{runsc-2024} keeps 0.819 (CI 0.785--0.853) of runc's bandwidth at the server (the guide's download: 0.86) and 1 (CI 1--1.01) at the client (upload: 0.68); at both ends 0.477 (CI 0.453--0.502), 2.33~Gbit/s.",
    );
    expect(t).toContain('\\texttt{runsc} & bridge,bridge & 0.518 (5 stalled) & 0.0942 [0.0698, 0.119] \\\\');
    expect(t.match(/ \\\\$/gm)).toHaveLength(rows.length); // one table line per row
  });

  it('reads no one-end configuration when the campaign has none, and says why a cell has no value', () => {
    const gbit = (runtime: string, g: number) => idleRows(runtime, 'bridge,bridge', 'bandwidth', [0.99, 1, 1.01].map((f) => g * 1e9 * f));
    const table = from([
      ...gbit('runc', 1),
      ...gbit('runsc', 0.5),
      { ...idleRows('crun', 'bridge,bridge', 'bandwidth', [0])[0]!, value: null, status: 'failed', reason: 'x' },
    ]);
    const { summary, comparisons } = analysisTables(table);
    const t = linkTex(linkRows(summary, comparisons), directionRows(comparisons), { campaign: 'c', reps: '3 repetitions', rate: '1 Gbit/s', ...GUIDE });
    expect(t).toContain('Over it runc moves 1~Gbit/s on bridge,bridge: the link, not the CPUs, bounds them.');
    expect(t).not.toContain('With gVisor at one end');
    expect(t).toContain('\\texttt{crun} & bridge,bridge & failed &');
  });
});
