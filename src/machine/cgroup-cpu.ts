// A process's cgroup CPU time read straight from the kernel, at the instant it is asked: which
// file holds it (cgroup v1 `cpuacct.usage`, or v2 `cpu.stat` where there is no v1 cpuacct), found
// from /proc/<pid>/cgroup and /proc/mounts (pure), and the reading itself (a side effect). A local
// engine's container is read so; a remote one's through its engine's stats.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCgroup2CpuStat, parseCpuacctUsage } from './cpu-time.js';

/** Where a cgroup's CPU time is, and which of the two formats it is in. */
export type CgroupCpuFile = { file: string; format: 'cpuacct.usage' | 'cpu.stat' } | { unsupported: string };

/** Mount points of the cgroup file systems in /proc/mounts: each v1 hierarchy's by its controllers, and v2's. */
function cgroupMounts(mounts: string): { v1: Array<{ at: string; controllers: string[] }>; v2?: string } {
  const v1: Array<{ at: string; controllers: string[] }> = [];
  let v2: string | undefined;
  for (const line of mounts.split('\n')) {
    const [, at, type, options] = line.split(' ');
    if (!at || !options) continue;
    if (type === 'cgroup2') v2 ??= at;
    if (type === 'cgroup') v1.push({ at, controllers: options.split(',') });
  }
  return { v1, ...(v2 ? { v2 } : {}) };
}

/**
 * The file that holds the CPU time of the cgroup a process is in, from its /proc/<pid>/cgroup and
 * the machine's /proc/mounts: the v1 cpuacct hierarchy's `cpuacct.usage` when it has one (Docker
 * with cgroup v1 puts containers there, whatever the unified hierarchy beside it says), else the
 * v2 cgroup's `cpu.stat`. Pure.
 */
export function cgroupCpuFile(procCgroup: string, mounts: string): CgroupCpuFile {
  const m = cgroupMounts(mounts);
  const lines = procCgroup
    .split('\n')
    .map((l) => /^(\d+):([^:]*):(.*)$/.exec(l.trim()))
    .filter((x) => x !== null);
  const v1 = lines.find((l) => l[2]!.split(',').includes('cpuacct'));
  if (v1) {
    const mount = m.v1.find((h) => h.controllers.includes('cpuacct'));
    if (!mount) return { unsupported: 'the cpuacct cgroup hierarchy is not mounted here (/proc/mounts)' };
    return { file: join(mount.at, v1[3]!, 'cpuacct.usage'), format: 'cpuacct.usage' };
  }
  const v2 = lines.find((l) => l[1] === '0' && l[2] === '');
  if (v2 && m.v2) return { file: join(m.v2, v2[3]!, 'cpu.stat'), format: 'cpu.stat' };
  return { unsupported: `no cpuacct (v1) or unified (v2) cgroup in /proc/<pid>/cgroup: ${procCgroup.trim().slice(0, 120) || '(empty)'}` };
}

/** Seconds of CPU in a cgroup CPU file's text. Pure. */
export const cgroupCpuSeconds = (text: string, format: 'cpuacct.usage' | 'cpu.stat'): number =>
  format === 'cpuacct.usage' ? parseCpuacctUsage(text) : parseCgroup2CpuStat(text);

/** The CPU file of the cgroup process `pid` is in, on this machine. */
export async function cgroupCpuFileOf(pid: number): Promise<CgroupCpuFile> {
  const [cgroup, mounts] = await Promise.all([readFile(`/proc/${pid}/cgroup`, 'utf8'), readFile('/proc/mounts', 'utf8')]);
  return cgroupCpuFile(cgroup, mounts);
}

/** A cgroup's CPU seconds now. */
export const readCgroupCpu = async (f: { file: string; format: 'cpuacct.usage' | 'cpu.stat' }): Promise<number> =>
  cgroupCpuSeconds(await readFile(f.file, 'utf8'), f.format);
