import { execa } from 'execa';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../temp-dir.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const ID = '2026-11-23T0915Z-nb';
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });

describe('netbench analyse', () => {
  it('prints the headline tables of the committed campaign and writes every table as CSV and JSON', async () => {
    const out = tempDir('nban');
    const r = await netbench(['analyse', ID, '--out', out]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toMatch(/bandwidth \(Gbit\/s\): median \[95% CI\]/);
    expect(r.stdout).toMatch(/each runtime \/ runc \(ratio of means, Fieller 95% CI/);
    expect(r.stdout).toMatch(/runsc\s+bridge,bridge\s+idle\s+0\.0\d+\s+\[/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(summary.some((s) => s.runtime === 'bare' && s.metric === 'bandwidth')).toBe(true);
    expect(readFileSync(join(out, 'compare-runc.csv'), 'utf8').split('\n')[0]).toMatch(
      /^experiment,metric,unit,pair,load,runtime,reference/,
    );
    expect(readFileSync(join(out, 'stress-degradation.csv'), 'utf8')).toMatch(/idle/);
    const bare = await netbench(['analyse', ID, '--reference', 'bare', '--out', out, '--json']);
    const j = JSON.parse(bare.stdout) as { comparisons: Array<Record<string, unknown>> };
    expect(j.comparisons.every((c) => c.reference === 'bare')).toBe(true);
  }, 120_000);

  it('refuses a reference runtime the campaign does not have, naming those it has', async () => {
    const r = await netbench(['analyse', ID, '--reference', 'nosuch', '--out', tempDir('nban')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--reference nosuch: no such runtime in 2026-11-23T0915Z-nb/);
    expect(r.stderr).toMatch(/one of bare, crun, runc, runsc/);
  }, 60_000);

  it('names an unknown campaign and a malformed file with its line', async () => {
    const r = await netbench(['analyse', 'no-such-campaign']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no campaign at data\/raw\/no-such-campaign/);
    const dir = join(tempDir('nban'), ID);
    cpSync(join(ROOT, 'data/raw', ID, 'manifest.json'), join(dir, 'manifest.json'));
    const lines = readFileSync(join(ROOT, 'data/raw', ID, 'measurements.csv'), 'utf8')
      .split('\n')
      .slice(0, 20);
    lines[4] = lines[4]!
      .replace(/,bit\/s,/, ',Mbit/s,')
      .replace(/,us,/, ',ms,')
      .replace(/,%,/, ',permille,');
    writeFileSync(join(dir, 'measurements.csv'), lines.join('\n') + '\n');
    const bad = await netbench(['analyse', dir]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/measurements\.csv:5: metric \S+ in "(Mbit\/s|ms|permille)", expected/);
    expect(bad.stderr).toMatch(/fix: Campaign files are written by `netbench collect`/);
  }, 60_000);

  it('takes paths with spaces, for the campaign and for the output', async () => {
    const base = join(tempDir('nban'), 'with space');
    cpSync(join(ROOT, 'data/raw', ID), join(base, ID), { recursive: true });
    const r = await netbench(['analyse', join(base, ID), '-o', join(base, 'out tables')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(base, 'out tables', 'summary.csv'), 'utf8')).toMatch(/^experiment,metric/);
  }, 60_000);
});

describe('netbench model', () => {
  it('refuses campaigns without one over the unshaped link with its CPU cost, saying what it needs', async () => {
    const r = await netbench(['model', '2026-12-05T1846Z-nb', '2026-12-05T1854Z-nb', '--out', tempDir('nbmo')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/the model needs a bandwidth campaign over the unshaped link with its CPU cost/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const old = await netbench(['model', ID, '2026-12-05T1854Z-nb', '--out', tempDir('nbmo')]);
    expect(old.exitCode).toBe(1);
    expect(old.stderr).toMatch(/unshaped link with its CPU cost/);
  }, 60_000);
});
