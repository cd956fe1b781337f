// The networks behind each driver, across the two hosts: default bridge (published ports), host,
// macvlan (parents on the A-B link, disjoint ranges), and an attachable overlay on a Docker Swarm
// spanning A and B. Everything created is labelled with the lab's name.
import type Docker from 'dockerode';
import { NetbenchError, describeError } from '../base/errors.js';
import { LABEL_LAB, LABEL_ROLE, startContainer } from '../engine/containers.js';
import type { Topology } from './topology.js';
import type { HostId } from '../model/hosts.js';
import type { Driver } from '../model/pairs.js';
import { checked, engineInfo, NodesSchema, SwarmInspectSchema, type SwarmInfo } from '../engine/replies.js';

export const networkName = (lab: string, driver: Driver): string =>
  driver === 'bridge' || driver === 'host' ? driver : `${lab}-${driver}`;

export type Engines = Record<HostId, Docker>;

async function networkExists(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    return await docker.getNetwork(name).inspect();
  } catch {
    return undefined;
  }
}

function ensureOurs(info: Docker.NetworkInspectInfo, lab: string, host: HostId): void {
  if (info.Labels?.[LABEL_LAB] !== lab) {
    throw new NetbenchError(
      'busy',
      `host ${host} already has a network named ${info.Name} that this lab did not create`,
      `Remove it (docker network rm ${info.Name}) or give the lab another name.`,
    );
  }
}

export async function ensureMacvlan(engines: Engines, t: Topology): Promise<void> {
  const name = networkName(t.name, 'macvlan');
  for (const id of ['A', 'B'] as const) {
    const h = t.hosts[id];
    const existing = await networkExists(engines[id], name);
    if (existing) {
      ensureOurs(existing, t.name, id);
      continue;
    }
    await engines[id].createNetwork({
      Name: name,
      Driver: 'macvlan',
      Options: { parent: h.macvlanParent },
      IPAM: { Config: [{ Subnet: t.macvlan.subnet, IPRange: h.macvlanRange, Gateway: t.macvlan.gateway }] },
      Labels: { [LABEL_LAB]: t.name },
    });
  }
}

/** docker_gwbridge carries an overlay container's traffic to the outside; pin it inside the lab range. */
async function ensureGwbridge(docker: Docker, t: Topology, id: HostId): Promise<void> {
  const subnet = t.hosts[id].gwbridgeSubnet;
  if (!subnet || (await networkExists(docker, 'docker_gwbridge'))) return;
  await docker.createNetwork({
    Name: 'docker_gwbridge',
    Driver: 'bridge',
    IPAM: { Config: [{ Subnet: subnet }] },
    Options: {
      'com.docker.network.bridge.name': 'docker_gwbridge',
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
    },
    Labels: { [LABEL_LAB]: t.name },
  });
}

const swarmOf = async (d: Docker): Promise<SwarmInfo> => (await engineInfo(d)).Swarm ?? {};

/** Is A in a swarm that an earlier emulated lab created on the lab's own address for A? Pure. */
export const staleLabSwarm = (t: Pick<Topology, 'mode' | 'hosts'>, a: Pick<SwarmInfo, 'LocalNodeState' | 'NodeAddr'>): boolean =>
  t.mode === 'emulated' && a.LocalNodeState === 'active' && a.NodeAddr === t.hosts.A.address;

/** A swarm with A as manager and B as worker. Returns true when this call created it. */
export async function ensureSwarm(engines: Engines, t: Topology, ownedByLab: boolean): Promise<boolean> {
  const a = t.hosts.A;
  const b = t.hosts.B;
  let sa = await swarmOf(engines.A);
  let created = false;
  if (sa.LocalNodeState === 'active' && !ownedByLab && staleLabSwarm(t, sa)) {
    // An earlier emulated lab's swarm whose state file is gone (its engine died, or the run
    // directory was wiped): the lab's own address exists only while a lab does, so it is ours.
    await engines.A.swarmLeave({ force: true });
    sa = await swarmOf(engines.A);
  }
  if (sa.LocalNodeState === 'active') {
    if (!ownedByLab) {
      throw new NetbenchError(
        'busy',
        'host A is already part of a Docker Swarm that this lab did not create',
        'Leave it (docker swarm leave --force) or use a host that is not in a swarm.',
      );
    }
  } else {
    await ensureGwbridge(engines.A, t, 'A');
    await engines.A.swarmInit({
      ListenAddr: `${a.address}:2377`,
      AdvertiseAddr: a.address,
      ...(t.swarmAddrPool ? { DefaultAddrPool: [t.swarmAddrPool], SubnetSize: 24 } : {}),
    });
    created = true;
  }
  const sb = await swarmOf(engines.B);
  // B's own view can be stale (it still names A's address after A left that swarm): A must list B.
  const joinedToA =
    sb.LocalNodeState === 'active' &&
    (sb.RemoteManagers ?? []).some((m) => m.Addr === `${a.address}:2377`) &&
    (await checked(NodesSchema, 'GET /nodes', engines.A.listNodes())).some((n) => n.ID === sb.NodeID);
  if (!joinedToA) {
    if (sb.LocalNodeState !== 'inactive') await engines.B.swarmLeave({ force: true });
    await ensureGwbridge(engines.B, t, 'B');
    const token = (await checked(SwarmInspectSchema, 'GET /swarm', engines.A.swarmInspect())).JoinTokens.Worker;
    await engines.B.swarmJoin({
      ListenAddr: `${b.address}:2377`,
      AdvertiseAddr: b.address,
      RemoteAddrs: [`${a.address}:2377`],
      JoinToken: token,
    });
  }
  return created;
}

