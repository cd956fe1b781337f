// The metric catalogue: every metric a probe yields, with its unit, which way is better, its label
// and the probe that yields it, plus how a unit is shown (the SI prefix of axis titles and tables,
// and the scale that goes with it). One typed constant: a misspelled metric does not compile.
// Pure data.
import type { Experiment } from './experiments.js';

/** Units with SI prefixes for display: the value scale that goes with each. */
export const UNITS = {
  'bit/s': { scale: 1e-9, label: 'Gbit/s' },
  us: { scale: 1, label: 'µs' },
  s: { scale: 1e3, label: 'ms' },
  '%': { scale: 1, label: '%' },
  B: { scale: 2 ** -20, label: 'MiB' },
  'MiB/s': { scale: 1, label: 'MiB/s' },
  MiB: { scale: 1, label: 'MiB' },
  '1/s': { scale: 1, label: 'transactions/s' },
  count: { scale: 1, label: '' },
  bytes: { scale: 1, label: 'bytes' },
  's/GB': { scale: 1, label: 'CPU s/GB' },
  cores: { scale: 1, label: 'CPUs' },
} as const satisfies Record<string, { scale: number; label: string }>;
/** A unit of raw values in the CSV. */
export type Unit = keyof typeof UNITS;
const isUnit = (u: string): u is Unit => Object.hasOwn(UNITS, u);
/** How values of a unit are shown; a unit the catalogue does not know is shown as it is. */
export const unitOf = (u: string): { scale: number; label: string } => (isUnit(u) ? UNITS[u] : { scale: 1, label: u });

/** Which way a metric is better: bandwidth higher, times lower; `none` where neither is (a count of packets sent, the elapsed time). */
export type Direction = 'higher' | 'lower' | 'none';

/** What the catalogue says of one metric. */
export interface MetricInfo {
  /** The unit of its raw values in measurements.csv. */
  unit: Unit;
  direction: Direction;
  /** What it is, in a few words, for tables and axis titles. */
  label: string;
  /**
   * The probe (probes/registry.ts, by its name) that yields it; `cpu-cost` for the CPU a run costs,
   * which the campaign measures around every probe that moves bulk data (iperf3, siege).
   */
  probe: 'iperf3' | 'iperf3-udp' | 'ping' | 'sockperf' | 'siege' | 'cpu-cost';
  /**
   * `bare`: the machine moves it for every runtime alike (a faster machine moves more bits and
   * answers sooner), so `compare` divides it by the bare host's mean of its campaign, load and
   * session: the rates and the round-trip times. Measured on the committed campaigns
   * (bench/compare-gate.ts, docs/compare.md): across sessions of one campaign it cut the false
   * alarms of bandwidth from 33 to 1 of 180 cells, of sockperf's median RTT from 58 to 16 of 160.
   * Absent: compared as measured (CPU %, retransmits, loss, counts, cost), where dividing by the
   * bare host helped little or added false alarms.
   */
  normalise?: 'bare';
}

