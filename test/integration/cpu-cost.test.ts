// The CPU cost's two sources checked against a known load on the real lab: stress-ng holding one
// CPU at 50 % for 10 s in a container must read as 5 s of CPU from the container's cgroup (the
// engine's stats) under runc, and the machine's /proc/stat, less an idle baseline taken just
// before, must hold at least what the cgroup says under every runtime.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerCpu, type ContainerCpu } from '../../src/engine/container-cpu.js';
import { removeQuietly, startContainer } from '../../src/engine/containers.js';
import { client } from '../../src/engine/endpoint.js';
import type { UpReport } from '../../src/lab/up.js';
import { topologyOf } from '../../src/lab/topology.js';
import { busySeconds, cpuDelta, readProcStat } from '../../src/machine/cpu-time.js';
import { LAB, cli, requireRoot } from './helpers.js';

const WINDOW_MS = 10_000;
const seconds = (c: ContainerCpu): number => {
  if ('unsupported' in c) throw new Error(c.unsupported);
  return c.seconds;
};

/** Busy CPU seconds per second of this machine over a window, and the window's length. */
async function machineBusy(during: () => Promise<unknown>): Promise<{ rate: number; wallS: number }> {
  const a = await readProcStat();
  const t0 = performance.now();
  await during();
  const b = await readProcStat();
  const wallS = (performance.now() - t0) / 1000;
  return { rate: busySeconds(cpuDelta(a.total, b.total)) / wallS, wallS };
}

describe.sequential('CPU cost on the lab, against a known load', () => {
  let image: string;
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['--json', '-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
    image = (JSON.parse(up.stdout) as UpReport).image;
  });

  for (const runtime of ['runc', 'runsc'])
    it(`stress-ng at 50 % of one CPU for 10 s under ${runtime}: its cgroup reads the load (runc: ±5 %), the machine at least the cgroup`, async () => {
      const docker = client(topologyOf(LAB).hosts.A.endpoint);
      const idle = await machineBusy(() => sleep(WINDOW_MS));
      const c = await startContainer(docker, LAB.name, {
        image,
        cmd: ['stress-ng', '--cpu', '1', '--cpu-load', '50', '--timeout', '20s', '-q'],
        runtime,
        network: 'none',
        role: 'probe',
      });
      try {
        await sleep(2_000); // stress-ng's workers started and settled
        let container = 0;
        const loaded = await machineBusy(async () => {
          const c0 = seconds(await containerCpu(c));
          const t0 = performance.now();
          await sleep(WINDOW_MS);
          const c1 = seconds(await containerCpu(c));
          container = (c1 - c0) / ((performance.now() - t0) / 1000);
        });
        const machine = loaded.rate - idle.rate;
        console.log(
          `${runtime}: container ${container.toFixed(4)} CPU, machine ${machine.toFixed(4)} CPU over idle ${idle.rate.toFixed(4)}`,
        );
        if (runtime === 'runc') {
          expect(container).toBeGreaterThan(0.475);
          expect(container).toBeLessThan(0.525);
        } else {
          // gVisor's sandbox cgroup holds the application's 50 % and the Sentry's work for it (every
          // sleep and timer of stress-ng is a system call it serves): more, but not much more
          expect(container).toBeGreaterThan(0.5);
          expect(container).toBeLessThan(0.6);
        }
        // What the machine spent beyond its idle rate holds all the cgroup says (gVisor's Sentry and
        // Gofer run in the container's cgroup). Under runc the two agree; under gVisor the machine
        // spends more, outside the sandbox's cgroup (0.05 to 0.08 CPU in four runs on the project VM:
        // the host kernel's and the shim's share, not yet attributed to a class).
        expect(machine / container).toBeGreaterThan(0.9);
        if (runtime === 'runc') expect(machine / container).toBeLessThan(1.1);
        else expect(machine - container).toBeLessThan(0.15);
      } finally {
        await removeQuietly(c);
      }
    });
});
