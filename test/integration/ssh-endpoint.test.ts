// A remote Docker host reached over SSH, for real: the emulated lab's two hosts brought up bare
// (`lab up --hosts-only`: engines, no swarm, no networks), and an sshd started inside host B's
// network namespace (listening on B's lab address only), whose sessions talk to B's own engine
// (DOCKER_HOST set by sshd). A remote config then reaches B through ssh://root@<B> exactly as it
// would reach a second machine (docker-modem runs `docker system dial-stdio` there): doctor, and
// a quick campaign over the four pairs, whose overlay runs on the swarm the toolkit creates.
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsPath } from '../../src/machine/netns.js';
import { emulatedPlan, topologyOf } from '../../src/lab/topology.js';
import { COLUMNS, parseCsv } from '../../src/dataset/measurements.js';
import { MANIFEST, MEASUREMENTS } from '../../src/dataset/campaign-dir.js';
import type { Manifest } from '../../src/dataset/manifest.js';
import { client } from '../../src/engine/endpoint.js';
import { LABEL_LAB } from '../../src/engine/containers.js';
import { localRuntimeBinaries } from '../../src/machine/runtime-binaries.js';
import { LAB, ROOT, cli, requireRoot } from './helpers.js';
import { tempDir } from '../temp-dir.js';

