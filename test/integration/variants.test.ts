// Runtime variants on the real lab: gVisor 2024 fetched from Debian trixie's archive (verified by
// apt, cached: the second fetch runs no apt), registered with both engines beside the host's
// runsc, every variant run over every driver by lab up's matrix, named in a campaign's rows and
// manifest; a variant that cannot be had here is left out with why, and refused by collect with
// the command that adds it. The lab goes back to no variants at the end.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/dataset/manifest.js';
import { MANIFEST } from '../../src/dataset/campaign-dir.js';
import { fetchDebianBinary, sha256File } from '../../src/machine/debian-fetch.js';
import type { UpReport } from '../../src/lab/up.js';
import { variantOf } from '../../src/model/variants.js';
import { cli, onlyDir, requireRoot, rowsOf } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbvar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gVisor 2024 from Debian trixie', { timeout: 600_000 }, () => {
  it('is fetched, verified and unpacked once, then read from the cache', async () => {
    const src = variantOf('runsc-2024')!.source;
    if (src.kind !== 'debian') throw new Error('runsc-2024 is not a Debian variant');
    const logs: string[] = [];
    const first = await fetchDebianBinary(src, join(tmp, src.suite), (m) => logs.push(m));
    expect(first.version).toMatch(/^0\.0~2024\d{4}/);
    expect(first.sha256).toBe(await sha256File(first.path));
    expect((await execa(first.path, ['--version'])).stdout).toMatch(/^runsc version 0\.0~2024\d{4}/);
    expect(logs).toEqual([expect.stringMatching(/^fetching runsc from Debian trixie/)]);
    const again: string[] = [];
    expect(await fetchDebianBinary(src, join(tmp, src.suite), (m) => again.push(m))).toEqual(first);
    expect(again).toEqual([]);
  });
});

