// What a run costs in CPU, from the texts the kernel gives: the whole machine's CPU time by class
// (/proc/stat), a container's CPU time (cgroup v1 `cpuacct.usage`, cgroup v2 `cpu.stat`), and the
// seconds of CPU per gigabyte received that they make (netperf's "service demand", per GB). Pure:
// texts and numbers in, records out, but for readProcStat, which reads this machine's.
import { readFile } from 'node:fs/promises';
import { NetbenchError } from '../base/errors.js';

const unreadable = (file: string, what: string): NetbenchError =>
  new NetbenchError('bad-data', `${file}: ${what}`, 'The kernel wrote this file: is it a Linux /proc and cgroup file system?');

/** The classes of /proc/stat's `cpu` line the cost keeps apart, in the kernel's order (guest time is inside user). */
export const CPU_CLASSES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuClass = (typeof CPU_CLASSES)[number];
/** Seconds of CPU time per class, summed over the machine's CPUs. */
export type CpuTimes = Record<CpuClass, number>;

/** The classes that are not work: a CPU with nothing to run, or waiting for a disk. */
const IDLE_CLASSES: ReadonlySet<CpuClass> = new Set(['idle', 'iowait']);

/** The kernel's USER_HZ: the tick /proc/stat counts in (`getconf CLK_TCK`; 100 on every Linux build Docker runs on). */
export const USER_HZ = 100;

export interface ProcStat {
  /** The `cpu` line: every CPU together. */
  total: CpuTimes;
  /** How many `cpuN` lines follow it. */
  cpus: number;
}

/** /proc/stat's aggregate `cpu` line in seconds, and the number of CPUs it sums. */
export function parseProcStat(text: string, ticksPerSecond = USER_HZ): ProcStat {
  const lines = text.split('\n');
  const total = lines.find((l) => /^cpu\s/.test(l));
  if (!total) throw unreadable('/proc/stat', `no aggregate "cpu" line in: ${text.trim().slice(0, 120) || '(empty)'}`);
  const fields = total.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < CPU_CLASSES.length || fields.slice(0, CPU_CLASSES.length).some((x) => !Number.isFinite(x) || x < 0))
    throw unreadable('/proc/stat', `the "cpu" line has not ${CPU_CLASSES.length} counters: ${total}`);
  return {
    total: cpuTimesOf((c) => fields[CPU_CLASSES.indexOf(c)]! / ticksPerSecond),
    cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length,
  };
}

/** A value per class, from a function of the class. Pure. */
export const cpuTimesOf = (f: (c: CpuClass) => number): CpuTimes => ({
  user: f('user'),
  nice: f('nice'),
  system: f('system'),
  idle: f('idle'),
  iowait: f('iowait'),
  irq: f('irq'),
  softirq: f('softirq'),
  steal: f('steal'),
});

/** The CPU time spent between two readings, per class; a counter that went back (another boot) is an error. */
export function cpuDelta(before: CpuTimes, after: CpuTimes): CpuTimes {
  const d = cpuTimesOf((c) => after[c] - before[c]);
  const back = CPU_CLASSES.filter((c) => d[c] < 0);
  if (back.length)
    throw unreadable('/proc/stat', `counters went back between two readings (${back.join(', ')}): was the machine restarted?`);
  return d;
}

/** Seconds of work in a delta: every class but idle and iowait. */
export const busySeconds = (d: CpuTimes): number => CPU_CLASSES.filter((c) => !IDLE_CLASSES.has(c)).reduce((s, c) => s + d[c], 0);

/** The share (0 to 1) of a delta's CPU time that was work; 0 for an empty delta. */
export function busyShare(d: CpuTimes): number {
  const all = CPU_CLASSES.reduce((s, c) => s + d[c], 0);
  return all > 0 ? busySeconds(d) / all : 0;
}

/** A cgroup v1 `cpuacct.usage` file (nanoseconds of CPU) in seconds. */
export function parseCpuacctUsage(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw unreadable('cpuacct.usage', `not a count of nanoseconds: ${t.slice(0, 80) || '(empty)'}`);
  return Number(t) / 1e9;
}

/** A cgroup v2 `cpu.stat` file's `usage_usec` in seconds. */
export function parseCgroup2CpuStat(text: string): number {
  const m = /^usage_usec (\d+)$/m.exec(text);
  if (!m) throw unreadable('cpu.stat', `no usage_usec line in: ${text.trim().slice(0, 120) || '(empty)'}`);
  return Number(m[1]) / 1e6;
}

/** Seconds of CPU per gigabyte (1e9 bytes) received; undefined when nothing was received. */
export const cpuSecondsPerGb = (cpuSeconds: number, bytes: number): number | undefined =>
  bytes > 0 ? cpuSeconds / (bytes / 1e9) : undefined;

/** This machine's /proc/stat (in the emulated lab, both hosts' kernel). */
export const readProcStat = async (): Promise<ProcStat> => parseProcStat(await readFile('/proc/stat', 'utf8'));
