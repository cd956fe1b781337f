// Bad situations get a clear message, a non-zero exit and nothing half-created.
import { describe, expect, it } from 'vitest';
import { linkExists, netnsExists, routes } from '../../src/machine/netns.js';
import { run } from '../../src/machine/exec.js';
import { StateStore } from '../../src/lab/state.js';
import { startDaemon } from '../../src/lab/daemon.js';
import { aptGet } from '../../src/machine/packages.js';
import { spawn } from 'node:child_process';
import { cli, processesMentioning, requireRoot, unmount, withReadableCheckout } from './helpers.js';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../temp-dir.js';

/** Holds dpkg's frontend lock (an fcntl lock, as apt and dpkg take it) for `seconds`; resolves once it holds it, with when it lets go (or is let go of). */
async function holdDpkgLock(seconds: number): Promise<{ released: Promise<number>; release(): void }> {
  const p = spawn('python3', [
    '-c',
    `import fcntl, time, sys\nf = open('/var/lib/dpkg/lock-frontend', 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(${seconds})`,
  ]);
  await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
  return { released: new Promise((resolve) => p.once('exit', () => resolve(Date.now()))), release: () => p.kill() };
}

describe.sequential('lab errors', () => {
  it('apt-get waits for another apt or dpkg that holds its lock, says so, and gives up after its wait', async () => {
    requireRoot();
    // procps is installed: apt-get install takes dpkg's lock, finds nothing to do and returns
    const install = ['install', '-y', '-q', '--no-install-recommends', 'procps'];
    const said: string[] = [];
    const held = await holdDpkgLock(3);
    await aptGet(install, { timeoutMs: 60_000, log: (m) => said.push(m) });
    const done = Date.now();
    expect(done).toBeGreaterThanOrEqual(await held.released); // it ran to the end only after the lock was let go
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^waiting for another apt or dpkg to finish \(up to 10 min\): Could not get lock \/var\/lib\/dpkg\/lock-frontend/,
    );
    // a lock held past the wait: the error says who to wait for
    const long = await holdDpkgLock(6);
    await expect(aptGet(install, { timeoutMs: 60_000, log: () => {}, waitS: 1 })).rejects.toThrow(/Could not get lock/);
    long.release();
    await long.released;
  });

  it('lab up without root says so and how to fix it', async () => {
    requireRoot();
    // as nobody, from a path nobody can read whatever the checkout's parent directory allows
    const r = await withReadableCheckout((root) => cli(['lab', 'up'], { uid: 65534, gid: 65534, root }));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('lab up needs root');
    expect(r.stderr).toContain('fix: Run it as root');
  });

  it('a full disk or an output path through a file is named with the fix, with no stack and no partial table', async () => {
    requireRoot();
    const dir = tempDir('nbfull');
    await run(['mount', '-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', dir]);
    try {
      const full = await cli(['-q', 'analyse', '2026-11-23T0915Z-nb', '-o', join(dir, 'tables')]);
      expect(full.exitCode).toBe(1);
      expect(full.stderr).toMatch(/netbench: cannot write \S+\/tables\/summary\.csv: ENOSPC: no space left on device/);
      expect(full.stderr).toMatch(/fix: The disk is full/);
      expect(full.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readdirSync(join(dir, 'tables'))).toEqual([]); // neither a half-written table nor a temporary file
    } finally {
      await unmount(dir);
    }
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const notDir = await cli(['-q', 'analyse', '2026-11-23T0915Z-nb', '-o', join(file, 'tables')]);
    expect(notDir.exitCode).toBe(1);
    expect(notDir.stderr).toMatch(/ENOTDIR: not a directory[\s\S]*fix: A part of the path is a file, not a directory/);
    expect(notDir.stderr).not.toMatch(/\n\s+at /);
  });

  it('a namespace name already in use is refused before anything is created', async () => {
    const dir = tempDir('nbbusy');
    const cfg = join(dir, 'busy.json');
    writeFileSync(cfg, JSON.stringify({ lab: { mode: 'emulated', name: 'nbt', labCidr: '10.78.0.0/16', stateDir: join(dir, 'state') } }));
    await run(['ip', 'netns', 'add', 'nbt-hostB']);
    try {
      const r = await cli(['--config', cfg, 'lab', 'up']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('network namespace nbt-hostB already exists and was not created by this lab');
      expect(r.stderr).toContain('ip netns del nbt-hostB');
      expect(await linkExists('nbt-vethA')).toBe(false);
      expect((await routes()).some((x) => x.dst === '10.78.0.0/16')).toBe(false);
      expect(await StateStore.forLab(join(dir, 'state'), 'nbt').read()).toBeUndefined();
      expect(await netnsExists('nbt-hostB')).toBe(true); // not ours: left alone
    } finally {
      await run(['ip', 'netns', 'del', 'nbt-hostB']);
    }
  });

  it('an engine that will not start is reported with the reason and its log (in a throwaway namespace)', async () => {
    const dir = tempDir('nbdaemon');
    await run(['ip', 'netns', 'add', 'nbt-daemon']);
    try {
      const err = await startDaemon({
        label: 'test host',
        configFile: join(dir, 'daemon.json'),
        logFile: join(dir, 'dockerd.log'),
        endpoint: `unix://${dir}/docker.sock`,
        netnsPath: '/var/run/netns/nbt-daemon',
        config: {
          runtimes: {},
          bip: 'bogus', // dockerd refuses this while it sets up its network controller
          pool: '10.79.0.0/20',
          hosts: [`unix://${dir}/docker.sock`],
          dataRoot: join(dir, 'data'),
          execRoot: join(dir, 'exec'),
          pidfile: join(dir, 'dockerd.pid'),
          containerdNamespace: 'nbt-daemon',
        },
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'daemon-start' });
      expect((err as Error).message).toContain('the Docker engine of test host did not start: dockerd exited with 1');
      expect((err as Error).message).toContain('invalid CIDR address: bogus');
      expect((err as { hint: string }).hint).toContain(join(dir, 'dockerd.log'));
      expect(processesMentioning(dir)).toEqual([]);
    } finally {
      await run(['ip', 'netns', 'del', 'nbt-daemon']);
    }
  });

  it('a bad config names the file and the field', async () => {
    const dir = tempDir('nbcfg');
    writeFileSync(join(dir, 'c.yaml'), 'lab:\n  mode: emulated\n  labCidr: 10.77.0.0/24\n');
    const r = await cli(['--config', join(dir, 'c.yaml'), 'lab', 'status']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('c.yaml is not a valid netbench config');
    expect(r.stderr).toContain('lab.labCidr: must be a /16');
  });

  it('the demo names Kata, which these hosts lack, with how to install it, and writes nothing', async () => {
    const out = tempDir('nbdemo');
    const r = await cli(['demo', '--runtimes', 'runc,kata', '--out', out, '--results', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('runtime "kata" is not available on host A');
    expect(r.stderr).toMatch(/fix: .*kata/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});