export const METRICS = {
  bandwidth: { unit: 'bit/s', direction: 'higher', label: 'TCP bandwidth (received)', probe: 'iperf3', normalise: 'bare' },
  sent_bandwidth: { unit: 'bit/s', direction: 'higher', label: 'TCP bandwidth (sent)', probe: 'iperf3', normalise: 'bare' },
  retransmits: { unit: 'count', direction: 'lower', label: 'TCP retransmits', probe: 'iperf3' },
  sender_cpu: { unit: '%', direction: 'lower', label: "sender's CPU (iperf3)", probe: 'iperf3' },
  receiver_cpu: { unit: '%', direction: 'lower', label: "receiver's CPU (iperf3)", probe: 'iperf3' },
  tcp_mss: { unit: 'bytes', direction: 'none', label: "TCP maximum segment size (iperf3's client)", probe: 'iperf3' },
  udp_bandwidth: { unit: 'bit/s', direction: 'higher', label: 'UDP bandwidth', probe: 'iperf3-udp', normalise: 'bare' },
  udp_jitter: { unit: 'us', direction: 'lower', label: 'UDP jitter', probe: 'iperf3-udp' },
  udp_lost_packets: { unit: 'count', direction: 'lower', label: 'UDP packets lost', probe: 'iperf3-udp' },
  udp_packets: { unit: 'count', direction: 'none', label: 'UDP packets sent', probe: 'iperf3-udp' },
  udp_loss: { unit: '%', direction: 'lower', label: 'UDP loss', probe: 'iperf3-udp' },
  ping_rtt_min: { unit: 'us', direction: 'lower', label: 'ping RTT min', probe: 'ping', normalise: 'bare' },
  ping_rtt_avg: { unit: 'us', direction: 'lower', label: 'ping RTT mean', probe: 'ping', normalise: 'bare' },
  ping_rtt_max: { unit: 'us', direction: 'lower', label: 'ping RTT max', probe: 'ping', normalise: 'bare' },
  ping_rtt_mdev: { unit: 'us', direction: 'lower', label: 'ping RTT mean deviation', probe: 'ping', normalise: 'bare' },
  ping_loss: { unit: '%', direction: 'lower', label: 'ping loss', probe: 'ping' },
  sockperf_rtt_mean: { unit: 'us', direction: 'lower', label: 'sockperf RTT mean', probe: 'sockperf', normalise: 'bare' },
  sockperf_rtt_sd: { unit: 'us', direction: 'lower', label: 'sockperf RTT sd', probe: 'sockperf', normalise: 'bare' },
  sockperf_rtt_p50: { unit: 'us', direction: 'lower', label: 'sockperf RTT median', probe: 'sockperf', normalise: 'bare' },
  sockperf_rtt_p99: { unit: 'us', direction: 'lower', label: 'sockperf RTT p99', probe: 'sockperf', normalise: 'bare' },
  'sockperf_rtt_p99.9': { unit: 'us', direction: 'lower', label: 'sockperf RTT p99.9', probe: 'sockperf', normalise: 'bare' },
  http_transactions: { unit: 'count', direction: 'higher', label: 'HTTP transactions', probe: 'siege' },
  http_availability: { unit: '%', direction: 'higher', label: 'HTTP availability', probe: 'siege' },
  http_elapsed: { unit: 's', direction: 'none', label: "siege's elapsed time", probe: 'siege' },
  http_data_transferred: { unit: 'MiB', direction: 'higher', label: 'HTTP data transferred', probe: 'siege' },
  http_response_time: { unit: 's', direction: 'lower', label: 'HTTP response time', probe: 'siege' },
  http_transaction_rate: { unit: '1/s', direction: 'higher', label: 'HTTP transaction rate', probe: 'siege', normalise: 'bare' },
  http_successful_rate: { unit: '1/s', direction: 'higher', label: 'HTTP successful transaction rate', probe: 'siege', normalise: 'bare' },
  http_throughput: { unit: 'MiB/s', direction: 'higher', label: 'HTTP throughput', probe: 'siege', normalise: 'bare' },
  http_concurrency: { unit: 'count', direction: 'none', label: "siege's concurrency", probe: 'siege' },
  http_successful_transactions: { unit: 'count', direction: 'higher', label: 'HTTP successful transactions', probe: 'siege' },
  http_failed_transactions: { unit: 'count', direction: 'lower', label: 'HTTP failed transactions', probe: 'siege' },
  http_longest_transaction: { unit: 's', direction: 'lower', label: 'HTTP longest transaction', probe: 'siege' },
  http_shortest_transaction: { unit: 's', direction: 'lower', label: 'HTTP shortest transaction', probe: 'siege' },
  server_cpu_mean: { unit: '%', direction: 'lower', label: "server container's CPU, mean", probe: 'siege' },
  server_cpu_max: { unit: '%', direction: 'lower', label: "server container's CPU, max", probe: 'siege' },
  server_mem_mean: { unit: 'B', direction: 'lower', label: "server container's memory, mean", probe: 'siege' },
  server_mem_max: { unit: 'B', direction: 'lower', label: "server container's memory, max", probe: 'siege' },
  server_stats_samples: { unit: 'count', direction: 'none', label: 'docker stats samples', probe: 'siege' },
  // What a run costs in CPU over its measured interval, per gigabyte received (netperf's service
  // demand): the whole machine net of its idle baseline, by class, and each container's cgroup.
  cpu_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'CPU per GB received (machine)', probe: 'cpu-cost' },
  cpu_user_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'user CPU per GB', probe: 'cpu-cost' },
  cpu_system_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'system CPU per GB', probe: 'cpu-cost' },
  cpu_softirq_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'softirq CPU per GB', probe: 'cpu-cost' },
  cpu_irq_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'irq CPU per GB', probe: 'cpu-cost' },
  cpu_steal_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'steal per GB', probe: 'cpu-cost' },
  server_cpu_s_per_gb: { unit: 's/GB', direction: 'lower', label: "server container's CPU per GB", probe: 'cpu-cost' },
  client_cpu_s_per_gb: { unit: 's/GB', direction: 'lower', label: "client container's CPU per GB", probe: 'cpu-cost' },
  host_cpu_s_per_gb: { unit: 's/GB', direction: 'lower', label: 'CPU per GB outside the containers', probe: 'cpu-cost' },
  cpu_cores: { unit: 'cores', direction: 'none', label: 'CPUs busy (machine, net of idle)', probe: 'cpu-cost' },
  server_cpu_cores: { unit: 'cores', direction: 'none', label: "server container's CPUs busy", probe: 'cpu-cost' },
  client_cpu_cores: { unit: 'cores', direction: 'none', label: "client container's CPUs busy", probe: 'cpu-cost' },
} as const satisfies Record<string, MetricInfo>;

