import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { directionRows, directionTex, measuresDirection } from '../../../src/paper/direction.js';
import { gvisorEnds } from '../../../src/figures/gvisor-ends.js';
import { idleRows } from './idle-rows.js';

describe('the paragraph on gVisor at one end only', () => {
  // bandwidth in bit/s with a little spread, so that each ratio has a CI
  const rows = (runtime: string, pair: string, gbit: number) =>
    idleRows(
      runtime,
      pair,
      'bandwidth',
      [0.98, 1, 1.02].map((f) => gbit * 1e9 * f),
    );
  const table = () =>
    from([
      ...rows('runc', 'bridge,bridge', 10),
      ...rows('runsc', 'bridge,bridge', 0.5),
      ...rows('runsc@server', 'bridge,bridge', 2),
      ...rows('runsc-2024', 'bridge,bridge', 2),
      ...rows('runsc-2024@server', 'bridge,bridge', 4),
      ...rows('runsc-2024@client', 'bridge,bridge', 5),
      ...rows('runc', 'macvlan,macvlan', 10),
      ...rows('runsc-2024@client', 'macvlan,macvlan', 6),
      ...rows('crun', 'bridge,bridge', 10),
    ]);

  it('is there when a gVisor configuration ran at one end only', () => {
    expect(measuresDirection(['runc', 'runsc-2024', 'runsc-2024@server'])).toBe(true);
    expect(measuresDirection(['runc', 'runsc', 'runsc-2024'])).toBe(false);
    expect(measuresDirection(['runc', 'crun@server'])).toBe(false);
  });

  it('puts both ends, server only and client only of each configuration and pair side by side', () => {
    const r = directionRows(analysisTables(table()).comparisons);
    const ratios = r.map((x) => [x.config, x.pair, x.both?.ratio, x.server?.ratio, x.client?.ratio].map((v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v)));
    expect(ratios).toEqual([
      ['runsc', 'bridge,bridge', 0.05, 0.2, undefined],
      ['runsc-2024', 'bridge,bridge', 0.2, 0.4, 0.5],
      ['runsc-2024', 'macvlan,macvlan', undefined, undefined, 0.6],
    ]);
    for (const x of r.flatMap((y) => [y.both, y.server, y.client]).filter((y) => y !== undefined)) expect(x.lo! < x.ratio! && x.ratio! < x.hi!).toBe(true);
  });

  it('reads the newest build with both one-end ratios on bridge,bridge against the guide, and tables every row', () => {
    const tex = directionTex(directionRows(analysisTables(table()).comparisons), {
      campaign: '2026-12-03T0315Z-nb',
      reps: '3 repetitions',
      guideDownload: '0.86',
      guideUpload: '0.68',
    });
    expect(tex).toMatch(/Campaign \\texttt\{2026-12-03T0315Z-nb\} \(3 repetitions; idle\)/);
    expect(tex).toMatch(/\\texttt\{runsc-2024\} keeps 0\.4 \(CI 0\.\d+--0\.\d+\) of runc's bandwidth at the server \(the guide's download: 0\.86\)/);
    expect(tex).toMatch(/and 0\.5 \(0\.\d+--0\.\d+\) at the client \(upload: 0\.68\), against 0\.2 with gVisor at both ends\./);
    expect(tex).toMatch(/\\texttt\{runsc\} & bridge,bridge & 0\.05 \[0\.\d+, 0\.\d+\] & 0\.2 \[0\.\d+, 0\.\d+\] & -- \\\\/);
    expect(tex).toContain('\\label{tab:direction}');
    expect(directionTex([], { campaign: 'c1' })).toBe('% no gVisor configuration at one end only in this campaign\n\\newcommand{\\nbdircampaign}{c1}\n');
    // no figure unless asked for
    expect(tex).not.toContain('fig:ends');
  });

  it('adds the figure of each end, before the paragraph that cites it, naming the bounded link', () => {
    const rows = directionRows(analysisTables(table()).comparisons);
    const tex = directionTex(rows, { campaign: 'c' }, { figureLink: '5 Gbit/s' });
    expect(tex).toContain('\\nbgraphic{\\columnwidth}{generated/figures/gvisor-ends.pdf}');
    expect(tex).toContain('open markers: over a link of 5 Gbit/s;');
    expect(tex.indexOf('\\label{fig:ends}')).toBeLessThan(tex.indexOf('\\paragraph{One end only.}'));
    expect(tex).toContain('(Table~\\ref{tab:direction}, Figure~\\ref{fig:ends})');
    expect(directionTex(rows, { campaign: 'c' }, { figureLink: 'unshaped' })).not.toContain('open markers');
  });

  it('draws each end as a ratio to runc, a bounded link with open markers, the guide as crosses, on a log axis', () => {
    const rows = directionRows(analysisTables(table()).comparisons).filter((r) => r.pair === 'bridge,bridge');
    const f = gvisorEnds(
      [...rows.map((r) => ({ ...r, link: 'unshaped' })), { config: 'runsc-2024', link: '5 Gbit/s', both: { ratio: 0.48, lo: 0.45, hi: 0.5 }, client: { ratio: 1, lo: 0.99, hi: 1.01 } }],
      { download: 0.86, upload: 0.68 },
      { name: 'gvisor-ends', caption: 'c' },
    );
    const traces = f.data as unknown as Array<{ name: string; x: string[]; y: Array<number | null>; marker: { symbol: string } }>;
    expect(traces.map((t) => t.name)).toEqual(['gVisor, unshaped', 'gVisor 2024 (systrap), unshaped', 'gVisor 2024 (systrap), 5 Gbit/s link', "gVisor's guide"]);
    expect(traces[0]!.x).toEqual(['both ends', 'server only', 'client only']);
    expect(traces[1]!.y).toEqual([0.2, 0.4, 0.5].map((v) => expect.closeTo(v, 1)));
    expect(traces[2]!.y).toEqual([0.48, null, 1]);
    expect(traces[2]!.marker.symbol).toBe('pentagon-open');
    expect(traces[1]!.marker.symbol).toBe('pentagon');
    expect(traces[3]).toMatchObject({ x: ['server only', 'client only'], y: [0.86, 0.68] });
    expect(f.layout.yaxis).toMatchObject({ type: 'log' });
  });
});
