// The Docker stats API's view of a container (one JSON object about every second from
// GET /containers/{id}/stats?stream=1), reduced the way `docker stats` reduces it: CPU % of one CPU
// (so 200 % is two CPUs busy) and memory in use without the page cache. Pure.
import { z } from 'zod';

const CpuStats = z.object({
  cpu_usage: z.object({ total_usage: z.number(), percpu_usage: z.array(z.number()).nullish() }),
  system_cpu_usage: z.number().optional(),
  online_cpus: z.number().optional(),
});

export const StatsJson = z.object({
  read: z.string(),
  cpu_stats: CpuStats,
  precpu_stats: CpuStats.partial({ cpu_usage: true }).passthrough(),
  memory_stats: z
    .object({
      usage: z.number().optional(),
      stats: z.record(z.string(), z.number()).optional(),
    })
    .passthrough(),
});

export interface StatsSample {
  /** The daemon's read time, ms since the epoch. */
  t: number;
  /** CPU use over the interval since the previous sample, % of one CPU; undefined for the first sample. */
  cpuPercent?: number;
  /** Memory in use minus inactive page cache (cgroup v1 total_inactive_file, v2 inactive_file). */
  memBytes?: number;
}

/** One stats object into a sample, computed the way the docker CLI does (cli/command/container/stats_helpers.go). */
export function statsSample(raw: unknown): StatsSample {
  const s = StatsJson.parse(raw);
  const t = Date.parse(s.read);
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  let cpuPercent: number | undefined;
  if (pre.cpu_usage && pre.system_cpu_usage !== undefined && cpu.system_cpu_usage !== undefined) {
    const cpuDelta = cpu.cpu_usage.total_usage - pre.cpu_usage.total_usage;
    const sysDelta = cpu.system_cpu_usage - pre.system_cpu_usage;
    const cpus = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 0;
    if (sysDelta > 0 && cpuDelta >= 0 && cpus > 0) cpuPercent = (cpuDelta / sysDelta) * cpus * 100;
  }
  const m = s.memory_stats;
  let memBytes: number | undefined;
  if (m.usage !== undefined) {
    const cache = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? 0;
    memBytes = cache < m.usage ? m.usage - cache : m.usage;
  }
  return { t, ...(cpuPercent !== undefined ? { cpuPercent } : {}), ...(memBytes !== undefined ? { memBytes } : {}) };
}

export interface ResourceUsage {
  samples: number;
  cpuMeanPercent: number;
  cpuMaxPercent: number;
  memMeanBytes: number;
  memMaxBytes: number;
}

/** Mean and max over the samples that have both values; undefined when none has (nothing was measured). */
export function resourceUsageOf(samples: readonly StatsSample[]): ResourceUsage | undefined {
  const usable = samples.filter((s) => s.cpuPercent !== undefined && s.memBytes !== undefined && s.memBytes > 0);
  if (!usable.length) return undefined;
  const cpu = usable.map((s) => s.cpuPercent!);
  const mem = usable.map((s) => s.memBytes!);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    samples: usable.length,
    cpuMeanPercent: mean(cpu),
    cpuMaxPercent: Math.max(...cpu),
    memMeanBytes: mean(mem),
    memMaxBytes: Math.max(...mem),
  };
}

/** The time series as CSV for artifacts/ (seconds from the first sample). */
export function statsCsv(samples: readonly StatsSample[]): string {
  const t0 = samples[0]?.t ?? 0;
  return (
    't_s,cpu_percent,mem_bytes\n' +
    samples.map((s) => `${((s.t - t0) / 1000).toFixed(3)},${s.cpuPercent?.toFixed(3) ?? ''},${s.memBytes ?? ''}\n`).join('')
  );
}
