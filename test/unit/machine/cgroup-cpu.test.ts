// Which file holds a container's CPU time, from real /proc/<pid>/cgroup and /proc/mounts
// (test/fixtures/cgroup), and what it says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupCpuFile, cgroupCpuSeconds } from '../../../src/machine/cgroup-cpu.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/cgroup/${f}`, import.meta.url), 'utf8');
const mounts = fixture('proc-mounts-hybrid.txt');

describe("a container's cgroup CPU file", () => {
  it("is the v1 cpuacct hierarchy's cpuacct.usage under Docker with cgroup v1, for runc and for gVisor's Sentry", () => {
    expect(cgroupCpuFile(fixture('proc-pid-cgroup-runc.txt'), mounts)).toEqual({
      file: '/sys/fs/cgroup/cpuacct/docker/c7c2fdf6a569f3c73969e75a2663efbb5f0242e2ac5a8675ec8537bc7abc817c/cpuacct.usage',
      format: 'cpuacct.usage',
    });
    expect(cgroupCpuFile(fixture('proc-pid-cgroup-runsc.txt'), mounts)).toMatchObject({
      file: expect.stringMatching(/^\/sys\/fs\/cgroup\/cpuacct\/docker\/c71e1cea[0-9a-f]+\/cpuacct\.usage$/),
    });
  });

  it("is the unified cgroup's cpu.stat where no v1 hierarchy has cpuacct (the kernel's cgroup v2 format)", () => {
    // the format of Documentation/admin-guide/cgroup-v2.rst: one "0::<path>" line, cgroup2 mounted once
    const v2mounts = 'cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n';
    expect(cgroupCpuFile('0::/system.slice/docker-abc.scope\n', v2mounts)).toEqual({
      file: '/sys/fs/cgroup/system.slice/docker-abc.scope/cpu.stat',
      format: 'cpu.stat',
    });
  });

  it('says why when there is none', () => {
    const runc = fixture('proc-pid-cgroup-runc.txt');
    expect(cgroupCpuFile(runc, 'proc /proc proc rw 0 0\n')).toEqual({
      unsupported: expect.stringMatching(/cpuacct cgroup hierarchy is not mounted/),
    });
    expect(cgroupCpuFile('', mounts)).toEqual({ unsupported: expect.stringMatching(/no cpuacct \(v1\) or unified \(v2\) cgroup/) });
  });

  it('reads either format in seconds', () => {
    expect(cgroupCpuSeconds(fixture('v1-cpuacct.usage'), 'cpuacct.usage')).toBeCloseTo(4363.508718918, 9);
    expect(cgroupCpuSeconds(fixture('v2-cpu.stat'), 'cpu.stat')).toBe(4331.572);
  });
});
