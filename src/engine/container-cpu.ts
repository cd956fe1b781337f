// A running container's CPU time so far, from the engine's one-shot stats: local or remote, cgroup
// v1 or v2, whatever the engine reads (cpu_stats.cpu_usage.total_usage, ns), with the engine's own
// read time. For gVisor, the runtime's shim reports the sandbox's cgroup.
import type Docker from 'dockerode';
import { z } from 'zod';
import { emptyStatsReason } from './stats-check.js';
import { cgroupCpuFileOf, readCgroupCpu } from '../machine/cgroup-cpu.js';

/**
 * The CPU time a container's cgroup has used so far and when the engine read it (ms since the
 * epoch, on the engine's clock, to the microsecond); a reason when the engine measured nothing.
 */
export type ContainerCpu = { seconds: number; readAtMs: number } | { unsupported: string };

const CpuUsage = z.object({ read: z.string(), cpu_stats: z.object({ cpu_usage: z.object({ total_usage: z.number() }) }) });

/** An RFC 3339 time with up to nanoseconds (Go's) in ms since the epoch, keeping the sub-millisecond digits. Pure. */
export function preciseTimeMs(text: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const whole = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || !Number.isFinite(whole)) return NaN;
  return whole + Number(`0.${m[2] ?? '0'}`) * 1000;
}

/** A container's CPU time from one stats object; one that measured nothing (an engine without the cgroup's mount answers with zeros) gives its reason, never 0. Pure. */
export function containerCpuOf(raw: unknown): ContainerCpu {
  const empty = emptyStatsReason(raw);
  if (empty) return { unsupported: `the engine's stats measured nothing for the container: ${empty}` };
  const s = CpuUsage.parse(raw);
  return { seconds: s.cpu_stats.cpu_usage.total_usage / 1e9, readAtMs: preciseTimeMs(s.read) };
}

export const containerCpu = async (c: Docker.Container): Promise<ContainerCpu> =>
  containerCpuOf(await c.stats({ stream: false, 'one-shot': true }));

/** Reads a container's CPU time so far, each time it is called. */
export type ContainerCpuReader = () => Promise<ContainerCpu>;

/**
 * A reader of a running container's CPU time. On this machine's engine: its cgroup's file, found
 * once from its first process, read at the instant asked (this machine's clock). On a remote
 * engine: its one-shot stats, which wait for the engine's next sample (up to about 1 s; the
 * engine's read time says when it was).
 */
export async function containerCpuReader(c: Docker.Container, local: boolean): Promise<ContainerCpuReader> {
  if (!local) return () => containerCpu(c);
  const pid = (await c.inspect()).State.Pid;
  const f = pid > 0 ? await cgroupCpuFileOf(pid) : { unsupported: `the container has no running process (pid ${pid})` };
  if ('unsupported' in f) return () => Promise.resolve({ unsupported: f.unsupported });
  return async () => {
    const readAtMs = performance.timeOrigin + performance.now();
    return { seconds: await readCgroupCpu(f), readAtMs };
  };
}
