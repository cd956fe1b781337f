// The lab on a real engine, from nothing: lab down --purge, lab up (the image built), traffic across
// the two hosts for every driver pair of the paper and every runtime, the container primitives, the
// blackhole guard, doctor, a warm lab up. It leaves the lab up for the files after it; a dead engine
// brought back is tested in collect.test.ts (mid-campaign), lab down in lab-teardown.test.ts (last).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iperf3Exchange, type ExchangeContext } from '../../src/campaign/pair-exchange.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { client } from '../../src/engine/endpoint.js';
import {
  ContainerTimeout,
  discardHeld,
  labelledContainers,
  release,
  removeQuietly,
  runToCompletion,
  startContainer,
  startHeld,
  waitForOutput,
} from '../../src/engine/containers.js';
import { TARGET, heldCommand } from '../../src/campaign/probe-run.js';
import { SERVER_READY } from '../../src/probes/probe.js';
import type { UpReport } from '../../src/lab/up.js';
import { IMAGE_REPO } from '../../src/lab/image.js';
import { netnsExists, linksInRange, routeVerdict, routes, hasAddress } from '../../src/machine/netns.js';
import { run } from '../../src/machine/exec.js';
import { emulatedPlan, topologyOf } from '../../src/lab/topology.js';
import { LAB, cli, labState, mountsUnder, processesMentioning, requireRoot, txBytes } from './helpers.js';
import { PAPER_PAIRS, pairId } from '../../src/model/pairs.js';
import { tempDir } from '../temp-dir.js';

const plan = emulatedPlan(LAB);

