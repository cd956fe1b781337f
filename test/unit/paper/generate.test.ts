import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HttpTable } from '../../../src/analysis/http-table.js';
import { parseManifest } from '../../../src/dataset/manifest.js';
import { from } from 'arquero';
import { analysisTables } from '../../../src/analysis/cells.js';
import { missingValues } from '../../../src/paper/build.js';
import { blogFacts, cellTableTex, commonN, derivedFacts, factsOf, httpFactsOf, httpTableTex } from '../../../src/paper/generate.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const manifest = (id: string) => parseManifest(JSON.parse(readFileSync(`${ROOT}data/raw/${id}/manifest.json`, 'utf8')), id);

describe('the HTTP section of the manuscript', () => {
  it("turns the blog post's published table into facts, with Kata / runc ratios", () => {
    const f = blogFacts(JSON.parse(readFileSync(`${ROOT}paper/literature/blog-siege.json`, 'utf8')) as Parameters<typeof blogFacts>[0]);
    expect(f).toMatchObject({ blogRuncRate: '724', blogKataRate: '293', blogRateRatio: '0.4', blogRuncResponseMs: '200', blogKataResponseMs: '1170', blogKataRamMiB: '150' });
    expect(() => blogFacts({ rows: {} })).toThrow(/no transaction_rate for runc/);
  });

  it("reads the HTTP campaign's protocol from its manifest", () => {
    expect(httpFactsOf(manifest('2026-11-23T1437Z-nb'))).toEqual({
      httpCampaign: '2026-11-23T1437Z-nb',
      httpConcurrency: '512',
      httpDurationS: '60',
      httpReps: '15',
      httpPairs: 'bridge,bridge',
      httpRuntimes: 'runc, runsc',
    });
  });

  it('writes the blog table as LaTeX: a column per runtime and load, a missing cell named, never 0', () => {
    const cell = (median: number | null, status = 'ok') => ({ median, lo: median && median * 0.9, hi: median && median * 1.1, n: median === null ? 0 : 15, status });
    const t = (k: number): HttpTable => ({
      runtimes: ['runc', 'runsc'],
      rows: [
        { label: 'Rate', unit: 'trans/sec', cells: { runc: cell(4000 * k), runsc: cell(700 * k) } },
        { label: 'CPU (mean)', unit: '% of one CPU', cells: { runc: cell(99), runsc: cell(null, 'failed') } },
      ],
    });
    const tex = httpTableTex({ idle: t(1), stress: t(0.5) }, 'HTTP.', 'tab:http');
    expect(tex).toContain('\\begin{tabular}{lllll}');
    expect(tex).toContain(' & runc, idle & runsc, idle & runc, stress & runsc, stress \\\\ \\hline');
    expect(tex).toContain('Rate (trans/sec) & 4000 [3600, 4400] (15) & 700 [630, 770] (15) & 2000 [1800, 2200] (15) & 350 [315, 385] (15) \\\\');
    expect(tex).toContain('CPU (mean) (\\% of one CPU) & 99 [89.1, 109] (15) & \\emph{failed} &');
    expect(httpTableTex({ idle: { runtimes: [], rows: [] } }, 'x', 'y')).toMatch(/^% no HTTP cells/);
  });
});

describe('factsOf (the setup facts of the manuscript)', () => {
  it('says when every session ran on the same machine', () => {
    const f = factsOf(manifest('2026-11-23T2034Z-nb'));
    expect([f.sessions, f.sessionsOtherMachine, f.sessionsMachines]).toEqual(['4', '0', 'all on the same machine']);
  });

  it("ends the latency sentence with ping's echoes, or nothing for a campaign without ping (the demo's)", () => {
    const m = manifest('2026-11-23T2034Z-nb');
    expect(factsOf(m).pingClause).toBe(' and ping (20 echoes)');
    expect(factsOf({ ...m, config: { ...m.config, ping: { ...m.config.ping, enabled: false } } }).pingClause).toBe('');
  });

  it('counts the sessions that ran on another kernel build', () => {
    const f = factsOf(manifest('2026-11-23T0915Z-nb'));
    expect([f.sessions, f.sessionsOtherMachine]).toEqual(['2', '1']);
    expect(f.sessionsMachines).toMatch(/^1 of them on another machine/);
  });
});

