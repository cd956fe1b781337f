import { readFileSync } from 'node:fs';
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { loadCampaigns } from '../../../src/dataset/load.js';
import { enlarged } from '../../../src/figures/screen.js';
import { fmt, reportHtml } from '../../../src/report/report-html.js';
import { BlogTableSchema } from '../../../src/analysis/blog-table.js';
import { sessionMedians } from '../../../src/analysis/sessions.js';
import { problemsOf, reportModel } from '../../../src/report/report-model.js';
import { filesOf } from '../../../src/report/campaign-files.js';
import { createHash } from 'node:crypto';

const RAW = new URL('../../../data/raw/', import.meta.url).pathname;
const blog = BlogTableSchema.parse(JSON.parse(readFileSync(new URL('../../../paper/literature/blog-siege.json', import.meta.url), 'utf8')));

const row = (o: Record<string, unknown>) => ({
  campaign_id: 'c',
  experiment: 'bandwidth',
  metric: 'bandwidth',
  unit: 'bit/s',
  runtime: 'runc',
  pair: 'bridge,bridge',
  load: 'idle',
  status: 'ok',
  ...o,
});

describe('report model', () => {
  it('gives each cell its median per session, and the spread over sessions with 3 values or more', () => {
    const t = from([
      ...[10, 11, 12].map((value) => row({ value, session: 1 })),
      ...[20, 21, 22, 23].map((value) => row({ value, session: 2 })),
      row({ value: 100, session: 3 }), // one value: shown, left out of the spread
      row({ value: null, session: 3, status: 'failed' }),
      ...[5, 6, 7].map((value) => row({ value, session: 1, runtime: 'crun' })),
    ]);
    const [crun, runc] = [...sessionMedians(t)].sort((a, b) => a.runtime.localeCompare(b.runtime));
    expect(runc!.sessions).toEqual({ '1': { median: 11, n: 3 }, '2': { median: 21.5, n: 4 }, '3': { median: 100, n: 1 } });
    expect(runc!.spread).toBeCloseTo(21.5 / 11, 12);
    expect(crun!.sessions).toEqual({ '1': { median: 6, n: 3 } });
    expect(crun!.spread).toBeNull();
  });

  it("groups a run's failed metrics under one reason, and counts runs", () => {
    const bad = (metric: string, rep: number) =>
      row({
        cell: `bandwidth/runsc/host,bridge/idle:${metric}`,
        probe: 'iperf3',
        metric,
        rep,
        warmup: false,
        status: 'failed',
        reason: `the tool's output gave no value for ${metric} (client: iperf3: unable to receive results)`,
        artifact: `a/${rep}`,
      });
    const t = from([bad('sent_bandwidth', 1), bad('retransmits', 1), bad('sent_bandwidth', 2)]);
    expect(problemsOf(t, 'failed')).toEqual([
      {
        cell: 'bandwidth/runsc/host,bridge/idle',
        probe: 'iperf3',
        reason: "the tool's output gave no value for <metric> (client: iperf3: unable to receive results)",
        metrics: ['sent_bandwidth', 'retransmits'],
        runs: 2,
      },
    ]);
    expect(problemsOf(t, 'unsupported')).toEqual([]);
  });

  it("has the HTTP section with the blog's values only when the campaigns hold HTTP cells", async () => {
    const both = await loadCampaigns([`${RAW}2026-11-23T2034Z-nb`, `${RAW}2026-11-23T1437Z-nb`]);
    const m = reportModel(both.campaigns, both.table, blog);
    expect(m.campaigns.map((c) => c.id)).toEqual(['2026-11-23T2034Z-nb', '2026-11-23T1437Z-nb']);
    expect(m.http?.table.runtimes).toEqual(['runc', 'runsc']);
    expect(m.figures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['fig3a-bandwidth-idle', 'fig4b-latency-stress', 'http-bridge-bridge']),
    );
    expect(m.sessionCount).toBe(4);
    const facts = m.campaigns[0]!;
    expect(facts.machine.map((h) => h.kernel)).toEqual(['6.18.44-fc-v782', '6.18.44-fc-v782']);
    expect(facts.sessions.map((s) => s.status)).toEqual(['interrupted', 'killed', 'killed', 'complete']);
    // ping cannot reach a container behind published ports: unsupported, with its reason
    expect(facts.unsupported.some((p) => p.probe === 'ping' && /published ports/.test(p.reason))).toBe(true);
    expect(facts.failed.some((p) => p.probe === 'sockperf' && p.cell.startsWith('latency/runsc/host,bridge') && p.runs === 15)).toBe(true);
    const one = await loadCampaigns([`${RAW}2026-11-23T2034Z-nb`]);
    expect(reportModel(one.campaigns, one.table, blog).http).toBeUndefined();
  });

  it('follows every cell across several campaigns: the change points, what changed there, a figure per metric and load', async () => {
    const ids = ['2026-11-23T0915Z-nb', '2026-11-23T2034Z-nb', '2026-12-02T1215Z-nb', '2026-12-02T1944Z-nb', '2026-12-03T0315Z-nb'];
    const { campaigns, table } = await loadCampaigns(ids.map((id) => `${RAW}${id}`));
    const m = reportModel(campaigns, table, blog);
    const bare = m.history!.series.find(
      (s) => s.kind === 'raw' && s.cell.runtime === 'bare' && s.cell.metric === 'bandwidth' && s.cell.load === 'idle',
    )!;
    expect(bare.changes.map((c) => c.at)).toEqual(['2026-12-02T1215Z-nb']);
    expect(m.history!.figures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['history-bandwidth-idle', 'history-sockperf_rtt_p50-idle']),
    );
    const html = reportHtml(m, '');
    expect(html).toContain('<a href="#history">history</a>');
    expect(html).toMatch(/<section id="history"><h2>History across campaigns<\/h2>\n<p>\d+ series .*, \d+ with a change point/);
    expect(html).toContain('<td>bandwidth host,host idle (bare, Gbit/s)</td><td>2026-12-02T1215Z-nb</td><td>2026-11-23T2034Z-nb</td>');
    expect(html).toContain('kernel of host A: 6.18.44-fc-v782 → 6.18.44-fc-v1045');
    expect(html).toContain('id="fig-history-bandwidth-idle"');
    // one campaign: no history
    const one = await loadCampaigns([`${RAW}2026-11-23T2034Z-nb`]);
    expect(reportModel(one.campaigns, one.table, blog).history).toBeUndefined();
  });

  it('counts the repetitions each session left in the data beside what the manifest kept of a session that was killed', async () => {
    const { campaigns, table } = await loadCampaigns([`${RAW}2026-11-23T2034Z-nb`]);
    const sessions = reportModel(campaigns, table, blog).campaigns[0]!.sessions;
    expect(sessions.map((s) => s.tasksRun)).toEqual([493, 0, 0, 271]);
    // sessions 2 and 3 were killed before they wrote their count: their repetitions are in the data
    // (NOTES.md counts them from the rows too: 66 and 2); session 1's 493 tasks include 52 warm-ups
    expect(sessions.map((s) => s.repetitions)).toEqual([441, 66, 2, 271]);
    const html = reportHtml(reportModel(campaigns, table, blog), '');
    expect(html).toContain('<td>killed</td><td>0</td><td>66</td>');
  });

  it("lists what the campaign ran: the HTTP campaign's one pair, siege's settings and version, not iperf3's", async () => {
    const { campaigns, table } = await loadCampaigns([`${RAW}2026-11-23T1437Z-nb`]);
    const facts = reportModel(campaigns, table, blog).campaigns[0]!;
    const config = new Map(facts.config);
    expect(config.get('pairs')).toBe('bridge,bridge');
    expect(config.get('siege settings')).toBe('concurrency 512, durationS 60, port 8080, nofile 8192, pairs bridge,bridge');
    expect([...config.keys()].filter((k) => k.endsWith(' settings'))).toEqual(['siege settings']);
    expect(facts.toolVersions.map(([k]) => k)).toEqual(['stress-ng', 'siege']);
  });

  it("carries each campaign's NOTES.md and the checksums of its data, and when and by which commit it was made", async () => {
    const { campaigns, table } = await loadCampaigns([`${RAW}2026-11-23T2034Z-nb`]);
    const files = await filesOf(campaigns);
    const m = reportModel(campaigns, table, blog, { files, made: { at: '2026-12-05T21:00:00.000Z', commit: 'abcdef123456' } });
    const f = m.campaigns[0]!.files!;
    const sha = (name: string) =>
      createHash('sha256')
        .update(readFileSync(`${RAW}2026-11-23T2034Z-nb/${name}`))
        .digest('hex');
    expect(f.sha256).toEqual({ measurements: sha('measurements.csv'), manifest: sha('manifest.json') });
    expect(f.notes).toBe(readFileSync(`${RAW}2026-11-23T2034Z-nb/NOTES.md`, 'utf8'));
    const html = reportHtml(m, '');
    expect(html).toContain(`<th>sha256 of measurements.csv</th><td>${f.sha256.measurements}</td>`);
    expect(html).toContain("<summary>NOTES.md (the campaign's own notes)</summary>");
    expect(html).toContain('Made 2026-12-05T21:00:00.000Z by toolkit commit abcdef123456.');
  });

  it("names the toolkit's commit, or says it was not recorded (a toolkit run from a copy, not a clone)", async () => {
    const { campaigns, table } = await loadCampaigns([`${RAW}2026-11-23T1437Z-nb`]);
    const commit = campaigns[0]!.manifest.toolkit.gitCommit;
    expect(reportModel(campaigns, table, blog).campaigns[0]!.commit).toMatch(new RegExp(`^${commit.slice(0, 12)}`));
    campaigns[0]!.manifest.toolkit.gitCommit = '';
    expect(reportModel(campaigns, table, blog).campaigns[0]!.commit).toBe('not recorded (the toolkit was not a git clone)');
  });
});

