// The two hosts of an experiment, whatever made them: names, Docker endpoints, addresses, and the
// address plan of every network driver. Derived purely from the lab config.
import { join } from 'node:path';
import { hostAddress, subnet } from '../machine/ipv4.js';
import type { EmulatedLabConfig, LabConfig } from './lab-config.js';
import type { HostId } from '../model/hosts.js';

export interface HostSpec {
  id: HostId;
  /** Docker endpoint (unix://, ssh://, tcp://). */
  endpoint: string;
  /** Address the other host reaches this one at. */
  address: string;
  macvlanParent: string;
  macvlanRange: string;
  /** Fixed subnet for docker_gwbridge (swarm), when the toolkit chooses it. */
  gwbridgeSubnet?: string;
}

export interface Topology {
  name: string;
  mode: LabConfig['mode'];
  hosts: Record<HostId, HostSpec>;
  macvlan: { subnet: string; gateway: string };
  overlaySubnet: string;
  /** Swarm's own address pool (ingress etc.) when the toolkit chooses it. */
  swarmAddrPool?: string;
  /** Address ranges that must never fall through to the default route (blackholed). */
  guardedRanges: string[];
}

/** Everything about the emulated lab that is derived from its /16 and its name. */
export interface EmulatedPlan {
  netns: string;
  linkA: string;
  linkB: string;
  linkSubnet: string;
  bridgeA: { bip: string; pool: string };
  bridgeB: { bip: string; pool: string };
  socketB: string;
  /** host B's engine's data root (images, containers, its swarm state): kept across lab down */
  dataRootB: string;
}

export function emulatedPlan(c: EmulatedLabConfig): EmulatedPlan {
  return {
    netns: `${c.name}-hostB`,
    linkA: `${c.name}-vethA`,
    linkB: `${c.name}-vethB`,
    linkSubnet: subnet(c.labCidr, 24, 0),
    // docker0 / default address pools of each engine, inside the lab's /16 so they are guarded too.
    bridgeA: { bip: `${hostAddress(subnet(c.labCidr, 24, 16), 1)}/24`, pool: subnet(c.labCidr, 20, 2) },
    bridgeB: { bip: `${hostAddress(subnet(c.labCidr, 24, 17), 1)}/24`, pool: subnet(c.labCidr, 20, 3) },
    socketB: `${c.runDir}/${c.name}/hostB/docker.sock`,
    dataRootB: join(c.stateDir, c.name, 'hostB', 'docker'),
  };
}

export function topologyOf(c: LabConfig): Topology {
  if (c.mode === 'remote') {
    return {
      name: c.name,
      mode: 'remote',
      hosts: {
        A: { id: 'A', ...c.hosts.a },
        B: { id: 'B', ...c.hosts.b },
      },
      macvlan: c.macvlan,
      overlaySubnet: c.overlaySubnet,
      ...(c.swarmAddrPool ? { swarmAddrPool: c.swarmAddrPool } : {}),
      guardedRanges: [],
    };
  }
  const p = emulatedPlan(c);
  const link = p.linkSubnet;
  return {
    name: c.name,
    mode: 'emulated',
    hosts: {
      A: {
        id: 'A',
        endpoint: 'unix:///var/run/docker.sock',
        address: hostAddress(link, 1),
        macvlanParent: p.linkA,
        macvlanRange: subnet(link, 27, 2),
        gwbridgeSubnet: subnet(c.labCidr, 24, 4),
      },
      B: {
        id: 'B',
        endpoint: `unix://${p.socketB}`,
        address: hostAddress(link, 2),
        macvlanParent: p.linkB,
        macvlanRange: subnet(link, 27, 3),
        gwbridgeSubnet: subnet(c.labCidr, 24, 5),
      },
    },
    macvlan: { subnet: link, gateway: hostAddress(link, 1) },
    overlaySubnet: subnet(c.labCidr, 24, 8),
    swarmAddrPool: subnet(c.labCidr, 20, 4),
    guardedRanges: [c.labCidr],
  };
}
