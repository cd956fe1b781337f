// The lab's A-B link at a set rate (tc tbf on both veth ends): a campaign's lab up shapes it, and
// the campaign measures the rate on every driver pair and on the host's own stack (the bare
// baseline), with the rate in its manifest; lab status reads it back from tc; a resume over another
// rate is refused; a plain lab up takes the shaping off again, as the lab is left for the other tests.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/dataset/manifest.js';
import { MANIFEST } from '../../src/dataset/campaign-dir.js';
import type { StatusReport } from '../../src/lab/status.js';
import { LAB, cli, onlyDir, requireRoot, rowsOf } from './helpers.js';

const RATE = '300mbit';
const tmp = mkdtempSync(join(tmpdir(), 'nbshape-'));
const status = async () => {
  const r = await cli(['--json', 'lab', 'status']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as StatusReport;
};

describe.sequential('the lab link at a set rate', { timeout: 900_000 }, () => {
  beforeAll(() => requireRoot());
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    const r = await cli(['lab', 'up']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await status()).linkShaping).toEqual({ A: null, B: null });
    expect((await execa('tc', ['qdisc', 'show', 'dev', `${LAB.name}-vethA`])).stdout).not.toContain('tbf');
  }, 900_000);

  it('holds every pair of a campaign over it to that rate, and the manifest says so', async () => {
    const r = await cli(
      [
        'collect',
        '--link-rate',
        RATE,
        '--quick',
        '--warmup',
        '0',
        '--reps',
        '1',
        '--runtimes',
        'runc',
        '--experiments',
        'bandwidth',
        '--loads',
        'idle',
        '-o',
        tmp,
      ],
      { timeoutMs: 900_000 },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${LAB.name}-vethA <-> ${LAB.name}-vethB: ${RATE} each way (tc tbf on both ends)`);
    const { dir } = onlyDir(tmp);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.lab.linkRate).toBe(RATE);
    const bw = rowsOf(dir).filter((x) => x.metric === 'bandwidth');
    // the four pairs and the bare host, each received at most the link's rate, and most of it
    expect(bw.map((x) => `${x.runtime} ${x.client_driver},${x.server_driver} ${x.status}`).sort()).toEqual([
      'bare host,host ok',
      'runc bridge,bridge ok',
      'runc host,bridge ok',
      'runc macvlan,macvlan ok',
      'runc overlay,overlay ok',
    ]);
    for (const x of bw) {
      expect(Number(x.value), `${x.runtime} ${x.client_driver}`).toBeLessThanOrEqual(3e8);
      expect(Number(x.value), `${x.runtime} ${x.client_driver}`).toBeGreaterThan(0.8 * 3e8);
    }
  });

  it('has both ends of the link shaped, as tc itself shows', async () => {
    expect((await status()).linkShaping).toEqual({ A: 3e8, B: 3e8 });
    expect((await execa('tc', ['qdisc', 'show', 'dev', `${LAB.name}-vethA`])).stdout).toMatch(/qdisc tbf \S+ root .*rate 300Mbit/);
  });

  it('refuses to resume a campaign over a link of another rate', async () => {
    const { id, dir } = onlyDir(tmp);
    // this campaign's manifest as an unfinished one's
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...m, status: 'interrupted' }, null, 2));
    const r = await cli(['collect', '--resume', id, '-o', tmp]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `campaign ${id} ran over a link shaped to ${RATE}, and this run would use an unshaped one\\n {2}fix: Resume it with --link-rate ${RATE}`,
      ),
    );
  });
});
