// What a probe run costs in CPU over its measured interval, from two readings (at its start and its
// end): the whole machine's CPU by class net of the session's idle baseline, each container's
// cgroup, and all of it per gigabyte received (netperf's service demand). Pure: readings in, the
// run's cost samples out, with the reason for each metric it cannot give (never 0).
import { busySeconds, cpuDelta, cpuTimesOf, type CpuClass, type CpuTimes } from '../machine/cpu-time.js';
import type { ContainerCpu } from '../engine/container-cpu.js';
import { COST_METRICS, METRICS, type CostMetric } from '../model/metrics.js';
import type { End } from '../model/hosts.js';
import type { ParsedProbe, Sample } from '../probes/probe.js';

/** A reading that could not be taken: the engine or file answered with an error. */
export type Failed = { failed: string };

/** The CPU counters at one instant of a run. */
export interface CpuReading {
  /** When /proc/stat was read, in ms on this machine's monotonic clock. */
  atMs: number;
  /** The machine's CPU time by class (/proc/stat), or why it is not read. */
  machine: CpuTimes | { unsupported: string } | Failed;
  server: ContainerCpu | Failed;
  client: ContainerCpu | Failed;
}

/** The machine's CPU in use when no run is: CPUs busy per class, measured once per session. */
export type IdleCpu = { seconds: number; cores: CpuTimes } | { unsupported: string };

/** The idle baseline from two /proc/stat readings `seconds` apart: CPUs busy per class. Pure. */
export function idleCpuOf(before: CpuTimes, after: CpuTimes, seconds: number): IdleCpu {
  const d = cpuDelta(before, after);
  return { seconds, cores: perSecond(d, seconds) };
}

const perSecond = (d: CpuTimes, seconds: number): CpuTimes => cpuTimesOf((c) => d[c] / seconds);

/** What the cost metrics of one run are: values, and reasons for those without one. */
export interface CostOfRun {
  samples: Sample[];
  /** Metrics the run should have given and did not (a reading failed): `failed` rows. */
  missing: Partial<Record<CostMetric, string>>;
  /** Metrics this setup cannot measure (remote hosts, a runtime outside its cgroup): `unsupported` rows. */
  unsupported: Partial<Record<CostMetric, string>>;
}

/** Every cost metric `unsupported` for one reason (sampling turned off, say). Pure. */
export const unsupportedCost = (reason: string): CostOfRun => ({
  samples: [],
  missing: {},
  unsupported: Object.fromEntries(COST_METRICS.map((m) => [m, reason])),
});

/** The whole machine's metrics (/proc/stat): the catalogue's `cpu_*` cost metrics. */
const MACHINE_METRICS: readonly CostMetric[] = COST_METRICS.filter((m) => m.startsWith('cpu_'));
/** The classes each per-class metric sums (nice is user time at another priority). */
const CLASS_METRICS: ReadonlyArray<[CostMetric, readonly CpuClass[]]> = [
  ['cpu_user_s_per_gb', ['user', 'nice']],
  ['cpu_system_s_per_gb', ['system']],
  ['cpu_softirq_s_per_gb', ['softirq']],
  ['cpu_irq_s_per_gb', ['irq']],
  ['cpu_steal_s_per_gb', ['steal']],
];
const SIDE_METRICS: Record<End, { cores: CostMetric; perGb: CostMetric }> = {
  server: { cores: 'server_cpu_cores', perGb: 'server_cpu_s_per_gb' },
  client: { cores: 'client_cpu_cores', perGb: 'client_cpu_s_per_gb' },
};

/** Why a reading is not a value: [kind, reason]; undefined when it is one. */
function notRead(r: object): ['failed' | 'unsupported', string] | undefined {
  if ('failed' in r && typeof r.failed === 'string') return ['failed', r.failed];
  if ('unsupported' in r && typeof r.unsupported === 'string') return ['unsupported', r.unsupported];
  return undefined;
}

/**
 * The cost samples of a run from its readings at the start and the end of its measured interval,
 * the bytes per second it received over that interval, the session's idle baseline, and, per end,
 * why its runtime's CPU is not all in its container's cgroup (model/runtimes.ts). Pure.
 */
