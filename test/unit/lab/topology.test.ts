import { describe, expect, it } from 'vitest';
import { contains, overlaps } from '../../../src/machine/ipv4.js';
import { staleLabSwarm } from '../../../src/lab/networks.js';
import { emulatedPlan, topologyOf } from '../../../src/lab/topology.js';
import { EmulatedLabSchema } from '../../../src/lab/lab-config.js';

const cfg = EmulatedLabSchema.parse({ mode: 'emulated', name: 'nb', labCidr: '10.77.0.0/16' });

describe('emulated topology', () => {
  const t = topologyOf(cfg);
  const p = emulatedPlan(cfg);
  it('puts every address the lab uses inside the guarded /16', () => {
    const ranges = [
      t.hosts.A.address,
      t.hosts.B.address,
      t.hosts.A.macvlanRange,
      t.hosts.B.macvlanRange,
      t.hosts.A.gwbridgeSubnet!,
      t.hosts.B.gwbridgeSubnet!,
      t.overlaySubnet,
      t.swarmAddrPool!,
      t.macvlan.subnet,
      p.bridgeA.bip.replace(/\.1\/24$/, '.0/24'),
      p.bridgeB.bip.replace(/\.1\/24$/, '.0/24'),
      p.bridgeA.pool,
      p.bridgeB.pool,
    ];
    for (const r of ranges) expect(contains('10.77.0.0/16', r), r).toBe(true);
    expect(t.guardedRanges).toEqual(['10.77.0.0/16']);
  });
  it('keeps the ranges of different purposes apart', () => {
    const separate = [
      t.macvlan.subnet,
      t.overlaySubnet,
      t.hosts.A.gwbridgeSubnet!,
      t.hosts.B.gwbridgeSubnet!,
      p.bridgeA.pool,
      p.bridgeB.pool,
      t.swarmAddrPool!,
    ];
    for (const [i, a] of separate.entries()) for (const b of separate.slice(i + 1)) expect(overlaps(a, b), `${a} vs ${b}`).toBe(false);
    expect(overlaps(t.hosts.A.macvlanRange, t.hosts.B.macvlanRange)).toBe(false);
    expect(contains(t.macvlan.subnet, t.hosts.A.macvlanRange) && contains(t.macvlan.subnet, t.hosts.B.macvlanRange)).toBe(true);
  });
  it('names interfaces within the kernel limit of 15 characters', () => {
    const long = topologyOf(EmulatedLabSchema.parse({ mode: 'emulated', name: 'abcdef' }));
    expect(long.hosts.A.macvlanParent.length).toBeLessThanOrEqual(15);
    expect(p.linkA).toBe('nb-vethA');
    expect(p.netns).toBe('nb-hostB');
    expect(t.hosts.B.endpoint).toBe('unix:///run/netbench/nb/hostB/docker.sock');
  });
});

describe('a swarm left by an earlier lab', () => {
  const t = topologyOf(cfg);
  it('is recognised by the lab address of A, in the emulated lab only', () => {
    expect(t.hosts.A.address).toBe('10.77.0.1');
    expect(staleLabSwarm(t, { LocalNodeState: 'active', NodeAddr: '10.77.0.1' })).toBe(true);
    expect(staleLabSwarm(t, { LocalNodeState: 'active', NodeAddr: '192.0.2.2' })).toBe(false);
    expect(staleLabSwarm(t, { LocalNodeState: 'inactive', NodeAddr: '' })).toBe(false);
    expect(staleLabSwarm({ ...t, mode: 'remote' }, { LocalNodeState: 'active', NodeAddr: '10.77.0.1' })).toBe(false);
  });
});
