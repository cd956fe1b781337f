// `netbench history`: campaigns under a data directory, in the order they started; one that cannot
// be read is named with its reason and the others go through; demo campaigns only when asked.
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 });
const data = mkdtempSync(join(tmpdir(), 'nbhistory-'));
afterAll(() => rm(data, { recursive: true, force: true }));

/** A committed campaign's rows and manifest under `data`, as `id`, its manifest changed by `edit`. */
function copy(from: string, id = from, edit: (m: Record<string, unknown>) => void = () => {}): void {
  mkdirSync(join(data, id));
  copyFileSync(join(ROOT, 'data/raw', from, 'measurements.csv'), join(data, id, 'measurements.csv'));
  const m = JSON.parse(readFileSync(join(ROOT, 'data/raw', from, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(join(data, id, 'manifest.json'), JSON.stringify(m));
}

describe('netbench history', () => {
  copy('2026-11-23T0915Z-nb');
  copy('2026-11-23T2034Z-nb');
  copy('2026-12-02T1215Z-nb');
  copy('2026-12-02T1944Z-nb');
  copy('2026-12-03T0315Z-nb');
  // a demo campaign (left out unless asked for) and one whose manifest is broken
  copy('2026-12-02T1944Z-nb', 'demo-campaign', (m) => {
    m.campaignId = 'demo-campaign';
    m.config = { ...(m.config as object), profile: 'demo' };
  });
  mkdirSync(join(data, 'broken'));
  copyFileSync(join(ROOT, 'data/raw/2026-12-03T0315Z-nb/measurements.csv'), join(data, 'broken', 'measurements.csv'));
  writeFileSync(join(data, 'broken', 'manifest.json'), '{ not json');

  it('reads every campaign it can, names the others with the reason, and finds the kernel change', async () => {
    const r = await netbench(['history', '--all', '--data-dir', data, '-m', 'bandwidth', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/netbench: left out broken: .*manifest\.json/);
    expect(r.stderr).toContain('netbench: left out demo-campaign: a demo campaign (--include-short takes it)');
    const out = JSON.parse(r.stdout) as {
      campaigns: Array<{ id: string }>;
      skipped: Array<{ campaign: string }>;
      series: Array<{
        kind: string;
        cell: { runtime: string; pair: string; load: string };
        changes: Array<{ at: string; changed: Array<{ what: string }> }>;
      }>;
    };
    expect(out.campaigns.map((c) => c.id)).toEqual([
      '2026-11-23T0915Z-nb',
      '2026-11-23T2034Z-nb',
      '2026-12-02T1215Z-nb',
      '2026-12-02T1944Z-nb',
      '2026-12-03T0315Z-nb',
    ]);
    expect(out.skipped.map((s) => s.campaign).sort()).toEqual(['broken', 'demo-campaign']);
    const bare = out.series.find((s) => s.kind === 'raw' && s.cell.runtime === 'bare' && s.cell.load === 'idle')!;
    expect(bare.changes.map((c) => c.at)).toEqual(['2026-12-02T1215Z-nb']);
    expect(bare.changes[0]!.changed.map((d) => d.what)).toContain('kernel of host A');
    // the demo campaign when asked for: six campaigns
    const short = await netbench(['history', '--all', '--data-dir', data, '-m', 'bandwidth', '--include-short', '--json']);
    expect((JSON.parse(short.stdout) as { campaigns: unknown[] }).campaigns).toHaveLength(6);
  }, 180_000);

  it('says what it needs when fewer than two campaigns are named, and writes the series in words', async () => {
    const one = await netbench(['history', '2026-11-23T0915Z-nb', '--data-dir', data]);
    expect(one.exitCode).not.toBe(0);
    expect(one.stderr).toContain('history needs two campaigns or more (1 named)');
    expect(one.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const ids = ['2026-12-03T0315Z-nb', '2026-11-23T2034Z-nb', '2026-12-02T1215Z-nb', '2026-11-23T0915Z-nb', '2026-12-02T1944Z-nb'];
    const text = await netbench(['history', ...ids, '--data-dir', data, '-m', 'bandwidth']);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^5 campaigns, \d+ series/);
    expect(text.stdout).toContain('bandwidth host,host idle (bare, Gbit/s)\n  2026-11-23T0915Z-nb  ');
    expect(text.stdout).toContain('    kernel of host A: 6.18.44-fc-v782 -> 6.18.44-fc-v1045');
  }, 180_000);
});
