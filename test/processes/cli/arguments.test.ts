// Wrong, missing and hostile arguments: each is refused with the problem and its fix, at once
// (before the lab comes up), with no stack trace and nothing written.
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'nbargs-'));
// a campaign stopped before its first task: its manifest and the CSV's header
const empty = join(mkdtempSync(join(tmpdir(), 'nbargs-')), '2026-11-23T0915Z-nb');
mkdirSync(empty);
copyFileSync(join(ROOT, 'data/raw/2026-11-23T0915Z-nb/manifest.json'), join(empty, 'manifest.json'));
writeFileSync(
  join(empty, 'measurements.csv'),
  readFileSync(join(ROOT, 'data/raw/2026-11-23T0915Z-nb/measurements.csv'), 'utf8').split('\n')[0] + '\n',
);
afterAll(() => Promise.all([dir, dirname(empty)].map((d) => rm(d, { recursive: true, force: true }))));

// eleven CLIs at once on two cores, next to the other projects: each gets the CLI's own 60 s
describe.concurrent('hostile arguments', { timeout: 60_000 }, () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const cases: Array<[string[], RegExp]> = [
    [['collect', '--reps', '-3'], /--reps must be a whole number \(0 or more\), not "-3"/],
    [['collect', '--reps', '1.5'], /--reps must be a whole number/],
    [['demo', '--resume', join(dir, 'nowhere')], /cannot read \S+\/nowhere\/manifest\.json/],
    [
      ['demo', '--resume', '2026-11-23T0915Z-nb'],
      /2026-11-23T0915Z-nb is a paper campaign, not a demo one\n {2}fix: Finish it with `netbench collect --resume 2026-11-23T0915Z-nb`/,
    ],
    [['demo', '--seed', 'abc'], /--seed must be a whole number \(0 or more\), not "abc"/],
    [
      ['collect', '--resume', 'no-such-campaign', '--out', dir],
      /cannot read \S+\/no-such-campaign\/manifest\.json: ENOENT[\s\S]*or its path/,
    ],
    [['collect', '--resume', join(dir, 'nowhere')], /cannot read \S+\/nowhere\/manifest\.json/],
    [['collect', '--out', join(file, 'raw')], /cannot write \S+\/a-file\/raw: ENOTDIR[\s\S]*fix: A part of the path is a file/],
    [['collect', '--out', '/proc/netbench-no-such'], /cannot write \/proc\/netbench-no-such: ENOENT/],
    [['figures', '2026-11-23T1437Z-nb', '-o', '/proc/netbench-no-such/x'], /cannot write \/proc\/netbench-no-such: ENOENT/],
    [
      ['analyse', empty, '-o', join(dirname(empty), 'out')],
      /campaign 2026-11-23T0915Z-nb has no measurements yet[\s\S]*collect --resume \S+2026-11-23T0915Z-nb/,
    ],
    [['figures', empty, '-o', join(dirname(empty), 'out')], /campaign 2026-11-23T0915Z-nb has no measurements yet/],
    [
      ['export', '2026-11-23T1437Z-nb', '--format', 'xlsx'],
      /--format xlsx is not a format export writes[\s\S]*fix: Use one of parquet, arrow, csv/,
    ],
    [['export', '2026-11-23T1437Z-nb', '-o', join(file, 'm.parquet')], /cannot write \S+\/a-file: ENOTDIR/],
    [['export', empty, '-o', join(dirname(empty), 'out', 'm.csv')], /campaign 2026-11-23T0915Z-nb has no measurements yet/],
    [['analyse', file], /no campaign at \S+\/a-file[\s\S]*fix: Name a directory under data\/raw/],
    // an empty list is an error, not the default list; an empty entry is not dropped in silence
    [['collect', '--runtimes', '', '--out', dir], /--runtimes is empty\n {2}fix: Name at least one[^\n]*--runtimes runc,runsc/],
    [['demo', '--runtimes', 'runc,,', '--out', dir], /--runtimes "runc,," has an empty entry/],
    [['collect', '--pairs', ' ', '--out', dir], /--pairs is empty/],
    [['lab', 'status', '--link-rate', '1gigabit'], /lab\.linkRate: must be a rate as tc writes it, such as 1gbit or 500mbit/],
    [
      ['lab', 'status', '--link-rate', '1gbit', '-c', join(ROOT, 'test/fixtures/config/remote.yaml')],
      /--link-rate applies to the emulated lab only\n {2}fix: Remove it/,
    ],
    [['notebook', '--port', '99999'], /--port must be a TCP port \(1 to 65535\), not "99999"\n {2}fix: e\.g\. --port 8888/],
    [
      ['analyse', '2026-11-23T1437Z-nb', '--metrics', 'nosuch,http_transaction_rate', '-o', join(dir, 'out')],
      /--metrics: nosuch: not a metric of 2026-11-23T1437Z-nb\n {2}fix: Name metrics the campaigns have[^\n]*http_transaction_rate/,
    ],
  ];
  for (const [args, message] of cases)
    it(`netbench ${args.join(' ').replaceAll(dir, '<tmp>').replaceAll(dirname(empty), '<tmp>')}`, async () => {
      const r = await netbench(args);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at |lab up|engine/);
      expect(readdirSync(dir)).toEqual(['a-file']);
      expect(readdirSync(dirname(empty))).toEqual(['2026-11-23T0915Z-nb']); // no output directory
    });

  it('netbench analyse | head: the reader closing the pipe ends the output, with no stack trace', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nbargs-')), 'tables');
    const r = await execa(
      'bash',
      [
        '-c',
        'node --import tsx src/cli/main.ts -q analyse 2026-11-23T2034Z-nb -o "$1" | head -c 1; echo " ${PIPESTATUS[0]}" >&2',
        '-',
        out,
      ],
      { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 },
    );
    await rm(dirname(out), { recursive: true, force: true });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stderr.trim()).toBe('0');
  });
});
