// A running container's CPU time so far, from the engine's one-shot stats: local or remote, cgroup
// v1 or v2, whatever the engine reads (cpu_stats.cpu_usage.total_usage, ns). For gVisor, the
// runtime's shim reports the sandbox's cgroup.
import type Docker from 'dockerode';
import { z } from 'zod';
import { emptyStatsReason } from './stats-check.js';

/** The CPU time a container's cgroup has used so far; a reason when the engine measured nothing. */
export type ContainerCpu = { seconds: number } | { unsupported: string };

const CpuUsage = z.object({ cpu_stats: z.object({ cpu_usage: z.object({ total_usage: z.number() }) }) });

/** A container's CPU time from one stats object; one that measured nothing (an engine without the cgroup's mount answers with zeros) gives its reason, never 0. Pure. */
export function containerCpuOf(raw: unknown): ContainerCpu {
  const empty = emptyStatsReason(raw);
  if (empty) return { unsupported: `the engine's stats measured nothing for the container: ${empty}` };
  return { seconds: CpuUsage.parse(raw).cpu_stats.cpu_usage.total_usage / 1e9 };
}

export const containerCpu = async (c: Docker.Container): Promise<ContainerCpu> =>
  containerCpuOf(await c.stats({ stream: false, 'one-shot': true }));
