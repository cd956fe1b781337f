// Stall flags re-derived from kept iperf3 reports (real ones, test/fixtures/iperf3): the fragment
// flag goes, a missed stall is added, a run whose value disagrees is left alone, values never move.
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, rowLine, headerLine, type MeasurementRecord } from '../../../src/dataset/measurements.js';
import { toolkitPackage } from '../../../src/base/toolkit.js';
import { parseManifest } from '../../../src/dataset/manifest.js';
import { checkStalls, withStall, writeStallCheck } from '../../../src/dataset/stall-check.js';
import { stalledWarning } from '../../../src/model/warnings.js';
import { measurementRow as row } from '../../measurement-row.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const fixture = (f: string) => new URL(`../../fixtures/iperf3/${f}`, import.meta.url);
const FRAGMENT = stalledWarning(1, 11);

/** A campaign directory with three iperf3 runs, a failed row, and their kept server reports. */
function campaign(): { dir: string; rows: MeasurementRecord[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nbstalltest-'));
  cpSync(new URL('../../../data/raw/2026-11-23T2034Z-nb/manifest.json', import.meta.url), join(dir, 'manifest.json'));
  const runs = [
    // the tail fragment counted as a stall; a retry warning beside it stays
    {
      art: 'artifacts/bandwidth/runc/bridge-bridge/idle/rep1/iperf3',
      report: 'server-runc-bridge-tail-fragment.json',
      value: 9930591428.39629,
      warnings: `${FRAGMENT} | retried: x`,
    },
    // a real stall the row does not flag (collected before the parser flagged stalls)
    {
      art: 'artifacts/bandwidth/runsc/overlay-overlay/stress/rep2/iperf3',
      report: 'server-runsc-overlay-stress-stalled.json',
      value: 782006.6948354498,
      warnings: '',
    },
    // a row whose value is not its report's: not touched
    {
      art: 'artifacts/bandwidth/runc/bridge-bridge/idle/rep3/iperf3',
      report: 'server-runc-bridge-tail-fragment.json',
      value: 5,
      warnings: FRAGMENT,
    },
  ];
  const rows = runs.flatMap((r, i) => {
    mkdirSync(join(dir, r.art), { recursive: true });
    cpSync(fixture(r.report), join(dir, r.art, 'server.stdout'));
    return [
      row({ rep: i + 1, value: r.value, warnings: r.warnings, artifact: r.art }),
      row({ rep: i + 1, metric: 'retransmits', value: 3, unit: 'count', warnings: r.warnings, artifact: r.art }),
    ];
  });
  rows.push(row({ rep: 4, status: 'failed', value: null, reason: 'iperf3: boom', warnings: FRAGMENT, artifact: 'artifacts/x' }));
  writeFileSync(join(dir, 'measurements.csv'), headerLine() + rows.map(rowLine).join(''));
  return { dir, rows };
}

describe('stall flags re-derived from the kept reports', () => {
  it('replaces, adds or drops only the stalled: entry of a warnings field', () => {
    expect(withStall(`${FRAGMENT} | retried: x`, undefined)).toBe('retried: x');
    expect(withStall('client as runsc-host', 'stalled: 2 of 10 z')).toBe('stalled: 2 of 10 z | client as runsc-host');
    expect(withStall('', undefined)).toBe('');
    expect(withStall(FRAGMENT, FRAGMENT)).toBe(FRAGMENT);
    // the same flag after the server report's own warning, as the probe writes it: nothing to change
    const afterError = `iperf3: unable to send results (after the whole transfer: its report is kept) | ${FRAGMENT} | client as runsc-host`;
    expect(withStall(afterError, FRAGMENT)).toBe(afterError);
    expect(withStall(afterError, 'stalled: 2 of 10 z')).toBe(afterError.replace(FRAGMENT, 'stalled: 2 of 10 z'));
  });

  it('lists what differs, writes only the warnings, and records the check in the manifest', async () => {
    const { dir, rows } = campaign();
    const before = readFileSync(join(dir, 'measurements.csv'), 'utf8');
    const check = await checkStalls(dir);
    expect(check.runs).toBe(2);
    expect(check.changes).toEqual([
      { artifact: rows[0]!.artifact, before: FRAGMENT, after: undefined },
      { artifact: rows[2]!.artifact, before: undefined, after: stalledWarning(9, 10) },
    ]);
    expect(check.unchecked).toEqual([{ artifact: rows[4]!.artifact, reason: 'its row says 5 bit/s, its report 9930591428.39629' }]);
    expect(readFileSync(join(dir, 'measurements.csv'), 'utf8')).toBe(before); // checking reads only

    await writeStallCheck(dir, check, 'abc123', new Date('2026-12-03T06:00:00Z'));
    const [header, ...after] = parseCsv(readFileSync(join(dir, 'measurements.csv'), 'utf8')).records;
    const [old] = [parseCsv(before).records];
    const w = header!.indexOf('warnings');
    expect(after.map((r) => r[w])).toEqual([
      'retried: x',
      'retried: x',
      stalledWarning(9, 10),
      stalledWarning(9, 10),
      FRAGMENT,
      FRAGMENT,
      FRAGMENT,
    ]);
    // every other field as it was
    expect(after.map((r) => r.filter((_, i) => i !== w))).toEqual(old!.slice(1).map((r) => r.filter((_, i) => i !== w)));
    const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), 'm');
    // appended to the committed campaign's own record of its check
    expect(m.stallsRechecked?.slice(1)).toEqual([{ at: '2026-12-03T06:00:00.000Z', gitCommit: 'abc123', runs: 2, changedRuns: 2 }]);
    expect(m.campaignId).toBe('2026-11-23T2034Z-nb');

    // a second check finds nothing, and gives the file back as it is
    const again = await checkStalls(dir);
    expect(again.changes).toEqual([]);
    expect(again.csv).toBe(readFileSync(join(dir, 'measurements.csv'), 'utf8'));
    rmSync(dir, { recursive: true });
  });

  it('reads the reports from artifacts.tar.xz when the campaign is packed', async () => {
    const { dir } = campaign();
    const unpacked = await checkStalls(dir);
    execFileSync('tar', ['-cJf', 'artifacts.tar.xz', 'artifacts'], { cwd: dir });
    rmSync(join(dir, 'artifacts'), { recursive: true });
    const packed = await checkStalls(dir);
    expect(packed.changes).toEqual(unpacked.changes);
    expect(packed.runs).toBe(2);
    rmSync(join(dir, 'artifacts.tar.xz'));
    const none = await checkStalls(dir);
    expect([none.runs, none.changes.length, none.unchecked.length]).toEqual([0, 0, 3]);
    expect(none.unchecked[0]?.reason).toBe('no server.stdout kept');
    rmSync(dir, { recursive: true });
  });

  it('refuses a measurements file whose last line is cut off', async () => {
    const { dir } = campaign();
    writeFileSync(join(dir, 'measurements.csv'), readFileSync(join(dir, 'measurements.csv'), 'utf8').slice(0, -20));
    await expect(checkStalls(dir)).rejects.toThrow(/is not a whole measurements file \(its last line is cut off\)/);
    rmSync(dir, { recursive: true });
  });

  it("`netbench stalls --write` from another directory, through a link to the launcher, records this clone's commit", async () => {
    const { dir } = campaign();
    const elsewhere = mkdtempSync(join(tmpdir(), 'nbstallcwd-'));
    symlinkSync(join(ROOT, 'netbench'), join(elsewhere, 'nb'));
    const netbench = (args: string[]) => execa(join(elsewhere, 'nb'), args, { cwd: elsewhere, reject: false, env: { NO_COLOR: '1' } });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const version = await netbench(['--version']);
    const shown = /^runtime-netbench (\S+) \(git ([0-9a-f]{7,40})\)$/.exec(version.stdout);
    expect(shown?.[1], version.stdout + version.stderr).toBe(toolkitPackage().version);
    expect(head.startsWith(shown![2]!)).toBe(true);
    const checked = await netbench(['stalls', dir]);
    expect(checked.exitCode, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`2 flags differ from today's parser`);
    expect(checked.stdout).toContain('nothing written');
    const written = await netbench(['--json', 'stalls', dir, '--write']);
    expect(written.exitCode, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ runs: 2, written: true });
    const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), 'm');
    expect(m.stallsRechecked?.at(-1)).toMatchObject({ gitCommit: head, runs: 2, changedRuns: 2 });
    rmSync(dir, { recursive: true });
    rmSync(elsewhere, { recursive: true });
  }, 60_000);
});
