// A run's CPU cost from its readings, on real counters: two /proc/stat readings 5 s apart
// (test/fixtures/proc) and two one-shot stats objects of a container running stress-ng at 30 %
// about 1 s apart (test/fixtures/docker-stats).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costOfRun, idleCpuOf, type CpuReading, type IdleCpu } from '../../../src/campaign/cpu-cost.js';
import { intervalReadings, readingTimes } from '../../../src/campaign/cpu-readings.js';
import { containerCpuOf } from '../../../src/engine/container-cpu.js';
import { parseProcStat } from '../../../src/machine/cpu-time.js';
import { COST_METRICS } from '../../../src/model/metrics.js';
import { runtimeInfo } from '../../../src/model/runtimes.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const procStat = (f: string) => parseProcStat(fixture(`proc/${f}`)).total;
const stats = (f: string) =>
  fixture(`docker-stats/${f}`)
    .split('\n')
    .slice(0, -1) // the last object is cut off where the capture stopped (README.md)
    .map((l): unknown => JSON.parse(l));

const [server0, server1] = stats('runc-stress-ng-30pct.jsonl').map(containerCpuOf);
const [client0, client1] = stats('runsc-stress-ng-30pct.jsonl').map(containerCpuOf);
const start: CpuReading = { atMs: 1000, machine: procStat('stat-before.txt'), server: server0!, client: client0! };
const end: CpuReading = { atMs: 6000, machine: procStat('stat-after.txt'), server: server1!, client: client1! };
/** An idle machine: 0.02 CPUs of user time, nothing else. */
const idle: IdleCpu = { seconds: 3, cores: { user: 0.02, nice: 0, system: 0, idle: 1.98, iowait: 0, irq: 0, softirq: 0, steal: 0 } };
const TEN_GBIT = 1.25e9; // bytes/s

const value = (r: ReturnType<typeof costOfRun>, m: string) => r.samples.find((s) => s.metric === m)?.value;

