// CPU cost parsing on real kernel output (test/fixtures/proc, test/fixtures/cgroup).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CPU_CLASSES,
  busySeconds,
  cpuDelta,
  cpuSecondsPerGb,
  parseCgroup2CpuStat,
  parseCpuacctUsage,
  parseProcStat,
} from '../../../src/machine/cpu-time.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');

describe('CPU cost from /proc/stat and cgroups', () => {
  it('reads the aggregate cpu line in seconds, and how many CPUs it sums', () => {
    const s = parseProcStat(fixture('proc/stat-before.txt'));
    expect(s.cpus).toBe(2);
    expect(s.total).toEqual({
      user: 3217.16,
      nice: 28.24,
      system: 1011.64,
      idle: 1717.21,
      iowait: 12.93,
      irq: 0,
      softirq: 62.76,
      steal: 0,
    });
  });

  it('two readings 5 s apart on 2 CPUs account for about 10 s of CPU time, split into work and idle', () => {
    const d = cpuDelta(parseProcStat(fixture('proc/stat-before.txt')).total, parseProcStat(fixture('proc/stat-after.txt')).total);
    const all = CPU_CLASSES.reduce((s, c) => s + d[c], 0);
    expect(all).toBeGreaterThan(9.9);
    expect(all).toBeLessThan(10.3);
    expect(busySeconds(d)).toBeCloseTo(d.user + d.system + d.softirq, 10);
    expect(busySeconds(d)).toBeCloseTo(4.82, 10);
  });

  it('refuses counters that went back, and text that is not /proc/stat', () => {
    const a = parseProcStat(fixture('proc/stat-before.txt')).total;
    const b = parseProcStat(fixture('proc/stat-after.txt')).total;
    expect(() => cpuDelta(b, a)).toThrow(/went back .*user.*restarted/);
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(/no aggregate "cpu" line/);
    expect(() => parseProcStat('cpu  1 2 x\n')).toThrow(/has not 8 counters/);
  });

  it("reads a cgroup's CPU time: v1 cpuacct.usage in ns, v2 cpu.stat's usage_usec", () => {
    expect(parseCpuacctUsage(fixture('cgroup/v1-cpuacct.usage'))).toBeCloseTo(4363.508718918, 9);
    expect(parseCgroup2CpuStat(fixture('cgroup/v2-cpu.stat'))).toBe(4331.572);
    expect(() => parseCpuacctUsage('max\n')).toThrow(/not a count of nanoseconds/);
    expect(() => parseCgroup2CpuStat('user_usec 1\n')).toThrow(/no usage_usec/);
  });

  it('gives seconds of CPU per GB received, and none when nothing was received', () => {
    expect(cpuSecondsPerGb(1.5, 3e9)).toBe(0.5);
    expect(cpuSecondsPerGb(1, 0)).toBeUndefined();
  });
});