const topology = topologyOf(LAB);
const plan = emulatedPlan(LAB);
const PORT = 2222;
const dir = tempDir('nbssh');
const cfg = join(dir, 'remote.yaml');
let sshd: ReturnType<typeof execa> | undefined;
/** The CLI with the remote config (host B over ssh://), the test's client key and a known_hosts with B's host key. */
const remote = async (args: string[], knownHosts = join(dir, 'known_hosts')) => {
  const r = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', '--config', cfg, ...args], {
    reject: false,
    env: { NETBENCH_SSH_KEY: join(dir, 'client_key'), NETBENCH_SSH_KNOWN_HOSTS: knownHosts, NO_COLOR: '1' },
    cwd: ROOT,
    timeout: 1_500_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

describe.sequential('a Docker host over ssh://', () => {
  beforeAll(async () => {
    requireRoot();
    // two bare Docker hosts, as a remote config expects them: no swarm, no lab networks
    const down = await cli(['-q', 'lab', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    const up = await cli(['-q', 'lab', 'up', '--hosts-only']);
    expect(up.exitCode, up.stderr).toBe(0);
    const status = await cli(['lab', 'status']);
    expect(status.stdout).toMatch(/last up \S+ in [\d.]+ s \(--hosts-only: engines and image, no swarm, no networks\)/);
    expect(status.stdout).toContain('(no runtime x driver check since the last lab up');
    for (const h of ['A', 'B'] as const) {
      const d = client(topology.hosts[h].endpoint);
      expect(((await d.info()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState).toBe('inactive');
      expect(await d.listNetworks({ filters: { label: [LABEL_LAB] } })).toEqual([]);
    }
    if (!existsSync('/usr/sbin/sshd')) throw new Error('/usr/sbin/sshd is missing: scripts/ensure-test-deps.sh installs openssh-server');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other_host_key')]);
    await execa('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
    // what `ssh-keyscan -p 2222 <B>` would add after the user checked the fingerprint
    const hostKeyLine = (pub: string) =>
      `[${topology.hosts.B.address}]:${PORT} ${readFileSync(join(dir, pub), 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
    writeFileSync(join(dir, 'known_hosts'), hostKeyLine('host_key.pub'));
    writeFileSync(join(dir, 'known_hosts.other'), hostKeyLine('other_host_key.pub'));
    writeFileSync(join(dir, 'known_hosts.empty'), '');
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
        // inside the lab's blackholed range, not Docker's default 10.0.0.0/8
        '  swarmAddrPool: 10.77.64.0/20',
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

  afterAll(async () => {
    // the remote lab's networks and swarm, then the sshd this test started (by its PID), then the hosts
    await remote(['-q', 'lab', 'down']).catch(() => undefined);
    if (sshd?.pid) process.kill(sshd.pid, 'SIGTERM');
    await cli(['-q', 'lab', 'down']);
  });

  it("doctor reaches host B's engine through ssh://root@<B>, and names a runtime it lacks", async () => {
    const r = await remote(['--json', 'doctor', '--no-containers', '--runtimes', 'runc,runsc']);
    expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
    const report = JSON.parse(String(r.stdout)) as {
      hosts: Record<string, { endpoint: string; image: boolean; runtimes: string[]; engineVersion?: string }>;
      problems: unknown[];
    };
    expect(report.hosts.B!.endpoint).toBe(`ssh://root@${topology.hosts.B.address}:${PORT}`);
    expect(report.hosts.B!.runtimes).toEqual(expect.arrayContaining(['runc', 'runsc']));
    expect(report.hosts.B!.image).toBe(true);
    expect(report.problems).toEqual([]);
    const kata = await remote(['doctor', '--no-containers', '--runtimes', 'kata']);
    expect(kata.exitCode).toBe(1);
    expect(String(kata.stdout)).toContain('runtime "kata" is not available on host B');
  });

  it('refuses host B when known_hosts does not list the key it presents, and says how to fix it', async () => {
    const changed = await remote(['doctor', '--no-containers', '--runtimes', 'runc'], join(dir, 'known_hosts.other'));
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toContain(`the ssh-ed25519 host key of [${topology.hosts.B.address}]:${PORT} does not match`);
    expect(changed.stdout).toContain(`ssh-keygen -R '[${topology.hosts.B.address}]:${PORT}'`);
    const unknown = await remote(['doctor', '--no-containers', '--runtimes', 'runc'], join(dir, 'known_hosts.empty'));
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toContain(`[${topology.hosts.B.address}]:${PORT} is not a known host`);
    expect(unknown.stdout).toContain(`ssh-keyscan -p ${PORT} -t ed25519 ${topology.hosts.B.address}`);
  });

  it("collects the paper's four pairs with host B over ssh://, the overlay on the toolkit's own swarm", async () => {
    const out = tempDir('nbsshcol');
    // bandwidth, idle only, one repetition, no warm-up, no baseline: every API call to B goes through
    // SSH (about twice the lab's time per task); what is tested is that each pair works over it
    const r = await remote([
      '-q',
      'collect',
      '--quick',
      '--experiments',
      'bandwidth',
      '--reps',
      '1',
      '--warmup',
      '0',
      '--runtimes',
      'runc',
      '--loads',
      'idle',
      '--no-baseline',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    const [id] = readdirSync(out);
    const m = JSON.parse(readFileSync(join(out, id!, MANIFEST), 'utf8')) as Manifest;
    expect(m).toMatchObject({ status: 'complete', lab: { mode: 'remote', name: 'ssh' } });
    expect(m.hosts.B.endpoint).toBe(`ssh://root@${topology.hosts.B.address}:${PORT}`);
    // each engine's runtime binaries, read through the engine (B's over SSH): host B is this machine's
    // namespace, so its files are this machine's, and runsc's netns wrapper is followed to the binary it execs
    const local = await localRuntimeBinaries();
    expect(local.map((x) => x.name)).toEqual(['runc', 'crun', 'runsc']);
    for (const host of ['A', 'B'] as const)
      expect(m.runtimeBinaries?.filter((x) => x.host === host)).toEqual(local.map((x) => ({ ...x, host })));
    const { records } = parseCsv(readFileSync(join(out, id!, MEASUREMENTS), 'utf8'));
    const rows = records.slice(1).map((x) => Object.fromEntries(COLUMNS.map((c, i) => [c, x[i]!])));
    const ok = (metric: string, pair: string, load: string) =>
      rows.filter(
        (x) =>
          x.metric === metric &&
          `${x.client_driver},${x.server_driver}` === pair &&
          x.load === load &&
          x.warmup === 'false' &&
          x.status === 'ok',
      ).length;
    for (const pair of ['bridge,bridge', 'host,bridge', 'macvlan,macvlan', 'overlay,overlay']) {
      expect(ok('bandwidth', pair, 'idle'), `bandwidth ${pair}`).toBe(1);
    }
    expect(rows.filter((x) => x.status === 'ok').every((x) => Number(x.value) >= 0)).toBe(true);
    // the swarm and overlay were the remote lab's own: A manager, B worker, ingress from the configured pool
    const a = client(topology.hosts.A.endpoint);
    expect(((await a.info()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState).toBe('active');
    const ingress = (await a.getNetwork('ingress').inspect()) as { IPAM: { Config: Array<{ Subnet: string }> } };
    expect(ingress.IPAM.Config[0]!.Subnet).toMatch(/^10\.77\.(6[4-9]|7\d)\./);
    // remote lab down removes its networks and leaves the swarm it created; nothing of the run is left
    const down = await remote(['-q', 'lab', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    for (const h of ['A', 'B'] as const) {
      const d = client(topology.hosts[h].endpoint);
      expect(await d.listContainers({ all: true, filters: { label: [LABEL_LAB] } })).toEqual([]);
      expect(await d.listNetworks({ filters: { label: [LABEL_LAB] } })).toEqual([]);
      expect(((await d.info()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState).toBe('inactive');
    }
  });

  it('says which key to give when none is found', async () => {
    const r = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', '--config', cfg, 'doctor', '--no-containers'], {
      reject: false,
      extendEnv: false,
      env: { PATH: process.env.PATH!, HOME: dir },
      cwd: ROOT,
    });
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toMatch(/no SSH key for ssh:\/\/root@10\.77\.0\.2:2222/);
    expect(String(r.stderr)).toMatch(/NETBENCH_SSH_KEY/);
  });
});
