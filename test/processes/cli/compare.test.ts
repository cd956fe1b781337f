// `netbench compare` as a CI gate: exit 0 when no cell got worse, 1 when one did, 2 when it could
// not compare; the Markdown and JSON outputs say the same as the terminal's.
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const A = '2026-11-23T2034Z-nb';
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 });
const tmp = mkdtempSync(join(tmpdir(), 'nbcompare-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** A copy of campaign A under another id, its rows changed by `edit`, its manifest by `manifest`. */
function copyOf(
  id: string,
  edit: (r: Record<string, string>) => void,
  manifest: (m: Record<string, unknown>) => void = () => {},
  keep: (r: Record<string, string>) => boolean = () => true,
): string {
  const dir = join(tmp, id);
  mkdirSync(dir);
  const m = JSON.parse(readFileSync(join(ROOT, 'data/raw', A, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  m.campaignId = id;
  manifest(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  const csv = Papa.parse<Record<string, string>>(readFileSync(join(ROOT, 'data/raw', A, 'measurements.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  for (const r of csv.data) {
    r.campaign_id = id;
    edit(r);
  }
  writeFileSync(join(dir, 'measurements.csv'), Papa.unparse(csv.data.filter(keep), { columns: csv.meta.fields }) + '\n');
  return dir;
}

// runc's bandwidth over bridge,bridge under stress 20 % lower: the gate on the headline metrics sees it
const slower = copyOf('2026-11-23T2034Z-slower', (r) => {
  if (
    r.metric === 'bandwidth' &&
    r.runtime === 'runc' &&
    r.client_driver === 'bridge' &&
    r.server_driver === 'bridge' &&
    r.load === 'stress' &&
    r.value
  )
    r.value = String(Number(r.value) * 0.8);
});
const quick = copyOf(
  '2026-11-23T2034Z-quick',
  () => {},
  (m) => {
    (m.config as Record<string, unknown>).profile = 'quick';
  },
);
// collected without the baseline (its plan too, so the loader finds no repetition missing)
const noBaseline = copyOf(
  '2026-11-23T2034Z-nobare',
  () => {},
  (m) => {
    const c = m.config as Record<string, unknown>;
    c.baseline = false;
  },
  (r) => r.runtime !== 'bare',
);
// the headline cell (runc bridge,bridge idle bandwidth) 20 % lower: the gate over all cells cannot call it, one cell alone can
const headlineSlower = copyOf('2026-11-23T2034Z-slow-idle', (r) => {
  if (
    r.metric === 'bandwidth' &&
    r.runtime === 'runc' &&
    r.client_driver === 'bridge' &&
    r.server_driver === 'bridge' &&
    r.load === 'idle' &&
    r.value
  )
    r.value = String(Number(r.value) * 0.8);
});
// the same data, said to have run on another kernel build
const otherKernel = copyOf(
  '2026-11-23T2034Z-kernel',
  () => {},
  (m) => {
    const hosts = [
      m.hosts,
      ...(m.sessions as Array<{ provenance?: { hosts: unknown } }>).flatMap((s) => (s.provenance ? [s.provenance.hosts] : [])),
    ];
    for (const h of hosts as Array<Record<'A' | 'B', { kernel: string }>>) h.A.kernel = '6.18.44-fc-v999';
  },
);
const HEADLINE = ['-m', 'bandwidth,sockperf_rtt_p50'];

describe.concurrent('netbench compare', { timeout: 120_000 }, () => {
  it('a campaign against itself: no cell worse, exit 0', async () => {
    const r = await netbench(['compare', A, A]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+ inconclusive, \d+ same of 284 cells matched$/m);
    expect(r.stdout).not.toMatch(/^worse /m);
    expect(r.stdout).toMatch(/Bonferroni over the \d+ cells gated/);
    // nothing moved: no shift, no bare host that moved, no verdict that normalising changed
    expect(r.stdout).not.toMatch(/shift\(s\) the gate cannot call|bare host itself moved|cell\(s\) are/);
    expect(r.stderr).toBe('');
  });

  it('a 20 % drop the gate over all cells cannot call is listed as a shift; gated alone (--cells) it is worse, exit 1', async () => {
    const [all, one] = await Promise.all([
      netbench(['compare', A, headlineSlower]),
      netbench(['compare', A, headlineSlower, '-m', 'bandwidth', '--cells', 'runc/bridge,bridge/idle']),
    ]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(/^1 shift\(s\) the gate cannot call yet: .* over \d+ cells does not/m);
    expect(all.stdout).toMatch(/^worse +bandwidth +bandwidth +runc +bridge,bridge +idle +−20 % \[−3\d, −\d+(\.\d)?\] +~\d+ reps$/m);
    expect(one.exitCode).toBe(1);
    expect(one.stdout).toMatch(/Bonferroni over the 1 cells gated/);
    expect(one.stdout).toMatch(/^worse +bandwidth +bandwidth +runc +bridge,bridge +idle /m);
  });

  it('refuses campaigns of another kernel build (exit 2, the difference named); --accept kernel compares them and says so', async () => {
    const [no, yes] = await Promise.all([
      netbench(['compare', A, otherKernel, ...HEADLINE]),
      netbench(['compare', A, otherKernel, ...HEADLINE, '--accept', 'kernel']),
    ]);
    expect(no.exitCode).toBe(2);
    expect(no.stderr).toMatch(
      /differ in what the compared cells depend on:\n {2}kernel: kernel of host A: A 6\.18\.44-fc-v782; B 6\.18\.44-fc-v999\n[\s\S]*--accept kernel/,
    );
    expect(no.stdout).toBe('');
    expect(yes.exitCode).toBe(0);
    expect(yes.stdout).toMatch(
      /warning: accepted difference \(kernel\): kernel of host A is 6\.18\.44-fc-v782 in A and 6\.18\.44-fc-v999 in B/,
    );
  });

  it('plan: the repetitions for a 20 % change from the campaign as pilot; a change within the tolerance is refused', async () => {
    const [p, j, bad] = await Promise.all([
      netbench(['plan', '--detect', '20%', A, '-m', 'bandwidth']),
      netbench(['plan', '--detect', '20%', A, '-m', 'bandwidth', '--cells', 'runc/bridge,bridge/idle', '--json']),
      netbench(['plan', '--detect', '10%', A]),
    ]);
    expect(p.exitCode).toBe(0);
    expect(p.stdout).toMatch(/^To call a 20 % change worse with 90 % power \(tolerance ±10 %, simultaneous CI over \d+ cells/m);
    expect(p.stdout).toMatch(/^ {2}15 repetitions \(the paper's\) suffice for \d+ of \d+ cells/m);
    const plan = JSON.parse(j.stdout) as {
      family: number;
      rows: Array<{ runtime: string; n: number; cv: number; reps: number; repsAlone: number }>;
    };
    expect(plan.family).toBe(1);
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0]!.n).toBe(15);
    expect(plan.rows[0]!.reps).toBe(plan.rows[0]!.repsAlone);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/--detect 10% is not beyond the tolerance \(10%\)[\s\S]*--tolerance 5%/);
  });

  it('a cell 20 % slower: worse there and nowhere else, exit 1, in text, Markdown and JSON alike', async () => {
    const [text, md, json] = await Promise.all([
      netbench(['compare', A, slower, ...HEADLINE]),
      netbench(['compare', A, slower, ...HEADLINE, '--markdown']),
      netbench(['compare', A, slower, ...HEADLINE, '--json']),
    ]);
    for (const r of [text, md, json]) expect(r.exitCode).toBe(1);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('worse'))).toEqual([
      expect.stringMatching(/^worse +bandwidth +bandwidth +runc +bridge,bridge +stress .* Gbit\/s +0\.8 \[/),
    ]);
    expect(md.stdout).toMatch(/^### netbench compare: `2026-11-23T2034Z-slower` \(B\) against `2026-11-23T2034Z-nb` \(A\)$/m);
    expect(md.stdout).toMatch(/^\| worse \| bandwidth \| bandwidth \| runc \| bridge,bridge \| stress \|/m);
    // every row has the header's columns: the header names the simultaneous CI before Holm's p
    const mdLines = md.stdout.split('\n').filter((l) => l.startsWith('| '));
    expect(mdLines[0]).toMatch(/\| B\/A \[95% CI\] \| simultaneous CI \| p \(Holm\) \| note \|$/);
    const cols = (l: string) => l.replaceAll('\\|', '').split(' | ').length;
    for (const l of mdLines) expect(cols(l), l).toBe(cols(mdLines[0]!));
    expect(md.stdout).toMatch(/<details><summary>\d+ inconclusive<\/summary>/);
    const j = JSON.parse(json.stdout) as {
      counts: Record<string, number>;
      worse: boolean;
      cells: Array<{ verdict: string; runtime: string; ratio: number }>;
    };
    expect(j.worse).toBe(true);
    expect(j.counts.worse).toBe(1);
    const w = j.cells.filter((c) => c.verdict === 'worse');
    expect(w.map((c) => c.runtime)).toEqual(['runc']);
    expect(w[0]!.ratio).toBeCloseTo(0.8, 10);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['B missing', ['compare', A], /compare needs two campaigns, A and B[\s\S]*--bounds/],
    [
      'a tolerance of 150 %',
      ['compare', A, A, '--tolerance', '150%'],
      /--tolerance 150% is not a tolerance between 0 and 100 %[\s\S]*fix: Give a percentage/,
    ],
    ['an unknown normalisation', ['compare', A, A, '--normalise', 'median'], /--normalise median is not a choice/],
    [
      'an unknown metric',
      ['compare', A, A, '-m', 'bandwith'],
      /--metrics: bandwith: not a metric of \S+[\s\S]*Name metrics the campaigns have, comma-separated: .*bandwidth/,
    ],
    ['a campaign that is not there', ['compare', A, 'no-such-campaign'], /no campaign at \S+no-such-campaign/],
    ['a quick campaign', ['compare', A, quick], /2026-11-23T2034Z-quick is a quick campaign[\s\S]*--allow-short/],
    [
      '--normalise bare without a baseline',
      ['compare', A, noBaseline, '--normalise', 'bare'],
      /2026-11-23T2034Z-nobare has no bare-host values[\s\S]*--normalise none/,
    ],
    ['--json with --markdown', ['compare', A, A, '--json', '--markdown'], /--json and --markdown together/],
    [
      'campaigns without a cell in common',
      ['compare', A, '2026-11-23T1437Z-nb'],
      /2026-11-23T2034Z-nb and 2026-11-23T1437Z-nb have no cell in common: nothing to compare\. A has bandwidth\/bare, .*; B has http\/runc, http\/runsc/,
    ],
    [
      'an unknown --accept',
      ['compare', A, A, '--accept', 'kernal'],
      /--accept: kernal: not a difference compare knows[\s\S]*kernel, docker/,
    ],
    [
      '--cells that match nothing',
      ['compare', A, A, '--cells', 'runc/bridge,host'],
      /--cells: runc\/bridge,host\/\* matches no cell[\s\S]*Pairs: .*bridge,bridge/,
    ],
  ];
  for (const [what, args, message] of usage)
    it(`refuses ${what} with exit 2`, async () => {
      const r = await netbench(args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });

  it('compares a quick campaign when asked, and --help exits 0', async () => {
    expect((await netbench(['compare', A, quick, '--allow-short', ...HEADLINE])).exitCode).toBe(0);
    const h = await netbench(['compare', '--help']);
    expect(h.exitCode).toBe(0);
    expect(h.stdout.replace(/\s+/g, ' ')).toMatch(/Exit code: 0 no cell worse, 1 a cell worse, 2 could not compare/);
  });

  it('bounds: a campaign holds its own (exit 0), the slower copy fails there (exit 1), a damaged file exits 2', async () => {
    const file = join(tmp, 'bounds.yaml');
    const w = await netbench(['bounds', A, '-o', file, ...HEADLINE]);
    expect(w.exitCode).toBe(0);
    expect(w.stdout).toMatch(/^\d+ bounds from 2026-11-23T2034Z-nb in \S+bounds\.yaml/);
    expect(readFileSync(file, 'utf8')).toMatch(/^# netbench bounds, written from campaign 2026-11-23T2034Z-nb/);
    const self = await netbench(['compare', A, '--bounds', file]);
    expect(self.exitCode).toBe(0);
    expect(self.stdout).toMatch(/^(\d+) of \1 bounds of \S+ hold for 2026-11-23T2034Z-nb$/m);
    const slow = await netbench(['compare', slower, '--bounds', file, '--json']);
    expect(slow.exitCode).toBe(1);
    const j = JSON.parse(slow.stdout) as {
      failed: number;
      checks: Array<{ status: string; runtime: string; pair: string; load: string; meaning: string }>;
    };
    expect(j.checks.filter((c) => c.status !== 'ok').map((c) => [c.status, c.runtime, c.pair, c.load, c.meaning])).toEqual([
      ['below', 'runc', 'bridge,bridge', 'stress', 'worse'],
    ]);
    const bad = join(tmp, 'bad-bounds.yaml');
    writeFileSync(bad, readFileSync(file, 'utf8').replace(/max: [\d.e+]+/, 'max: -1'));
    const b = await netbench(['compare', A, '--bounds', bad]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/bad-bounds\.yaml is not a bounds file:\n {2}bounds\.0\.median: min is above max/);
    const two = await netbench(['compare', A, A, '--bounds', file]);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toMatch(/--bounds checks one campaign, and two were given/);
  });
});
