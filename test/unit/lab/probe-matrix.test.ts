import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/engine/host-facts.js';
import { engineRuntimeName, offeredRuntimes } from '../../../src/engine/host-facts.js';
import { matrixJobs, parseReach, reachScript, withSecondStart, type Attempt, type MatrixEntry } from '../../../src/lab/probe-matrix.js';

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

describe('withSecondStart', () => {
  const job = { host: 'B', runtime: 'runsc', driver: 'host' } as const;
  const entry = (status: MatrixEntry['status'], detail: string, seconds = 1): MatrixEntry => ({ ...job, status, detail, seconds });
  /** Attempts that answer in turn, counting how many were made. */
  const attempts = (...xs: Attempt[]) => {
    let n = 0;
    return { next: async () => xs[n++]!, made: () => n };
  };
  const noDevice = 'container (runsc-host, host) failed to start: OCI runtime start failed: starting sandbox: no such device';

  it('starts a container the runtime failed to start once more, and says what the first start met', async () => {
    const a = attempts(
      { entry: entry('failed', noDevice), startFailed: true },
      { entry: entry('ok', 'reached 10.77.0.1 over TCP', 2), startFailed: false },
    );
    expect(await withSecondStart(a.next)).toEqual(
      entry('ok', `reached 10.77.0.1 over TCP (a second start; the first failed: ${noDevice})`, 3),
    );
    expect(a.made()).toBe(2);
  });

  it('reports a second failure as failed, with both', async () => {
    const a = attempts({ entry: entry('failed', noDevice), startFailed: true }, { entry: entry('failed', 'again'), startFailed: true });
    expect(await withSecondStart(a.next)).toMatchObject({
      status: 'failed',
      detail: `again (a second start; the first failed: ${noDevice})`,
    });
    expect(a.made()).toBe(2);
  });

  it('does not try again a container that ran, a success, or a failure that was not the start', async () => {
    for (const first of [
      { entry: entry('ok', 'reached'), startFailed: false },
      { entry: entry('failed', 'container ran but could not reach 10.77.0.1:7946 over TCP'), startFailed: false },
      { entry: entry('failed', 'not created and started within 90 s'), startFailed: false },
    ]) {
      const a = attempts(first, { entry: entry('ok', 'never asked'), startFailed: false });
      expect(await withSecondStart(a.next)).toEqual(first.entry);
      expect(a.made()).toBe(1);
    }
  });
});
