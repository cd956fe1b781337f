import * as aq from 'arquero';
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { summariseCells } from '../../../src/analysis/cells.js';
import { loadCampaign } from '../../../src/dataset/load.js';
import { campaignFigures } from '../../../src/figures/campaign-figures.js';
import { stableSvg, withDpi } from '../../../src/figures/render.js';
import { RUNTIME_STYLE, TEXT_PX, grayLevel, runtimeStyle } from '../../../src/figures/style.js';
import { ENLARGE, onScreen } from '../../../src/figures/screen.js';
import { BUILTIN_VARIANTS } from '../../../src/model/variants.js';
import { HTTP_PANELS, httpPanels } from '../../../src/figures/http-panels.js';
import { cellBars } from '../../../src/figures/cell-bars.js';
import { logTicks } from '../../../src/figures/ratios.js';
import { distribution } from '../../../src/figures/distribution.js';
import { VIEWS, repetitionsFigure } from '../../../src/figures/repetitions.js';

const DIR = new URL('../../../data/raw/2026-11-23T0915Z-nb', import.meta.url).pathname;
type Trace = { type: string; name: string; x: string[]; y: Array<number | null>; marker: { color: string } };

/** A Kata cell that cannot run (host driver) next to runc: the paper drew it as 0. */
const withKata = () =>
  from(
    [
      ...[1, 2, 3].map((rep) => ({ runtime: 'runc', pair: 'host,bridge', rep, value: 9e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'runc', pair: 'bridge,bridge', rep, value: 8e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'kata', pair: 'bridge,bridge', rep, value: 5e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'kata', pair: 'host,bridge', rep, value: null, status: 'unsupported', reason: 'Kata cannot join the host netns' })),
    ].map((r) => ({ ...r, experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', load: 'idle', started_at: '', session: 1 })),
  );

/** runc over bridge,bridge with `n` repetitions far apart (a t-interval of their mean would reach below 0). */
const spread = (n: number) =>
  from(
    Array.from({ length: n }, (_, i) => ({ runtime: 'runc', pair: 'bridge,bridge', rep: i + 1, value: i % 2 ? 20e9 : 0.5e9, status: 'ok', reason: '' })).map(
      (r) => ({ ...r, experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', load: 'idle', started_at: '', session: 1 }),
    ),
  );
type ErrorBars = { error_y: { array: Array<number | null>; arrayminus: Array<number | null> } };

describe('figure builders', () => {
  it('draws the median with its percentile interval, never below 0, and no interval at all for n < 3, saying so', () => {
    const bars = (n: number) => {
      const t = spread(n);
      const f = cellBars(summariseCells(t, { resamples: 200 }), t, { name: 'x', caption: 'c', metric: 'bandwidth', load: 'idle', yTitle: 'bandwidth' });
      return { f, bar: (f.data as unknown as Array<Trace & ErrorBars>).find((d) => d.type === 'bar')! };
    };
    const two = bars(2);
    expect(two.bar.error_y.array).toEqual([null]);
    expect(two.bar.error_y.arrayminus).toEqual([null]);
    expect(two.f.caption).toBe('c; no interval where n < 3 (here n = 2)');
    const four = bars(4);
    expect(four.f.caption).toBe('c');
    expect(four.bar.y[0]).toBeCloseTo(10.25, 6); // the median of 0.5, 20, 0.5, 20 Gbit/s, not a mean
    const lo = four.bar.y[0]! - four.bar.error_y.arrayminus[0]!;
    expect(lo).toBeGreaterThanOrEqual(0.5 - 1e-9); // a percentile interval stays within the values
    expect(four.bar.y[0]! + four.bar.error_y.array[0]!).toBeLessThanOrEqual(20 + 1e-9);
  });

  it('draws a log axis, saying so, where the medians span 25x or more, and counts the repetitions below its range', () => {
    const rows = (runscGbit: number) =>
      from(
        [
          ...[20, 21, 22].map((g, i) => ({ runtime: 'runc', rep: i + 1, value: g * 1e9 })),
          // gVisor's three repetitions and a fourth that stalled near 0
          ...[runscGbit, runscGbit * 1.1, runscGbit * 0.9, 0.001].map((g, i) => ({ runtime: 'runsc', rep: i + 1, value: g * 1e9 })),
        ].map((r) => ({ ...r, pair: 'bridge,bridge', status: 'ok', reason: '', experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', load: 'idle', started_at: '', session: 1 })),
      );
    const bars = (t: ReturnType<typeof rows>) =>
      cellBars(summariseCells(t, { resamples: 100 }), t, { name: 'x', caption: 'c', metric: 'bandwidth', load: 'idle', yTitle: 'bandwidth' });
    // runc 21, gVisor 0.8 Gbit/s (medians): 26x apart
    const log = bars(rows(0.8));
    const y = log.layout.yaxis as { type?: string; range: [number, number]; tickvals: number[]; title: { text: string } };
    expect(y.type).toBe('log');
    expect(y.title.text).toBe('bandwidth (Gbit/s, log scale)');
    expect(10 ** y.range[0]).toBeCloseTo((0.72 + 0.8) / 2 / 4, 6); // a quarter of gVisor's median (of 0.001, 0.72, 0.8, 0.88)
    expect(y.tickvals).toEqual([0.2, 0.5, 1, 2, 5, 10, 20]);
    expect(log.note).toBe('log scale, one repetition below its range not drawn');
    expect(log.caption).toBe('c; log scale, one repetition below its range not drawn');
    // 21 against 1.5: 14x apart, a linear axis from 0
    const linear = bars(rows(1.5));
    expect((linear.layout.yaxis as { type?: string; rangemode?: string }).type).toBeUndefined();
    expect((linear.layout.yaxis as { rangemode?: string }).rangemode).toBe('tozero');
    expect(linear.note).toBeUndefined();
    expect(linear.caption).toBe('c');
  });

  it('never draws an unsupported cell as 0: its bar is empty and labelled in its slot', () => {
    const t = withKata();
    const f = cellBars(summariseCells(t, { resamples: 100 }), t, { name: 'x', caption: '', metric: 'bandwidth', load: 'idle', yTitle: 'bandwidth' });
    const bars = (f.data as unknown as Trace[]).filter((d) => d.type === 'bar');
    const kata = bars.find((b) => b.name === 'Kata')!;
    expect(kata.x).toEqual(['bridge,bridge', 'host,bridge']);
    expect(kata.y[1]).toBeNull();
    expect(kata.y[0]).toBeCloseTo(5.2, 6); // Gbit/s
    const notes = f.layout.annotations!;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ x: 'host,bridge', text: 'unsupported', textangle: '-90' });
    expect(notes[0]!.xshift).toBeGreaterThan(0); // kata's slot is right of runc's
  });

  it('marks the repetitions whose transfer stalled in the bars, the distributions and the notebook figure, and says so in the caption', () => {
    const stalled = "stalled: 3 of 5 one-second intervals ran under 1% of the run's best rate";
    const rows = ['idle', 'stress'].flatMap((load) =>
      [1, 2, 3, 4].map((rep) => ({
        experiment: 'bandwidth',
        metric: 'bandwidth',
        unit: 'bit/s',
        runtime: 'runsc',
        pair: 'bridge,bridge',
        load,
        rep,
        value: rep === 2 ? 4e5 : 1e9,
        status: 'ok',
        reason: '',
        warnings: rep === 2 && load === 'idle' ? `retransmits high | ${stalled}` : rep === 3 ? 'retransmits high' : '',
        started_at: '',
        session: 1,
      })),
    );
    const t = from(rows);
    const bars = cellBars(summariseCells(t, { resamples: 100 }), t, { name: 'x', caption: 'bars', metric: 'bandwidth', load: 'idle', yTitle: 'bw' });
    const points = (bars.data as unknown as Array<{ type: string; marker: { symbol: unknown } }>).find((d) => d.type === 'scatter')!;
    expect(points.marker.symbol).toEqual(['circle', 'x', 'circle', 'circle']);
    expect(bars.caption).toBe('bars; a cross marks the repetition whose transfer stalled');
    // under stress nothing stalled: one marker for all points, and the caption as given
    const calm = cellBars(summariseCells(t, { resamples: 100 }), t, { name: 'x', caption: 'bars', metric: 'bandwidth', load: 'stress', yTitle: 'bw' });
    expect((calm.data as unknown as Array<{ type: string; marker: { symbol: unknown } }>).find((d) => d.type === 'scatter')!.marker.symbol).toBe('circle');
    expect(calm.caption).toBe('bars');

    const dist = distribution(t, { name: 'd', caption: 'dist', metric: 'bandwidth', yTitle: 'bw' });
    const boxes = dist.data as unknown as Array<{ name: string; xaxis: string; selectedpoints?: number[] }>;
    expect(boxes.map((b) => b.selectedpoints)).toEqual([[1], undefined]); // idle, stress
    expect(dist.caption).toBe('dist; a large black point marks the repetition whose transfer stalled');

    const rep = repetitionsFigure(t, VIEWS.bandwidth!, 'idle').data as unknown as Array<{ selectedpoints: number[]; text: string[] }>;
    expect(rep[0]!.selectedpoints).toEqual([1]);
    expect(rep[0]!.text[1]).toMatch(/stalled$/);
    // a table without a warnings column (built by hand in a notebook) draws as before
    expect(cellBars(summariseCells(t.select(aq.not('warnings'))), t.select(aq.not('warnings')), { name: 'x', caption: 'c', metric: 'bandwidth', load: 'idle', yTitle: 'bw' }).caption).toBe('c');
  });

  it('draws the HTTP experiment as four panels, medians with CIs per runtime and load, a failed cell labelled in its panel', () => {
    const units: Record<string, string> = { http_transaction_rate: '1/s', http_response_time: 's', server_cpu_mean: '%', server_mem_max: 'B' };
    const t = from(
      ['runc', 'runsc'].flatMap((runtime, k) =>
        ['idle', 'stress'].flatMap((load) =>
          [1, 2, 3].flatMap((rep) =>
            HTTP_PANELS.map(({ metric }) => {
              const failed = runtime === 'runsc' && load === 'stress' && metric === 'server_cpu_mean';
              return {
                experiment: 'http',
                metric,
                unit: units[metric]!,
                runtime,
                pair: 'bridge,bridge',
                load,
                rep,
                value: failed ? null : (k + 1) * rep,
                status: failed ? 'failed' : 'ok',
                reason: failed ? 'docker stats gave no usable sample' : '',
                started_at: '',
                session: 1,
              };
            }),
          ),
        ),
      ),
    );
    const f = httpPanels(summariseCells(t, { resamples: 100 }), t, { name: 'http', caption: '' });
    const traces = f.data as unknown as Array<Trace & { xaxis?: string; showlegend?: boolean }>;
    const bars = traces.filter((d) => d.type === 'bar');
    expect(bars).toHaveLength(HTTP_PANELS.length * 2);
    expect(new Set(bars.map((b) => b.xaxis))).toEqual(new Set(['x', 'x2', 'x3', 'x4']));
    expect(bars.filter((b) => b.showlegend !== false).map((b) => b.name)).toEqual(['runc', 'gVisor']); // one legend entry each
    const rate = bars.find((b) => b.xaxis === 'x' && b.name === 'runc')!;
    expect(rate.x).toEqual(['idle', 'stress']);
    expect(rate.y).toEqual([2, 2]); // median of 1, 2, 3
    const cpuRunsc = bars.find((b) => b.xaxis === 'x3' && b.name === 'gVisor')!;
    expect(cpuRunsc.y).toEqual([4, null]); // the failed cell is not drawn, least of all as 0
    expect(f.layout.annotations).toEqual([expect.objectContaining({ x: 'stress', xref: 'x3', text: 'failed' })]);
    const memRunc = bars.find((b) => b.xaxis === 'x4' && b.name === 'runc')!;
    expect(memRunc.y[0]).toBeCloseTo(2 / 2 ** 20, 12); // bytes shown in MiB
    expect((f.layout as Record<string, { title?: { text: string } }>).yaxis4!.title!.text).toBe('server memory (max) (MiB)');
    const points = traces.filter((d) => d.type === 'scatter' && d.xaxis === 'x2' && d.name.startsWith('runc'));
    expect(points[0]!.y).toHaveLength(6); // every repetition, idle and stress
  });

  it('uses one colour per runtime in every figure of a campaign, told apart in grayscale too', async () => {
    const c = await loadCampaign(DIR);
    const figs = campaignFigures(c.table);
    expect(figs.map((f) => f.name)).toEqual(
      expect.arrayContaining(['fig3a-bandwidth-idle', 'fig3b-latency-idle', 'fig4a-bandwidth-stress', 'fig4b-latency-stress', 'degradation-bandwidth']),
    );
    for (const f of figs)
      for (const d of f.data as unknown as Trace[]) {
        const rt = Object.entries(RUNTIME_STYLE).find(([, s]) => d.name?.startsWith(s.label));
        if (rt && !d.name.endsWith('(repetitions)') && d.marker?.color !== '#ffffff') expect(d.marker.color, `${f.name} ${d.name}`).toBe(rt[1].color);
      }
    expect(new Set(Object.values(RUNTIME_STYLE).map((s) => s.color)).size).toBe(Object.keys(RUNTIME_STYLE).length);
    // the paper's runtimes differ in gray; variants (too many for that) each have a shape of their own
    const grays = ['bare', 'runc', 'crun', 'runsc', 'kata'].map((r) => grayLevel(RUNTIME_STYLE[r]!.color));
    for (const [i, a] of grays.entries()) for (const b of grays.slice(i + 1)) expect(Math.abs(a - b)).toBeGreaterThanOrEqual(30);
    expect(new Set(Object.values(RUNTIME_STYLE).map((s) => s.symbol)).size).toBe(Object.keys(RUNTIME_STYLE).length);
    for (const v of BUILTIN_VARIANTS) expect(RUNTIME_STYLE[v.name], v.name).toBeDefined();
  });

  it('leaves out a figure with nothing to show: no runtime beside runc, one load only', async () => {
    const { table } = await loadCampaign(DIR);
    const all = campaignFigures(table).map((f) => f.name);
    const runcOnly = campaignFigures(table.filter((d: { runtime: string }) => d.runtime === 'runc' || d.runtime === 'bare')).map((f) => f.name);
    expect(all).toEqual(expect.arrayContaining(['overhead-bandwidth-idle', 'overhead-bandwidth-stress']));
    expect(runcOnly).toEqual(all.filter((n) => !n.startsWith('overhead-')));
    const idleOnly = campaignFigures(table.filter((d: { load: string }) => d.load === 'idle')).map((f) => f.name);
    expect(idleOnly).toEqual(all.filter((n) => !n.includes('stress') && n !== 'degradation-bandwidth'));
  });

  it('draws gVisor across versions and platforms once a campaign has two gVisor configurations: ratios to runc on a log axis', async () => {
    const { table } = await loadCampaign(DIR);
    expect(campaignFigures(table).filter((f) => f.name.startsWith('gvisor-'))).toEqual([]); // one gVisor only
    // test input: the campaign's runsc rows a second time, under a variant's name
    const again = table.filter((d: { runtime: string }) => d.runtime === 'runsc').derive({ runtime: () => 'runsc-2024' });
    const figs = campaignFigures(table.concat(again)).filter((f) => f.name.startsWith('gvisor-'));
    expect(figs.map((f) => f.name)).toEqual([
      'gvisor-variants-bandwidth-idle',
      'gvisor-variants-latency-idle',
      'gvisor-variants-bandwidth-stress',
      'gvisor-variants-latency-stress',
    ]);
    const bw = figs[0]!;
    const traces = bw.data as unknown as Trace[];
    expect(traces.map((t) => t.name)).toEqual([RUNTIME_STYLE.runsc!.label, RUNTIME_STYLE['runsc-2024']!.label]); // no runc, crun or bare
    expect(traces[1]!.y).toEqual(traces[0]!.y); // the same values, the same ratios
    expect(traces[0]!.y.filter((y) => y !== null).every((y) => y > 0 && y < 1)).toBe(true); // gVisor below runc, as ratios
    // labelled at 1, 2 and 5 of each decade, as numbers, from below the lowest CI bound to above the line at 1
    const axis = bw.layout.yaxis as { type: string; tickvals: number[]; ticktext: string[] };
    expect(axis.type).toBe('log');
    const bounds = traces[0]!.y.filter((y): y is number => y !== null);
    expect(axis.tickvals[0]).toBeLessThanOrEqual(Math.min(...bounds));
    expect(axis.tickvals).toContain(1);
    expect(axis.ticktext).toEqual(axis.tickvals.map(String));
    expect(axis.tickvals.every((v) => [1, 2, 5].includes(Number(v.toExponential(0).split('e')[0])))).toBe(true);
    // the stalled repetitions, counted here straight from the rows' warnings (the same for the copy)
    const rows = table.objects() as Array<{ runtime: string; metric: string; load: string; warnings: string | null }>;
    const runsc = rows.filter((r) => r.runtime === 'runsc' && r.metric === 'bandwidth' && r.load === 'idle');
    const stalled = runsc.filter((r) => (r.warnings ?? '').includes('stalled: ')).length;
    expect(stalled).toBeGreaterThan(0);
    expect(bw.caption).toMatch(/relative to runc \(ratio of means, Fieller 95% CI, log scale\); stalled repetitions: /);
    expect(bw.caption.endsWith(`runsc ${stalled} of ${runsc.length}, runsc-2024 ${stalled} of ${runsc.length}`)).toBe(true);
  });

  it("draws a runtime at one end only in its runtime's colour, lighter or darker, with its symbol open or dotted", () => {
    const of = RUNTIME_STYLE['runsc-2024']!;
    const server = runtimeStyle('runsc-2024@server');
    const client = runtimeStyle('runsc-2024@client');
    expect([server.label, server.symbol]).toEqual(['gVisor 2024 (systrap), server only', 'pentagon']);
    expect([client.label, client.symbol]).toEqual(['gVisor 2024 (systrap), client only', 'pentagon-dot']);
    expect(grayLevel(server.color)).toBeGreaterThan(grayLevel(of.color) + 30);
    expect(grayLevel(client.color)).toBeLessThan(grayLevel(of.color) - 30);
    expect(runtimeStyle('youki@server')).toMatchObject({ label: 'youki@server', symbol: 'cross' });
  });

  it('labels a log axis at 1, 2 and 5 of each decade it spans', () => {
    expect(logTicks(0.0356, 1)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(12.4, 20.04)).toEqual([10, 20, 50]);
    expect(logTicks(1, 1)).toEqual([1, 2]);
  });

  it("makes plotly's random ids stable and marks PNGs as 300 dpi", () => {
    const svg = '<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xyplot"/></defs><g clip-path="url(#clipa1b2c3xyplot)"/></svg>';
    expect(stableSvg(svg, 'fig3a-bandwidth-idle')).toBe(
      '<svg><defs id="fig3abandwidthidle-0"><clipPath id="fig3abandwidthidle-1"/></defs><g clip-path="url(#fig3abandwidthidle-1)"/></svg>',
    );
    const other = svg.replaceAll('a1b2c3', 'ffee00').replace('<svg>', `<svg><pattern id="p-123abc"/><path style="fill: url('#p-123abc')"/>`);
    expect(stableSvg(other, 'f')).toBe(
      `<svg><pattern id="f-0"/><path style="fill: url('#f-0')"/><defs id="f-1"><clipPath id="f-2"/></defs><g clip-path="url(#f-2)"/></svg>`,
    );
    // a 1x1 PNG (signature, IHDR, IDAT, IEND)
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
      'hex',
    );
    const out = withDpi(png, 300);
    const at = out.indexOf('pHYs');
    expect(at).toBeGreaterThan(0);
    expect(out.readUInt32BE(at + 4)).toBe(11811); // pixels per metre
    expect(out.indexOf('pHYs')).toBeLessThan(out.indexOf('IDAT'));
    expect(withDpi(out, 300)).toEqual(out); // replaces, does not add a second one
  });
});

describe('figures on screen', () => {
  it("draws a print figure enlarged, the notebook's width, with its legend inside the figure", () => {
    const t = spread(4);
    const f = cellBars(summariseCells(t, { resamples: 50 }), t, { name: 'x', caption: 'c', metric: 'bandwidth', load: 'idle', yTitle: 'bandwidth' });
    expect(f.layout.width).toBe(336); // 3.5 in, a column
    expect((f.layout.legend?.x ?? 0) < 0).toBe(true); // in print the legend starts over the y axis's title
    const s = onScreen(f);
    const layout = JSON.parse(JSON.stringify(s.layout)) as { width?: number; autosize: boolean; height: number; font: { size: number }; legend: { x: number } };
    expect(layout.width).toBeUndefined(); // plotly takes the container's
    expect(layout.autosize).toBe(true);
    expect(layout.height).toBe(Math.round(f.layout.height! * ENLARGE));
    expect(s.height).toBe(layout.height);
    expect(layout.font.size).toBe(TEXT_PX * ENLARGE);
    expect(layout.legend.x).toBe(0);
  });
});