describe("a run's CPU cost", () => {
  it('is the busy CPUs net of the idle baseline per GB/s received, per class and per container', () => {
    const r = costOfRun(start, end, TEN_GBIT, idle);
    // /proc/stat: 3.5 user + 1.25 system + 0.07 softirq = 4.82 s over 5 s: 0.964 CPUs, 0.944 net
    expect(value(r, 'cpu_cores')).toBeCloseTo(0.944, 9);
    expect(value(r, 'cpu_s_per_gb')).toBeCloseTo(0.944 / 1.25, 9);
    expect(value(r, 'cpu_user_s_per_gb')).toBeCloseTo((0.7 - 0.02) / 1.25, 9);
    expect(value(r, 'cpu_system_s_per_gb')).toBeCloseTo(0.25 / 1.25, 9);
    expect(value(r, 'cpu_softirq_s_per_gb')).toBeCloseTo(0.014 / 1.25, 9);
    expect(value(r, 'cpu_irq_s_per_gb')).toBe(0);
    // the containers: usage over the engine's own read times (stress-ng at 30 %: about 0.28 and 0.24)
    const server = (712650801 - 434157838) / 1e9 / 1.004015001;
    const client = (898611884 - 655318034) / 1e9 / 1.003737761;
    expect(value(r, 'server_cpu_cores')).toBeCloseTo(server, 6);
    expect(value(r, 'client_cpu_cores')).toBeCloseTo(client, 6);
    expect(value(r, 'server_cpu_s_per_gb')).toBeCloseTo(server / 1.25, 6);
    expect(value(r, 'host_cpu_s_per_gb')).toBeCloseTo((0.944 - server - client) / 1.25, 6);
    expect(r.samples.map((s) => s.metric).sort()).toEqual([...COST_METRICS].sort());
    expect(r.samples.every((s) => s.unit === (s.metric.endsWith('_cores') ? 'cores' : 's/GB'))).toBe(true);
  });

  it("takes the idle baseline from two readings: each class's CPUs busy", () => {
    const b = idleCpuOf(procStat('stat-before.txt'), procStat('stat-after.txt'), 5);
    expect(b).toMatchObject({ seconds: 5 });
    expect('cores' in b && b.cores.user).toBeCloseTo(0.7, 9);
    expect('cores' in b && b.cores.idle).toBeCloseTo(1.032, 9);
  });

  it("is unsupported, with the reason, where the machine's CPU cannot be read, and so is the share outside the containers", () => {
    const remote = 'remote hosts';
    const r = costOfRun({ ...start, machine: { unsupported: remote } }, { ...end, machine: { unsupported: remote } }, TEN_GBIT, {
      unsupported: remote,
    });
    // the machine's metrics (cpu_*) and the share outside the containers, which needs them
    expect(Object.keys(r.unsupported).sort()).toEqual([...COST_METRICS.filter((m) => m.startsWith('cpu_')), 'host_cpu_s_per_gb'].sort());
    expect(Object.keys(r.unsupported)).toHaveLength(8);
    expect(Object.values(r.unsupported).every((why) => why === remote)).toBe(true);
    expect(value(r, 'server_cpu_s_per_gb')).toBeGreaterThan(0);
    expect(r.missing).toEqual({});
  });

  it("is unsupported for a container whose runtime spends CPU outside its cgroup (Kata's VM)", () => {
    const kata = runtimeInfo('kata')!.cgroupMissesCpu!;
    const r = costOfRun(start, end, TEN_GBIT, idle, { server: kata });
    expect(r.unsupported).toEqual({ server_cpu_cores: kata, server_cpu_s_per_gb: kata, host_cpu_s_per_gb: kata });
    expect(value(r, 'client_cpu_s_per_gb')).toBeGreaterThan(0);
    expect(runtimeInfo('runsc')!.cgroupMissesCpu).toBeUndefined();
  });

  it('is failed, with the reason, when a reading failed or nothing was received', () => {
    const gone = { failed: "the client container's stats: no such container" };
    const r = costOfRun(start, { ...end, client: gone }, TEN_GBIT, idle);
    expect(r.missing).toEqual({
      client_cpu_cores: gone.failed,
      client_cpu_s_per_gb: gone.failed,
      host_cpu_s_per_gb: 'it needs client_cpu_s_per_gb, which this run did not give',
    });
    const none = costOfRun(start, end, 0, idle);
    expect(value(none, 'cpu_cores')).toBeCloseTo(0.944, 9);
    expect(none.samples.some((s) => s.metric.endsWith('_per_gb'))).toBe(false);
    expect(Object.keys(none.missing)).toHaveLength(9);
    expect(none.missing.cpu_s_per_gb).toMatch(/received nothing/);
    const backwards = costOfRun(end, start, TEN_GBIT, idle);
    expect(backwards.missing.cpu_cores).toMatch(/-5 s apart/);
  });
});

describe('when the counters are read across a run', () => {
  it('reads at both ends of the measured interval, moved inside it, and about every second between', () => {
    const t = readingTimes({ fromS: 2, toS: 12 }); // iperf3 -O 2 -t 10
    expect(t[0]).toBeCloseTo(2.2, 9);
    expect(t.at(-1)).toBeCloseTo(11.8, 9);
    expect(t.length).toBe(11);
    expect(t.slice(1).every((x, i) => x > t[i]!)).toBe(true);
    // a 1-second run (the demo's): 0.05 s in from each end, 0.25 s (the shortest step) between readings
    expect(readingTimes({ fromS: 0, toS: 1 })).toEqual([0.05, 0.3, 0.55, 0.8, 0.95].map((x) => expect.closeTo(x, 9)));
  });

  it('ends the interval at the last whole reading, so a client that stops short still has one', () => {
    const gone = { failed: "the client container's CPU: ENOENT" };
    const mid: CpuReading = { ...end, atMs: 4000 };
    expect(intervalReadings([start, mid, { ...end, client: gone }], { fromS: 0, toS: 3 })).toEqual({ start, end: mid });
    expect(intervalReadings([start], { fromS: 0, toS: 3 })).toEqual({
      failed: expect.stringMatching(/before a second whole reading.*0 to 3 s/),
    });
    expect(intervalReadings([], { fromS: 2, toS: 12 })).toEqual({ failed: expect.stringMatching(/before the first reading/) });
  });
});
