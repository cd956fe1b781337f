// Metrics and their units: what a probe promises per run, and how a unit is shown (the SI prefix
// of axis titles and tables, and the scale that goes with it). Pure data.

/** A metric a probe yields, with the unit of its raw values in the CSV. */
export interface MetricSpec {
  metric: string;
  unit: string;
}

/** Units with SI prefixes for display: the value scale that goes with each. */
export const UNITS: Record<string, { scale: number; label: string }> = {
  'bit/s': { scale: 1e-9, label: 'Gbit/s' },
  us: { scale: 1, label: 'µs' },
  s: { scale: 1e3, label: 'ms' },
  '%': { scale: 1, label: '%' },
  B: { scale: 2 ** -20, label: 'MiB' },
  '1/s': { scale: 1, label: 'transactions/s' },
  count: { scale: 1, label: '' },
};
export const unitOf = (u: string): { scale: number; label: string } => UNITS[u] ?? { scale: 1, label: u };

/** Which way a metric is better: bandwidth higher, times lower; `none` where neither is (a count of packets sent, the elapsed time). */
export type Direction = 'higher' | 'lower' | 'none';

/** Every metric a probe yields, with its direction (test/unit/model/metrics.test.ts holds every probe's metrics to it). */
export const METRIC_DIRECTION: Readonly<Record<string, Direction>> = {
  bandwidth: 'higher',
  sent_bandwidth: 'higher',
  retransmits: 'lower',
  sender_cpu: 'lower',
  receiver_cpu: 'lower',
  ping_rtt_min: 'lower',
  ping_rtt_avg: 'lower',
  ping_rtt_max: 'lower',
  ping_rtt_mdev: 'lower',
  ping_loss: 'lower',
  sockperf_rtt_mean: 'lower',
  sockperf_rtt_sd: 'lower',
  sockperf_rtt_p50: 'lower',
  sockperf_rtt_p99: 'lower',
  'sockperf_rtt_p99.9': 'lower',
  udp_bandwidth: 'higher',
  udp_jitter: 'lower',
  udp_lost_packets: 'lower',
  udp_packets: 'none',
  udp_loss: 'lower',
  http_transactions: 'higher',
  http_successful_transactions: 'higher',
  http_failed_transactions: 'lower',
  http_availability: 'higher',
  http_elapsed: 'none',
  http_response_time: 'lower',
  http_longest_transaction: 'lower',
  http_shortest_transaction: 'lower',
  http_data_transferred: 'higher',
  http_throughput: 'higher',
  http_transaction_rate: 'higher',
  http_concurrency: 'none',
  server_cpu_mean: 'lower',
  server_cpu_max: 'lower',
  server_mem_mean: 'lower',
  server_mem_max: 'lower',
  server_stats_samples: 'none',
};

export const directionOf = (metric: string): Direction => METRIC_DIRECTION[metric] ?? 'none';
