// lab down on the lab the other files used (host B's engine killed and brought back in
// collect.test.ts, variants registered and taken off, the link shaped and unshaped): nothing of it is
// left behind, and a second lab down is a no-op. It runs after every file that needs the full lab.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { client } from '../../src/engine/endpoint.js';
import { labelledContainers } from '../../src/engine/containers.js';
import { linkExists, linksInRange, netnsExists, routes } from '../../src/machine/netns.js';
import { unmountedV1Controllers, v1ControllersFromMounts } from '../../src/machine/runtime-fixes.js';
import { keptV1Controllers } from '../../src/machine/host-fixes.js';
import { emulatedPlan, topologyOf } from '../../src/lab/topology.js';
import { LAB, cli, labState, mountsUnder, processesMentioning, requireRoot } from './helpers.js';

const plan = emulatedPlan(LAB);
const topology = topologyOf(LAB);

describe.sequential('lab down', () => {
  it('lab down leaves no container, network, namespace, link, route, mount or dockerd behind, and can run again', async () => {
    requireRoot();
    const before = await labState();
    const r = await cli(['lab', 'down']);
    expect(r.exitCode, r.stderr).toBe(0);
    // A cgroup v1 hierarchy the kernel keeps until reboot stays mounted: lab down says so and why.
    for (const k of await keptV1Controllers(`${LAB.runDir}/cgroup-v1-kept`))
      expect(r.stderr).toMatch(new RegExp(`cgroup: [^\\n]*${k}[^\\n]*(reboot|next boot)`));
    expect(await netnsExists(plan.netns)).toBe(false);
    expect(await linkExists(plan.linkA)).toBe(false);
    expect((await routes()).some((x) => x.type === 'blackhole' && x.dst === LAB.labCidr)).toBe(false);
    expect(mountsUnder(`${LAB.runDir}/${LAB.name}`)).toEqual([]);
    // host B's data root, which its dockerd bound onto itself, is unmounted too
    expect(mountsUnder(`${LAB.stateDir}/${LAB.name}`)).toEqual([]);
    expect(processesMentioning(`${LAB.stateDir}/${LAB.name}/hostB/daemon.json`)).toEqual([]);
    // nor a container shim of B's engine, nor the processes below one (collect.test.ts killed one)
    expect(processesMentioning(`${LAB.runDir}/${LAB.name}/`)).toEqual([]);
    if (before?.daemons.A) {
      expect(processesMentioning(`${LAB.stateDir}/${LAB.name}/hostA/daemon.json`)).toEqual([]);
      // nor the network namespaces' files the engine A the toolkit ran kept under Docker's exec root
      expect(mountsUnder('/run/docker/netns')).toEqual([]);
    } else expect(await labelledContainers(client(topology.hosts.A.endpoint), LAB.name)).toEqual([]);
    expect(await labState()).toBeUndefined();
    // No bridge of the lab's engines keeps a lab address, and no cgroup v1 hierarchy is left without
    // a mount (containerd's stats fail for every container while one is: seen after CI's lab cycles).
    expect(await linksInRange(LAB.labCidr)).toEqual([]);
    expect(
      unmountedV1Controllers(readFileSync('/proc/cgroups', 'utf8'), v1ControllersFromMounts(readFileSync('/proc/mounts', 'utf8'))),
    ).toEqual([]);
    const again = await cli(['-q', 'lab', 'down']);
    expect(again.exitCode, again.stderr).toBe(0);
  });
});