describe('report page', () => {
  it('inlines everything: no element loads from elsewhere, and data cannot close its script element', async () => {
    const { campaigns, table } = await loadCampaigns([`${RAW}2026-11-23T1437Z-nb`]);
    const m = reportModel(campaigns, table, blog);
    m.figures[0]!.caption = 'a </script><script>alert(1)</script> caption';
    m.figures[0]!.data = [{ type: 'scatter', name: '</script><!--', x: [1], y: [1] }];
    const html = reportHtml(m, '/* plotly */');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).toContain('Content-Security-Policy');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('a &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; caption');
    const json = html.slice(html.indexOf('id="report-data">') + 17, html.indexOf('</script>', html.indexOf('id="report-data">')));
    expect((JSON.parse(json) as { figures: Array<{ data: Array<{ name: string }> }> }).figures[0]!.data[0]!.name).toBe('</script><!--');
  });

  it('formats numbers to 4 significant digits, never as NaN', () => {
    expect([fmt(18123456789), fmt(0.25), fmt(3609.4), fmt(null), fmt(Number.NaN), fmt(0.00004, 'p'), fmt(0.0004)]).toEqual([
      '1.812e+10',
      '0.25',
      '3609',
      '',
      '',
      '4.0e-5',
      '4.000e-4',
    ]);
  });

  it('draws figures larger than in print: sizes, fonts and markers, not line widths', () => {
    expect(enlarged({ width: 100, font: { size: 8 }, margin: { l: 10 }, marker: { size: [1, 2] }, line: { width: 1 } }, 2)).toEqual({
      width: 200,
      font: { size: 16 },
      margin: { l: 20 },
      marker: { size: [2, 4] },
      line: { width: 1 },
    });
  });
});