describe('the numbers of the manuscript', () => {
  /** runc's bandwidth on two pairs: one clearly above 0, one whose mean is not (its ratios' CIs are unbounded). */
  const table = () =>
    from(
      [
        ...[9e9, 9.2e9, 9.4e9].map((value, i) => ({ runtime: 'runc', pair: 'bridge,bridge', rep: i + 1, value })),
        ...[8e9, 8.1e9, 8.3e9].map((value, i) => ({ runtime: 'crun', pair: 'bridge,bridge', rep: i + 1, value })),
        ...[0, 0, 3e6, 0].map((value, i) => ({ runtime: 'runc', pair: 'host,bridge', rep: i + 1, value })),
        ...[2e9, 2.1e9, 1.9e9, 2e9].map((value, i) => ({ runtime: 'crun', pair: 'host,bridge', rep: i + 1, value })),
        ...[7e9].map((value, i) => ({ runtime: 'crun', pair: 'macvlan,macvlan', rep: i + 1, value })),
      ].map((r) => ({ ...r, experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', load: 'idle', status: 'ok', reason: '', started_at: '' })),
    );

  it('reads a missing CI bound as unbounded, never as 0', () => {
    const { comparisons, degradation } = analysisTables(table());
    const unbounded = comparisons.find((r) => r.runtime === 'crun' && r.pair === 'host,bridge')!;
    expect(unbounded.status).toBe('ok');
    expect(unbounded.ratio_ci_hi).toBeNull();
    const f = derivedFacts(comparisons, degradation);
    // bridge: 0.88 [0.86, 0.91] is below runc; host: [?, unbounded] spans 1 and is not below runc
    // (read as 0, the missing upper bound made it "below runc" and not "spanning 1")
    expect(f.crunBwCells).toBe('2');
    expect(f.crunBwBelowRunc).toBe('1');
    expect(f.crunBwCiSpansOne).toBe('1');
    expect([f.crunBwRatioMin, f.crunBwRatioMax]).toEqual(['0.884', '2670']); // 8.133/9.2 and 2e9/7.5e5, 3 significant digits
  });

  it("writes a cell's missing CI bounds as '--' in the tables, never 0", () => {
    const { summary } = analysisTables(table());
    const one = summary.find((r) => r.runtime === 'crun' && r.pair === 'macvlan,macvlan')!;
    expect(one.n).toBe(1);
    expect(one.ci_median_lo).toBeNull();
    const t = cellTableTex(summary, 'bandwidth', 'caption', 'tab:x');
    expect(t).toContain('7 [--, --] (1)');
    expect(t).not.toContain('[0, 0]');
  });

  it('says the repetitions once in a table’s caption and gives its own only for a cell that has another count', () => {
    const { summary } = analysisTables(table());
    const rows = summary.filter((r) => r.metric === 'bandwidth');
    const n = commonN(rows);
    const count = (k: number) => rows.filter((r) => r.status === 'ok' && r.n === k).length;
    for (const r of rows) if (r.status === 'ok') expect(count(r.n)).toBeLessThanOrEqual(count(n)); // the most frequent count
    const t = cellTableTex(summary, 'bandwidth', 'caption', 'tab:x');
    expect(t).toContain(`n = ${n} repetitions unless given in parentheses.`);
    expect(t).not.toContain(`(${n})`);
    expect(t).toMatch(/\\begin\{table\}\[tbp\]/); // one column wide
    // every cell with the same count: no parentheses at all
    const same = rows.filter((r) => r.status !== 'ok' || r.n === n);
    expect(cellTableTex(same, 'bandwidth', 'caption', 'tab:x')).toContain(`n = ${n} repetitions.}`);
  });
});

describe("LaTeX's output", () => {
  it('names the generated values main.tex missed, across the lines TeX breaks at 79 characters', () => {
    // latexmk's output for \\nbratio{sockperf_rtt_p50}{youki}{macvlan,macvlan}{stress}{ratio}, and a second missing value
    const out = readFileSync(`${ROOT}test/fixtures/latex/missing-ratio.txt`, 'utf8') + '! netbench: no generated value fact crunBwCiSpansOne (run netbench paper).\n';
    expect(missingValues(out)).toEqual(['ratio sockperf_rtt_p50|youki|macvlan,macvlan|stress|ratio', 'fact crunBwCiSpansOne']);
    expect(missingValues('! Undefined control sequence.')).toEqual([]);
  });
});