export function costOfRun(
  start: CpuReading,
  end: CpuReading,
  bytesPerSecond: number | undefined,
  idle: IdleCpu,
  outsideCgroup: Partial<Record<End, string>> = {},
): CostOfRun {
  const out: CostOfRun = { samples: [], missing: {}, unsupported: {} };
  const put = (metric: CostMetric, value: number) => out.samples.push({ metric, value, unit: METRICS[metric].unit });
  const fail = (ms: readonly CostMetric[], why: ['failed' | 'unsupported', string]) => {
    for (const m of ms) (why[0] === 'failed' ? out.missing : out.unsupported)[m] = why[1];
  };
  const gbPerSecond = bytesPerSecond !== undefined && bytesPerSecond > 0 ? bytesPerSecond / 1e9 : undefined;
  const noBytes: ['failed', string] = ['failed', 'the run received nothing over its measured interval, so it has no CPU per byte'];
  const perGb = (metric: CostMetric, cores: number) => (gbPerSecond ? put(metric, cores / gbPerSecond) : fail([metric], noBytes));

  // the whole machine, net of its idle baseline
  let machineCores: number | undefined;
  const machineWhy = notRead(start.machine) ?? notRead(end.machine) ?? notRead(idle);
  const seconds = (end.atMs - start.atMs) / 1000;
  if (machineWhy) fail(MACHINE_METRICS, machineWhy);
  else if (!(seconds > 0)) fail(MACHINE_METRICS, ['failed', `the readings are ${seconds} s apart`]);
  else if ('user' in start.machine && 'user' in end.machine && 'cores' in idle) {
    const gross = perSecond(cpuDelta(start.machine, end.machine), seconds);
    const net = cpuTimesOf((c) => gross[c] - idle.cores[c]);
    machineCores = busySeconds(net);
    put('cpu_cores', machineCores);
    perGb('cpu_s_per_gb', machineCores);
    for (const [metric, classes] of CLASS_METRICS)
      perGb(
        metric,
        classes.reduce((s, c) => s + net[c], 0),
      );
  }

  // each container's cgroup
  const sideCores: Partial<Record<End, number>> = {};
  for (const side of ['server', 'client'] as const) {
    const ms = [SIDE_METRICS[side].cores, SIDE_METRICS[side].perGb];
    const a = start[side];
    const b = end[side];
    const outside = outsideCgroup[side];
    const why: ['failed' | 'unsupported', string] | undefined = outside ? ['unsupported', outside] : (notRead(a) ?? notRead(b));
    if (why) {
      fail(ms, why);
      continue;
    }
    if (!('seconds' in a && 'seconds' in b)) continue;
    const s = (b.readAtMs - a.readAtMs) / 1000;
    if (!(s > 0)) {
      fail(ms, ['failed', `the engine's two reads of the ${side} container are ${s} s apart`]);
      continue;
    }
    const cores = (b.seconds - a.seconds) / s;
    sideCores[side] = cores;
    put(SIDE_METRICS[side].cores, cores);
    perGb(SIDE_METRICS[side].perGb, cores);
  }

  // the rest: the host kernel's share (softirq on veth and bridge, ksoftirqd), the engines, and
  // whatever of a runtime runs outside its container's cgroup
  const m = machineCores;
  const sv = sideCores.server;
  const cl = sideCores.client;
  if (m !== undefined && sv !== undefined && cl !== undefined) perGb('host_cpu_s_per_gb', m - sv - cl);
  else {
    const lacking: CostMetric = m === undefined ? 'cpu_s_per_gb' : sv === undefined ? 'server_cpu_s_per_gb' : 'client_cpu_s_per_gb';
    const unsupported = out.unsupported[lacking];
    fail(
      ['host_cpu_s_per_gb'],
      unsupported ? ['unsupported', unsupported] : ['failed', `it needs ${lacking}, which this run did not give`],
    );
  }
  return out;
}

/** Every cost metric `failed` for one reason (a reading could not be taken). Pure. */
export const failedCost = (reason: string): CostOfRun => ({
  samples: [],
  missing: Object.fromEntries(COST_METRICS.map((m) => [m, reason])),
  unsupported: {},
});

/** A parsed run with its cost added: samples, and the reasons of the metrics without a value. Pure. */
export const withCost = (p: ParsedProbe, c: CostOfRun): ParsedProbe => ({
  ...p,
  samples: [...p.samples, ...c.samples],
  missing: { ...p.missing, ...c.missing },
  unsupported: { ...p.unsupported, ...c.unsupported },
});