/**
 * The attachable overlay, plus one idle "anchor" container on it per host. Without an anchor, a
 * node tears its part of the network down when the last container leaves, and a container started
 * right after fails with "network ... not found" (seen here with dockerd 20.10).
 */
export async function ensureOverlay(engines: Engines, t: Topology, image: string): Promise<void> {
  const name = networkName(t.name, 'overlay');
  const existing = await networkExists(engines.A, name);
  if (existing) ensureOurs(existing, t.name, 'A');
  else {
    await engines.A.createNetwork({
      Name: name,
      Driver: 'overlay',
      Attachable: true,
      IPAM: { Config: [{ Subnet: t.overlaySubnet }] },
      Labels: { [LABEL_LAB]: t.name },
    });
  }
  for (const id of ['A', 'B'] as const) {
    const anchors = await engines[id].listContainers({
      filters: { label: [`${LABEL_LAB}=${t.name}`, `${LABEL_ROLE}=overlay-anchor`], status: ['running'] },
    });
    if (anchors.length === 0) {
      await startContainer(engines[id], t.name, {
        image,
        cmd: ['sleep', 'infinity'],
        runtime: 'runc',
        network: name,
        role: 'overlay-anchor',
      });
    }
  }
}

/** Remove the lab's networks and swarm; each step tolerates what is already gone. */
export async function removeNetworks(
  engines: Partial<Engines>,
  t: Topology,
  swarmCreated: boolean,
  warn: (m: string) => void,
): Promise<void> {
  // A swarm network the manager still counts in use (by the task of a container on a host whose
  // engine died) goes with the swarm: said only if the swarm could not be left either.
  const swarmScoped: Partial<Record<HostId, string[]>> = {};
  for (const id of ['B', 'A'] as const) {
    const d = engines[id];
    if (!d) continue;
    const nets = await d.listNetworks({ filters: { label: [`${LABEL_LAB}=${t.name}`] } }).catch(() => []);
    for (const n of nets.filter((n) => n.Name !== 'docker_gwbridge')) {
      await d
        .getNetwork(n.Id)
        .remove()
        .catch((e: unknown) => {
          const m = `host ${id}: network ${n.Name}: ${describeError(e)}`;
          if (swarmCreated && n.Scope === 'swarm') (swarmScoped[id] ??= []).push(m);
          else warn(m);
        });
    }
  }
  if (swarmCreated) {
    for (const id of ['B', 'A'] as const) {
      const d = engines[id];
      if (!d) continue;
      const s = await swarmOf(d).catch(() => undefined);
      const left =
        s !== undefined &&
        (s.LocalNodeState === 'inactive' ||
          (await d.swarmLeave({ force: true }).then(
            () => true,
            (e: unknown) => (warn(`host ${id}: swarm leave: ${describeError(e)}`), false),
          )));
      if (!left) for (const m of swarmScoped[id] ?? []) warn(m);
    }
  }
  for (const id of ['B', 'A'] as const) {
    const d = engines[id];
    const gw = d && (await networkExists(d, 'docker_gwbridge'));
    if (d && gw && gw.Labels?.[LABEL_LAB] === t.name) {
      await d
        .getNetwork('docker_gwbridge')
        .remove()
        .catch((e: unknown) => warn(`host ${id}: docker_gwbridge: ${describeError(e)}`));
    }
  }
}

/** How a client on host A reaches a server container on host B for this pair. */
export async function serverAddress(t: Topology, serverDriver: Driver, container: Docker.Container): Promise<string> {
  if (serverDriver === 'bridge' || serverDriver === 'host') return t.hosts.B.address;
  const info = await container.inspect();
  const ip = info.NetworkSettings.Networks[networkName(t.name, serverDriver)]?.IPAddress;
  if (!ip)
    throw new NetbenchError(
      'tool-failed',
      `server container has no address on ${networkName(t.name, serverDriver)}`,
      'Run `netbench doctor`.',
    );
  return ip;
}
