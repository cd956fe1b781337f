import { describe, expect, it } from 'vitest';
import { busySeconds, busyShare, cpuDelta, parseProcStat } from '../../../src/machine/cpu-time.js';
import { formatLoad, parseLoadavg } from '../../../src/machine/host-load.js';

const total = (text: string) => parseProcStat(text).total;
const all = (text: string) => Object.values(total(text)).reduce((a, b) => a + b, 0);

// Two /proc/stat samples of this 2-CPU VM, one second apart, recorded while one `yes > /dev/null` ran.
// (their first two lines: all CPUs, then cpu0, which `yes` kept busy)
const BEFORE = 'cpu  555436 3901 321382 3555300 5009 0 44882 0 0 0\ncpu0 269800 2121 156224 1792455 849 0 21559 0 0 0\n';
const AFTER = 'cpu  555481 3901 321442 3555398 5009 0 44884 0 0 0\ncpu0 269843 2121 156282 1792455 849 0 21559 0 0 0\n';

describe('host load', () => {
  it('reads /proc/loadavg', () => {
    expect(parseLoadavg('1.73 0.92 0.41 3/412 12345\n')).toEqual([1.73, 0.92, 0.41]);
    expect(formatLoad([1.734, 0, 10])).toBe('1.73 0.00 10.00');
    expect(formatLoad(undefined)).toBe('unknown');
    expect(() => parseLoadavg('garbage')).toThrow(/not a \/proc\/loadavg line/);
  });

  it("reads the CPUs' busy and total time from /proc/stat's cpu line, not a single CPU's", () => {
    // busy = user + nice + system + irq + softirq + steal; idle and iowait are not busy
    // (in seconds: the kernel's 100 ticks a second)
    expect(busySeconds(total(BEFORE))).toBeCloseTo((555436 + 3901 + 321382 + 44882) / 100, 6);
    expect(all(BEFORE)).toBeCloseTo((555436 + 3901 + 321382 + 3555300 + 5009 + 44882) / 100, 6);
    expect(() => parseProcStat('cpu0 1 2 3 4\n')).toThrow(/no aggregate "cpu" line/);
  });

  it('gives the busy share between two samples: one CPU of two busy is a half', () => {
    // 45 + 60 + 2 busy jiffies and 98 idle ones
    expect(busyShare(cpuDelta(total(BEFORE), total(AFTER)))).toBeCloseTo(107 / 205, 9);
    expect(busyShare(cpuDelta(total(BEFORE), total(BEFORE)))).toBe(0);
  });
});