/** The error code of a TCP connect (bounded to 5 s), or 'connected'. */
const connectError = (host: string, port: number): Promise<string> =>
  new Promise((resolve) => {
    const sock = createConnection({ host, port, timeout: 5_000 });
    sock.on('connect', () => (sock.destroy(), resolve('connected')));
    sock.on('timeout', () => (sock.destroy(), resolve('timeout')));
    sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
const topology = topologyOf(LAB);
const RUNTIMES = ['runc', 'crun', 'runsc'];
const timings: Record<string, number> = {};

describe.sequential('the two-host lab on a real Docker engine', () => {
  let up: UpReport;

  beforeAll(async () => {
    requireRoot();
    const down = await cli(['-q', 'lab', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
  });

  afterAll(() => {
    console.log(`lab up timings (s): ${JSON.stringify(timings)}`);
  });

  it("lab down --purge after a plain lab down still removes the image, its build cache and host B's data", async () => {
    const r = await cli(['-q', 'lab', 'down', '--purge']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(`${LAB.stateDir}/${LAB.name}`)).toBe(false);
    expect(existsSync(`${LAB.stateDir}/image`)).toBe(false);
    expect(mountsUnder(`${LAB.stateDir}/`)).toEqual([]);
    expect(mountsUnder(`${LAB.runDir}/${LAB.name}`)).toEqual([]);
    // Host A's engine (stopped again if the toolkit runs it) no longer lists the image in its store.
    const repositories = '/var/lib/docker/image/overlay2/repositories.json';
    if (existsSync(repositories)) expect(readFileSync(repositories, 'utf8')).not.toContain(IMAGE_REPO);
    expect(processesMentioning(`${LAB.runDir}/${LAB.name}/`)).toEqual([]);
    expect(await linksInRange(LAB.labCidr)).toEqual([]);
  });

  it('lab up from nothing (after the purge): both engines, the image built, the namespace, the link, the guard', async () => {
    expect(await labState()).toBeUndefined();
    const r = await cli(['--json', '-q', 'lab', 'up']);
    expect(r.exitCode, r.stderr).toBe(0);
    up = JSON.parse(r.stdout) as UpReport;
    timings.fromNoLab = up.durationS;
    expect(up.imageBuilt).toBe(true);
    expect(up.facts.A.engineVersion).toMatch(/^20\.10\./);
    expect(up.facts.B.engineVersion).toMatch(/^20\.10\./);
    expect(up.facts.B.endpoint).toBe(`unix://${plan.socketB}`);
    for (const id of ['A', 'B'] as const)
      expect(up.facts[id].runtimes).toEqual(expect.arrayContaining(['runc', 'crun', 'runsc', 'runsc-host']));
    expect(await netnsExists(plan.netns)).toBe(true);
    expect(await hasAddress(plan.linkA, topology.hosts.A.address)).toBe(true);
    expect(await hasAddress(plan.linkB, topology.hosts.B.address, plan.netns)).toBe(true);
    for (const ns of [undefined, plan.netns]) {
      expect((await routes(ns)).some((x) => x.type === 'blackhole' && x.dst === LAB.labCidr)).toBe(true);
    }
  });

  it('found by running containers that runc, crun and runsc work with every driver on both hosts', () => {
    for (const host of ['A', 'B'] as const) {
      for (const runtime of RUNTIMES) {
        for (const driver of ['bridge', 'host', 'macvlan', 'overlay']) {
          const m = up.matrix.find((e) => e.host === host && e.runtime === runtime && e.driver === driver);
          expect(m, `${host} ${runtime} ${driver}`).toBeDefined();
          expect(m!.status, `${host} ${runtime} ${driver}: ${m!.detail}`).toBe('ok');
        }
      }
    }
  });

  describe.each(RUNTIMES)('%s: client container on A, server container on B, iperf3 for 1 s', (runtime) => {
    it.each(PAPER_PAIRS.map((p) => [pairId(p), p] as const))('%s carries traffic across the link', async (_id, pair) => {
      const ctx: ExchangeContext = {
        engines: { A: client(topology.hosts.A.endpoint), B: client(topology.hosts.B.endpoint) },
        facts: up.facts,
        topology,
        image: up.image,
      };
      const before = txBytes(plan.linkA);
      // gVisor hostinet (runsc + host) fails iperf3's results exchange in many runs: bounded retries.
      const x = await iperf3Exchange(ctx, pair, runtime, { port: 5201, durationS: 1, omitS: 0 }, 8);
      const sent = txBytes(plan.linkA) - before;
      expect(x.bandwidthBps).toBeGreaterThan(0);
      expect(Number.isFinite(x.bandwidthBps)).toBe(true);
      // The bytes really crossed the A-B link (the server's report covers about one second of them).
      expect(sent).toBeGreaterThan((0.9 * x.bandwidthBps * 1) / 8);
      expect(await labelledContainers(ctx.engines.B, LAB.name)).toHaveLength(1); // only the overlay anchor remains
    });
  });

  it('a port already in use on the server host is reported as such, not retried', async () => {
    const B = client(topology.hosts.B.endpoint);
    const squatter = await B.createContainer({
      Image: up.image,
      Cmd: ['sleep', '60'],
      Labels: { 'io.netbench.test': 'port-squatter' },
      ExposedPorts: { '5201/tcp': {} },
      HostConfig: { PortBindings: { '5201/tcp': [{ HostPort: '5201' }] } },
    });
    await squatter.start();
    try {
      const ctx: ExchangeContext = { engines: { A: client(topology.hosts.A.endpoint), B }, facts: up.facts, topology, image: up.image };
      const err = await iperf3Exchange(ctx, PAPER_PAIRS[0]!, 'runc', { port: 5201, durationS: 1, omitS: 0 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'busy' });
      expect((err as Error).message).toContain('port already in use on the server host (5201/tcp)');
    } finally {
      await squatter.remove({ force: true });
    }
  });

  it('a container that hangs is killed at its deadline, and what it printed by then is kept', async () => {
    const A = client(topology.hosts.A.endpoint);
    const before = (await labelledContainers(A, LAB.name)).length;
    const spec = {
      image: up.image,
      cmd: ['bash', '-c', 'echo before-the-hang; echo on-stderr >&2; exec sleep 60'],
      runtime: 'runc',
      network: 'none',
      role: 'hang-test',
    };
    const err = await runToCompletion(A, LAB.name, spec, 3_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerTimeout);
    expect(err).toMatchObject({ kind: 'timeout', printed: { stdout: 'before-the-hang\n', stderr: 'on-stderr\n' } });
    expect((err as Error).message).toContain('did not finish within 3 s');
    expect(await labelledContainers(A, LAB.name)).toHaveLength(before); // killed and removed
  });

  it('a held client container waits for its target, runs only once released, and a discarded one is removed unrun', async () => {
    const A = client(topology.hosts.A.endpoint);
    const before = (await labelledContainers(A, LAB.name)).length;
    for (const runtime of ['runc', 'runsc']) {
      const spec = (argv: string[]) => ({ image: up.image, cmd: heldCommand(argv), runtime, network: 'none', role: 'held-test' });
      const held = await startHeld(A, LAB.name, spec(['echo', '-n', `http://${TARGET}:8080/`, `-i ${TARGET}`]));
      await sleep(1_000);
      expect((await held.container.inspect()).State.Running, runtime).toBe(true); // waiting on its stdin
      const done = await release(held, '10.77.0.2', 30_000);
      expect(done, runtime).toMatchObject({ exitCode: 0, stdout: 'http://10.77.0.2:8080/ -i 10.77.0.2', stderr: '' });
      const hung = await startHeld(A, LAB.name, spec(['sleep', '60']));
      const err = await release(hung, 'x', 2_000, {}, ['sleep', '60']).catch((e: unknown) => e);
      expect(err, runtime).toBeInstanceOf(ContainerTimeout);
      expect((err as Error).message).toContain('held-test container (sleep 60) did not finish within 2 s');
      const unused = await startHeld(A, LAB.name, spec(['echo', 'never']));
      await discardHeld(unused);
      const state = await unused.container.inspect().then(
        (x) => x.State.Status,
        (e: { statusCode?: number }) => e.statusCode,
      );
      expect(state, runtime).toBe(404);
    }
    expect(await labelledContainers(A, LAB.name)).toHaveLength(before);
  });

  it('waiting for a server line follows the log: it returns once the line is printed, and says when the container exits or the deadline passes', async () => {
    const A = client(topology.hosts.A.endpoint);
    const before = (await labelledContainers(A, LAB.name)).length;
    const start = (script: string) =>
      startContainer(A, LAB.name, { image: up.image, cmd: ['bash', '-c', script], runtime: 'runc', network: 'none', role: 'ready-test' });
    const ready = await start('echo starting; sleep 0.5; echo NETBENCH-READY >&2; sleep 60');
    const exits = await start('echo broken >&2; exit 3');
    const silent = await start('sleep 60');
    try {
      await waitForOutput(ready, SERVER_READY, 30_000);
      expect((await ready.inspect()).State.Running).toBe(true); // it did not wait for the container's end
      const exited = await waitForOutput(exits, SERVER_READY, 30_000).catch((e: unknown) => e);
      expect(exited).toMatchObject({ kind: 'tool-failed' });
      expect((exited as Error).message).toContain('server container exited (3) before it was ready: broken');
      const late = await waitForOutput(silent, SERVER_READY, 1_000).catch((e: unknown) => e);
      expect(late).toMatchObject({ kind: 'timeout' });
      expect((late as Error).message).toContain('not ready within 1 s');
    } finally {
      for (const c of [ready, exits, silent]) await removeQuietly(c);
    }
    expect(await labelledContainers(A, LAB.name)).toHaveLength(before);
  });

  it('a removal that finds another removal of the container in progress returns only once the container is gone', async () => {
    const A = client(topology.hosts.A.endpoint);
    for (let i = 0; i < 3; i++) {
      const c = await startContainer(A, LAB.name, {
        image: up.image,
        cmd: ['sleep', '60'],
        runtime: 'runc',
        network: 'none',
        role: 'removal-race',
      });
      const first = removeQuietly(c); // e.g. the campaign's removal on SIGTERM, not awaited by the run in flight
      await sleep(20);
      await removeQuietly(c); // the engine answers 409 while the first removal runs
      const left = await c.inspect().then(
        (x) => x.State.Status,
        (e: { statusCode?: number }) => e.statusCode,
      );
      expect(left).toBe(404);
      await first;
    }
  });

  it('doctor checks two existing hosts named in a config the same way', async () => {
    const dir = tempDir('nbremote');
    const cfg = join(dir, 'remote.yaml');
    writeFileSync(
      cfg,
      [
        'lab:',
        '  mode: remote',
        '  name: rem',
        `  stateDir: ${dir}`,
        '  hosts:',
        `    a: { endpoint: "${topology.hosts.A.endpoint}", address: ${topology.hosts.A.address}, macvlanParent: ${plan.linkA}, macvlanRange: 10.77.0.64/27 }`,
        `    b: { endpoint: "${topology.hosts.B.endpoint}", address: ${topology.hosts.B.address}, macvlanParent: ${plan.linkB}, macvlanRange: 10.77.0.96/27 }`,
        '  macvlan: { subnet: 10.77.0.0/24, gateway: 10.77.0.1 }',
        '  overlaySubnet: 10.77.9.0/24',
      ].join('\n'),
    );
    const r = await cli(['--config', cfg, '--json', 'doctor', '--no-containers', '--runtimes', 'runc,runsc']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      hosts: Record<string, { endpoint: string; image: boolean; runtimes: string[] }>;
      problems: unknown[];
    };
    expect(report.hosts.B!.endpoint).toBe(topology.hosts.B.endpoint);
    expect(report.hosts.A!.image && report.hosts.B!.image).toBe(true);
    expect(report.problems).toEqual([]);
    const down = await cli(['--config', cfg, 'doctor', '--no-containers', '--runtimes', 'kata']);
    expect(down.exitCode).toBe(1);
    expect(down.stdout).toContain('runtime "kata" is not available on host B');
  });

  it('with the link down, lab addresses hit the blackhole instead of the default route', async () => {
    const target = topology.hosts.B.address;
    expect(await routeVerdict(target)).toBe(`dev ${plan.linkA}`);
    await run(['ip', 'link', 'set', plan.linkA, 'down']);
    await run(['ip', '-n', plan.netns, 'link', 'set', plan.linkB, 'down']);
    try {
      expect(await routeVerdict(target)).toBe('blackhole');
      expect(await routeVerdict('10.77.8.5')).toBe('blackhole'); // overlay range
      expect(await routeVerdict(topology.hosts.A.address, plan.netns)).toBe('blackhole');
      // A real connection attempt from the root namespace is refused by the kernel, not sent.
      expect(await connectError(target, 7946)).toBe('EINVAL');
    } finally {
      await run(['ip', 'link', 'set', plan.linkA, 'up']);
      await run(['ip', '-n', plan.netns, 'link', 'set', plan.linkB, 'up']);
    }
    expect(await routeVerdict(target)).toBe(`dev ${plan.linkA}`);
    expect(await routeVerdict('10.77.200.1')).toBe('blackhole'); // unused lab address, link up
  });

  it('doctor names a missing runtime and its fix, and exits non-zero', async () => {
    const r = await cli(['doctor', '--runtimes', 'runc,kata', '--no-containers']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('host A: runtime "kata" is not available on host A (it offers crun, runc, runsc)');
    expect(r.stdout).toContain('host B: runtime "kata" is not available on host B');
    expect(r.stdout).toMatch(/fix: Kata Containers is not packaged in Debian bookworm/);
    const unknown = await cli(['doctor', '--runtimes', 'youki', '--no-containers']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toContain('unknown runtime "youki"');
  });

  it('doctor passes on the healthy lab, running a container per runtime and driver', async () => {
    // two runtimes of the three: lab up's check above ran every runtime's containers by the same code
    const r = await cli(['doctor', '--runtimes', 'runc,runsc']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('no problems found');
    for (const host of ['A', 'B'])
      for (const rt of ['runc', 'runsc']) expect(r.stdout).toMatch(new RegExp(`^${host} +${rt} +ok +ok +ok +ok$`, 'm'));
  });

  it('a second lab up reuses the lab, the cached image and the last runtime x driver check; --recheck checks again', async () => {
    const pidB = (await labState())?.daemons.B?.pid;
    expect(pidB).toBeGreaterThan(0);
    const checked = (await labState())?.matrixChecked;
    expect(checked?.at).toMatch(/^\d{4}-/);
    const r = await cli(['--json', '-q', 'lab', 'up']);
    expect(r.exitCode, r.stderr).toBe(0);
    const warm = JSON.parse(r.stdout) as UpReport;
    timings.warm = warm.durationS;
    expect(warm.imageBuilt).toBe(false);
    expect(warm.image).toBe(up.image);
    expect((await labState())?.daemons.B?.pid).toBe(pidB); // host B's engine kept running
    // the same engines, runtimes and image: the matrix of the last check, said so, not run again
    expect(warm.matrixFrom).toBe(checked!.at);
    expect(warm.matrix).toEqual(up.matrix);
    expect(warm.steps.map((s) => s.step)).not.toContain('runtimes x drivers (one container each)');
    const again = await cli(['--json', '-q', 'lab', 'up', '--recheck']);
    expect(again.exitCode, again.stderr).toBe(0);
    const rechecked = JSON.parse(again.stdout) as UpReport;
    expect(rechecked.matrixFrom).toBeUndefined();
    expect(rechecked.steps.map((s) => s.step)).toContain('runtimes x drivers (one container each)');
    expect((await labState())!.matrixChecked!.at > checked!.at).toBe(true);
  });
});
