// A remote Docker host reached over SSH, for real: an sshd started inside host B's network
// namespace (listening on B's lab address only), whose sessions talk to B's own engine
// (DOCKER_HOST set by sshd). `netbench doctor` with a remote config then reaches B through
// ssh://root@<B> exactly as it would reach a second machine (docker-modem runs
// `docker system dial-stdio` there).
import { execa } from 'execa';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsPath } from '../../src/lab/netns.js';
import { emulatedPlan, topologyOf } from '../../src/lab/topology.js';
import { LAB, cli, requireRoot } from './helpers.js';

const topology = topologyOf(LAB);
const plan = emulatedPlan(LAB);
const PORT = 2222;
const dir = mkdtempSync(join(tmpdir(), 'nbssh-'));
let sshd: ReturnType<typeof execa> | undefined;

describe.sequential('a Docker host over ssh://', () => {
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
    if (!existsSync('/usr/sbin/sshd')) throw new Error('/usr/sbin/sshd is missing: scripts/ensure-test-deps.sh installs openssh-server');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
    await execa('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
    await execa('chmod', ['600', join(dir, 'authorized_keys')]);
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `ListenAddress ${topology.hosts.B.address}:${PORT}`,
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        `PidFile ${join(dir, 'sshd.pid')}`,
        'StrictModes no',
        // what a second machine's login shell would see: its own engine as the default
        `SetEnv DOCKER_HOST=${topology.hosts.B.endpoint}`,
        '',
      ].join('\n'),
    );
    await execa('mkdir', ['-p', '/run/sshd']);
    sshd = execa('nsenter', [`--net=${netnsPath(plan.netns)}`, '/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')], {
      reject: false,
    });
    for (let i = 0; i < 100; i++) {
      const ss = await execa('nsenter', [`--net=${netnsPath(plan.netns)}`, 'ss', '-ltnH', `sport = :${PORT}`], { reject: false });
      if (ss.stdout.trim()) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    // end only the sshd this test started (by its PID)
    if (sshd?.pid) process.kill(sshd.pid, 'SIGTERM');
  });

  it("doctor reaches host B's engine through ssh://root@<B>, and names a runtime it lacks", async () => {
    const cfg = join(dir, 'remote.yaml');
    writeFileSync(
      cfg,
      [
        'lab:',
        '  mode: remote',
        '  name: ssh',
        `  stateDir: ${dir}`,
        '  hosts:',
        `    a: { endpoint: "${topology.hosts.A.endpoint}", address: ${topology.hosts.A.address}, macvlanParent: ${plan.linkA}, macvlanRange: 10.77.0.64/27 }`,
        `    b: { endpoint: "ssh://root@${topology.hosts.B.address}:${PORT}", address: ${topology.hosts.B.address}, macvlanParent: ${plan.linkB}, macvlanRange: 10.77.0.96/27 }`,
        '  macvlan: { subnet: 10.77.0.0/24, gateway: 10.77.0.1 }',
        '  overlaySubnet: 10.77.9.0/24',
      ].join('\n'),
    );
    const env = { NETBENCH_SSH_KEY: join(dir, 'client_key') };
    const r = await execa(
      'node',
      ['--import', 'tsx', 'src/cli/main.ts', '--config', cfg, '--json', 'doctor', '--no-containers', '--runtimes', 'runc,runsc'],
      { reject: false, env, cwd: new URL('../../', import.meta.url).pathname },
    );
    expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
    const report = JSON.parse(String(r.stdout)) as {
      hosts: Record<string, { endpoint: string; image: boolean; runtimes: string[]; engineVersion?: string }>;
      problems: unknown[];
    };
    expect(report.hosts.B!.endpoint).toBe(`ssh://root@${topology.hosts.B.address}:${PORT}`);
    expect(report.hosts.B!.runtimes).toEqual(expect.arrayContaining(['runc', 'runsc']));
    expect(report.hosts.B!.image).toBe(true);
    expect(report.problems).toEqual([]);
    const kata = await execa(
      'node',
      ['--import', 'tsx', 'src/cli/main.ts', '--config', cfg, 'doctor', '--no-containers', '--runtimes', 'kata'],
      { reject: false, env, cwd: new URL('../../', import.meta.url).pathname },
    );
    expect(kata.exitCode).toBe(1);
    expect(String(kata.stdout)).toContain('runtime "kata" is not available on host B');
  });

  it('says which key to give when none is found', async () => {
    const r = await execa(
      'node',
      ['--import', 'tsx', 'src/cli/main.ts', '--config', join(dir, 'remote.yaml'), 'doctor', '--no-containers'],
      {
        reject: false,
        extendEnv: false,
        env: { PATH: process.env.PATH!, HOME: dir },
        cwd: new URL('../../', import.meta.url).pathname,
      },
    );
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toMatch(/no SSH key for ssh:\/\/root@10\.77\.0\.2:2222/);
    expect(String(r.stderr)).toMatch(/NETBENCH_SSH_KEY/);
  });
});