describe.sequential('runtime variants on the lab', { timeout: 900_000 }, () => {
  let up: UpReport;
  let upStderr: string;
  beforeAll(async () => {
    requireRoot();
    const r = await cli(['--json', 'lab', 'up', '--variants', 'runsc-2024,runsc-2024-ptrace,runsc-2024-kvm,kata-fc']);
    expect(r.exitCode, r.stderr).toBe(0);
    up = JSON.parse(r.stdout) as UpReport;
    upStderr = r.stderr;
  }, 900_000);
  afterAll(async () => {
    const r = await cli(['--json', 'lab', 'up', '--variants', 'none']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as UpReport).variants).toEqual([]);
  }, 900_000);

  // gVisor's KVM platform is registered where it starts a sandbox: not without /dev/kvm, nor on a
  // /dev/kvm that cannot run its guest (this VM's PVM one, where it spins at create)
  const kvm = () => up.variants.some((v) => v.name === 'runsc-2024-kvm');

  it("registers trixie's runsc under each variant's name, with its build; leaves out what this machine cannot have", async () => {
    expect(up.variants.map((v) => v.name)).toEqual(['runsc-2024', 'runsc-2024-ptrace', ...(kvm() ? ['runsc-2024-kvm'] : [])]);
    for (const v of up.variants) {
      expect(v.version).toMatch(/^runsc version 0\.0~2024\d{4}/);
      expect(v.source).toMatch(/^debian trixie runsc 0\.0~2024\d{4}\S* \(deb sha256 [0-9a-f]{64}\)$/);
      expect(v.sha256).toBe(await sha256File(v.binary));
    }
    expect(up.variants.map((v) => v.args).slice(0, 2)).toEqual([[], ['--platform=ptrace']]);
    expect(upStderr).toMatch(
      /runtime variant kata-fc is left out: it needs \/dev\/kvm|runtime variant kata-fc is left out: containerd-shim-kata-fc-v2 is not on PATH: install Kata Containers/,
    );
    if (!kvm())
      expect(upStderr).toMatch(
        existsSync('/dev/kvm')
          ? /runtime variant runsc-2024-kvm is left out: `\S+runsc --root \S+ --network=none --platform=kvm do \/bin\/true` did not finish within 20 s/
          : /runtime variant runsc-2024-kvm is left out: it needs \/dev\/kvm, which this machine does not have/,
      );
    for (const id of ['A', 'B'] as const)
      expect(up.facts[id].runtimes).toEqual(
        expect.arrayContaining(['runsc', 'runsc-2024', 'runsc-2024-host', 'runsc-2024-ptrace', 'runsc-2024-ptrace-host']),
      );
  });

  it('runs each variant over every driver on both hosts', () => {
    for (const rt of up.variants.map((v) => v.name)) {
      const at = up.matrix.filter((m) => m.runtime === rt);
      expect(at).toHaveLength(8);
      for (const m of at) expect([m.host, m.driver, m.status]).toEqual([m.host, m.driver, 'ok']);
    }
  });

  it('names the variant in the rows and the manifest of a campaign; runs it at one end only where asked', async () => {
    const out = join(tmp, 'campaign');
    const r = await cli(
      [
        '-q',
        'collect',
        '--quick',
        '--runtimes',
        'runc,runsc-2024,runsc-2024@server,runsc-2024@client',
        '--pairs',
        'bridge,bridge',
        '--loads',
        'idle',
      ].concat(['--experiments', 'bandwidth', '--no-baseline', '--reps', '1', '--warmup', '0', '--seed', '7', '--out', out]),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const { dir } = onlyDir(out);
    const rows = rowsOf(dir).filter((x) => x.metric === 'bandwidth');
    expect(rows.map((x) => [x.runtime, x.status]).sort()).toEqual([
      ['runc', 'ok'],
      ['runsc-2024', 'ok'],
      ['runsc-2024@client', 'ok'],
      ['runsc-2024@server', 'ok'],
    ]);
    expect(Number(rows.find((x) => x.runtime === 'runsc-2024')!.value)).toBeGreaterThan(0);
    // which kernel each end's iperf3 saw: gVisor reports Linux 4.4.0, runc the host's own
    const kernel = (runtime: string, end: 'client' | 'server') =>
      /"system_info":\s*"Linux \S+ (\S+)/.exec(
        readFileSync(join(dir, rows.find((x) => x.runtime === runtime)!.artifact, `${end}.stdout`), 'utf8'),
      )?.[1];
    const host = kernel('runc', 'client');
    expect(host).not.toBe('4.4.0');
    const ends = ['runsc-2024', 'runsc-2024@server', 'runsc-2024@client'].map((rt) => [rt, kernel(rt, 'client'), kernel(rt, 'server')]);
    expect(ends).toEqual([
      ['runsc-2024', '4.4.0', '4.4.0'],
      ['runsc-2024@server', host, '4.4.0'],
      ['runsc-2024@client', '4.4.0', host],
    ]);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.variants?.find((v) => v.name === 'runsc-2024')).toMatchObject({
      base: 'runsc',
      args: [],
      source: expect.stringMatching(/^debian trixie/),
    });
  });

  it('refuses a variant the lab has not registered, with the command that adds it (and what it needs)', async () => {
    const r = await cli(['collect', '--quick', '--runtimes', 'runc,runsc-hostinet', '--out', join(tmp, 'none')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/runtime "runsc-hostinet" is not available on host A/);
    expect(r.stderr).toMatch(/netbench lab up --variants runsc-hostinet/);
    // where the KVM platform's sandbox check timed out (20 s), collect's lab up reuses it and says when it was made
    if (/runtime variant runsc-2024-kvm is left out: .*did not finish within/.test(upStderr))
      expect(r.stderr).toMatch(
        /runtime variant runsc-2024-kvm is left out: .*did not finish within 20 s.*\(checked at [^,]+, since this machine started; lab up --recheck checks again\)/,
      );
    if (!kvm()) {
      const k = await cli(['collect', '--quick', '--runtimes', 'runsc-2024-kvm', '--out', join(tmp, 'none')]);
      expect(k.exitCode).toBe(1);
      expect(k.stderr).toMatch(/runtime "runsc-2024-kvm" is not available on host A[\s\S]*it needs \/dev\/kvm on both hosts/);
    }
  });
});
