// The blog post's HTTP experiment on a real lab, shortened (siege -c 32 -t 5S), for runc and runsc,
// idle and stress (5 s: docker stats gives about one sample a second): siege's parsed summary, the server's CPU and memory from docker stats, CSV rows,
// artifacts; and the optional iperf3 UDP probe on the same lab.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS, parseCsv } from '../../src/campaign/csv.js';
import { MANIFEST, MEASUREMENTS } from '../../src/campaign/output.js';
import type { Manifest } from '../../src/campaign/manifest.js';
import { cli, requireRoot } from './helpers.js';

type Rec = Record<(typeof COLUMNS)[number], string>;
const campaign = (out: string) => {
  const [id] = readdirSync(out);
  const dir = join(out, id!);
  const { records } = parseCsv(readFileSync(join(dir, MEASUREMENTS), 'utf8'));
  const rows = records.slice(1).map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]!])) as Rec);
  return { dir, rows, manifest: JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest };
};
const valueOf = (rows: Rec[], runtime: string, load: string, metric: string) =>
  rows.filter((r) => r.runtime === runtime && r.load === load && r.metric === metric && r.warmup === 'false');

describe.sequential('HTTP experiment and iperf3 UDP on the lab', () => {
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
  });

  it('runs siege against nginx for runc and runsc, idle and stress, with the server CPU and memory', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbhttp-'));
    const r = await cli([
      'collect',
      '--experiments',
      'http',
      '--runtimes',
      'runc,runsc',
      '--no-baseline',
      '--reps',
      '1',
      '--duration',
      '5',
      '--concurrency',
      '32',
      '--seed',
      '5',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const { dir, rows, manifest } = campaign(out);
    expect(manifest.config.http).toMatchObject({ concurrency: 32, durationS: 5, pairs: ['bridge,bridge'] });
    expect(manifest.toolVersions.siege).toMatch(/SIEGE 4\./);
    expect(new Set(rows.map((x) => `${x.client_driver},${x.server_driver}`))).toEqual(new Set(['bridge,bridge']));
    for (const rt of ['runc', 'runsc'])
      for (const load of ['idle', 'stress']) {
        const at = (m: string) => valueOf(rows, rt, load, m);
        expect(at('http_transactions'), `${rt} ${load}`).toHaveLength(1);
        const ok = (m: string) => {
          const [x] = at(m);
          expect(x?.status, `${rt} ${load} ${m}: ${x?.reason}`).toBe('ok');
          return Number(x!.value);
        };
        expect(ok('http_transactions')).toBeGreaterThan(0);
        expect(ok('http_availability')).toBeGreaterThan(0);
        expect(ok('http_availability')).toBeLessThanOrEqual(100);
        expect(ok('http_elapsed')).toBeGreaterThan(1);
        expect(ok('http_transaction_rate')).toBeGreaterThan(0);
        expect(ok('http_successful_transactions')).toBeGreaterThan(0);
        expect(ok('http_concurrency')).toBeGreaterThan(0);
        expect(ok('http_concurrency')).toBeLessThanOrEqual(32.5);
        expect(ok('http_longest_transaction')).toBeGreaterThanOrEqual(ok('http_shortest_transaction'));
        // the server's own resources, sampled each second while siege ran
        expect(ok('server_stats_samples')).toBeGreaterThanOrEqual(1);
        expect(ok('server_cpu_mean')).toBeGreaterThan(0);
        expect(ok('server_cpu_max')).toBeGreaterThanOrEqual(ok('server_cpu_mean'));
        expect(ok('server_mem_max')).toBeGreaterThan(100_000);
        expect(ok('server_mem_max')).toBeGreaterThanOrEqual(ok('server_mem_mean'));
        const art = at('http_transactions')[0]!.artifact;
        const series = readFileSync(join(dir, art, 'server-stats.csv'), 'utf8')
          .trim()
          .split('\n');
        expect(series[0]).toBe('t_s,cpu_percent,mem_bytes');
        // every sample of the series; the summary uses those with a CPU value (not the stream's first)
        expect(series.slice(1).filter((l) => l.split(',')[1] !== '').length).toBe(ok('server_stats_samples'));
        expect(readFileSync(join(dir, art, 'client.stdout'), 'utf8')).toMatch(/"transactions"/);
      }
    // under stress-ng the server shares its CPUs with the stress workers: its CPU use is still measured
    expect(readdirSync(join(dir, 'artifacts/http/runc/bridge-bridge/stress/rep1/siege'))).toContain('stress.txt');
  });

  it('measures UDP rate, jitter and loss with --udp, next to the TCP bandwidth', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbudp-'));
    const r = await cli([
      'collect',
      '--quick',
      '--experiments',
      'bandwidth',
      '--runtimes',
      'runc',
      '--pairs',
      'bridge,bridge;macvlan,macvlan',
      '--loads',
      'idle',
      '--no-baseline',
      '--reps',
      '1',
      '--udp',
      '2e8',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const { rows } = campaign(out);
    for (const c of ['bridge', 'macvlan']) {
      const at = (m: string) => rows.filter((x) => x.client_driver === c && x.metric === m && x.warmup === 'false');
      expect(at('bandwidth')[0]?.status).toBe('ok');
      for (const m of ['udp_bandwidth', 'udp_jitter', 'udp_loss', 'udp_packets']) expect(at(m)[0]?.status, `${c} ${m}`).toBe('ok');
      const udp = Number(at('udp_bandwidth')[0]!.value);
      // a 200 Mbit/s target on a path of several Gbit/s is received at about that rate
      expect(udp).toBeGreaterThan(1e8);
      expect(udp).toBeLessThan(2.2e8);
      expect(Number(at('udp_packets')[0]!.value)).toBeGreaterThan(1000);
      expect(Number(at('udp_loss')[0]!.value)).toBeGreaterThanOrEqual(0);
      expect(Number(at('udp_loss')[0]!.value)).toBeLessThan(50);
    }
  });
});
