import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/engine/host-facts.js';
import { engineRuntimeName, offeredRuntimes } from '../../../src/engine/host-facts.js';
import { matrixJobs, parseReach, reachScript } from '../../../src/lab/probe-matrix.js';

const facts = (runtimes: string[]): HostFacts => ({
  id: 'A',
  endpoint: 'unix:///x',
  engineVersion: '20.10.24',
  apiVersion: '1.41',
  kernel: '6.18',
  os: 'Debian',
  cpus: 2,
  memoryBytes: 1,
  cgroupVersion: '1',
  storageDriver: 'overlay2',
  runtimes,
  defaultRuntime: 'runc',
  swarm: 'active',
});

describe('runtime x driver matrix', () => {
  it('offers runsc once although the engine lists its host variant too', () => {
    expect(offeredRuntimes(facts(['crun', 'runc', 'runsc', 'runsc-host']))).toEqual(['crun', 'runc', 'runsc']);
  });
  it('uses the engine name for each driver', () => {
    const f = facts(['runc', 'runsc', 'runsc-host', 'io.containerd.kata.v2']);
    expect(engineRuntimeName(f, 'runsc', 'host')).toBe('runsc-host');
    expect(engineRuntimeName(f, 'runsc', 'bridge')).toBe('runsc');
    expect(engineRuntimeName(f, 'kata', 'bridge')).toBe('io.containerd.kata.v2');
    expect(engineRuntimeName(facts(['runc', 'runsc']), 'runsc', 'host')).toBeUndefined();
    expect(engineRuntimeName(f, 'crun', 'bridge')).toBeUndefined();
  });
  it('plans one job per host, runtime and driver', () => {
    const jobs = matrixJobs({ A: facts(['runc', 'runsc', 'runsc-host']), B: facts(['runc']) });
    expect(jobs).toHaveLength(2 * 4 + 4);
  });
  it('counts a refused TCP connection as reaching the peer', () => {
    expect(reachScript('10.77.0.2')).toContain('/dev/tcp/10.77.0.2/7946');
    expect(reachScript('10.77.0.2')).toContain('Connection refused');
    expect(parseReach('icmp=fail\ntcp=ok\n')).toEqual({ icmp: false, tcp: true });
    expect(parseReach('icmp=ok\ntcp=fail No route to host\n')).toEqual({ icmp: true, tcp: false });
  });
});