/** A metric of the catalogue: a name that is not one does not compile. */
export type Metric = keyof typeof METRICS;

/** The metrics of what a run costs in CPU (probe `cpu-cost`), in the catalogue's order. */
export const COST_METRICS = [
  'cpu_s_per_gb',
  'cpu_user_s_per_gb',
  'cpu_system_s_per_gb',
  'cpu_softirq_s_per_gb',
  'cpu_irq_s_per_gb',
  'cpu_steal_s_per_gb',
  'server_cpu_s_per_gb',
  'client_cpu_s_per_gb',
  'host_cpu_s_per_gb',
  'cpu_cores',
  'server_cpu_cores',
  'client_cpu_cores',
] as const satisfies readonly Metric[];
export type CostMetric = (typeof COST_METRICS)[number];

/** Whether `compare` divides a metric by the bare host's mean (a rate of the catalogue marked so); a name it does not know: no. */
export function normalisedByBare(metric: string): boolean {
  if (!isMetric(metric)) return false;
  const info: MetricInfo = METRICS[metric];
  return info.normalise === 'bare';
}

/** Whether a name read from outside (a CSV, a command line) is a metric of the catalogue. */
export const isMetric = (m: string): m is Metric => Object.hasOwn(METRICS, m);

/** A metric a probe yields, with the unit of its raw values in the CSV. */
export interface MetricSpec {
  metric: Metric;
  unit: Unit;
}

/** The specs of these metrics, units from the catalogue: what a probe promises per run. */
export const metricSpecs = (...ms: readonly Metric[]): MetricSpec[] => ms.map((metric) => ({ metric, unit: METRICS[metric].unit }));

/** A metric as tables, progress lines and figures show it: in its unit's display scale and label. */
export interface MetricView {
  metric: Metric;
  /** Multiply values by this for display (1e-9: bit/s -> Gbit/s). */
  scale: number;
  unit: string;
}

export const metricView = (metric: Metric): MetricView => ({
  metric,
  scale: UNITS[METRICS[metric].unit].scale,
  unit: UNITS[METRICS[metric].unit].label,
});

/** A metric's direction; `none` for a name the catalogue does not know (a column of another version's data). */
export const directionOf = (metric: string): Direction => (isMetric(metric) ? METRICS[metric].direction : 'none');

/**
 * The metrics that stand for each experiment, first the one its headline ratio uses: the collect
 * summary, the demo's closing screen, `analyse` and the order of `compare`'s drift report read them.
 */
export const HEADLINE_METRICS: Readonly<Record<Experiment, readonly Metric[]>> = {
  bandwidth: ['bandwidth', 'cpu_s_per_gb'],
  latency: ['sockperf_rtt_p50', 'ping_rtt_avg'],
  // siege's own CPU beside the server's: a run whose client saturates its CPUs shows as one
  http: ['http_transaction_rate', 'http_response_time', 'http_availability', 'server_cpu_mean', 'server_mem_max', 'client_cpu_cores'],
};
