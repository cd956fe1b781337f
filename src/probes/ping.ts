// ping (iputils): RTT min/avg/max/mdev and loss from its summary lines. Pure.
import { z } from 'zod';
import { metricSpecs } from '../model/metrics.js';
import { ProbeOutputError } from './probe.js';
import { hostinetOn, runtimeAt } from '../model/runtimes.js';
import type { Probe } from './probe.js';

export interface PingOptions {
  /**
   * false: off, the latency experiment is sockperf's alone (the demo: ping would add a probe run to
   * its latency tasks). Absent (every campaign before it existed): on.
   */
  enabled?: boolean;
  count: number;
  intervalS: number;
}

/** Whether a campaign runs ping (`enabled` absent: yes). */
export const pingOn = (o: Pick<PingOptions, 'enabled'>): boolean => o.enabled !== false;

export const PING_DEFAULTS: PingOptions = { count: 20, intervalS: 0.2 };

/** `campaign.ping`. */
export const PING_SETTINGS = z
  .object({
    enabled: z.boolean().optional(),
    count: z.number().int().min(1).max(10_000).default(PING_DEFAULTS.count),
    intervalS: z.number().min(0.2).max(10).default(PING_DEFAULTS.intervalS),
  })
  .strict()
  .default(PING_DEFAULTS);

export interface PingResult {
  transmitted: number;
  received: number;
  lossPct: number;
  rttMinUs?: number;
  rttAvgUs?: number;
  rttMaxUs?: number;
  rttMdevUs?: number;
  /** Each reply's round trip (µs), in order. */
  repliesUs: number[];
  /** ping's "+N errors": ICMP errors received instead of replies. */
  errors: number;
  /** The lines that say what those errors were ("From 10.1.0.1 icmp_seq=1 Destination Host Unreachable"), each kind once. */
  errorLines: string[];
}

/**
 * Milliseconds as ping prints them ("2052.043") in µs, by moving the decimal point in the text:
 * exact, where Number(x) * 1000 gives 2052043.0000000002.
 */
export function msToUs(ms: string): number {
  const [int = '0', frac = ''] = ms.split('.');
  const f = frac.padEnd(3, '0');
  return Number(`${int}${f.slice(0, 3)}.${f.slice(3) || '0'}`);
}

export function parsePing(text: string): PingResult {
  const stats = /(\d+) packets transmitted, (\d+) received,(?: \+(\d+) errors,)? ([\d.]+)% packet loss/.exec(text);
  if (!stats)
    throw new ProbeOutputError('ping', `no statistics line in output: ${text.trim().split('\n').slice(-2).join(' | ') || '(empty)'}`);
  const replies = [...text.matchAll(/^\d+ bytes from .* time=([\d.]+) ms/gm)].map((m) => msToUs(m[1]!));
  // "From <addr> icmp_seq=<n> Destination Host Unreachable": one kind per message, whatever the sequence number
  const errorLines = [...new Set([...text.matchAll(/^From \S+ icmp_seq=\d+ (.+)$/gm)].map((m) => m[0].replace(/icmp_seq=\d+ /, '')))];
  const r: PingResult = {
    transmitted: Number(stats[1]),
    received: Number(stats[2]),
    lossPct: Number(stats[4]),
    repliesUs: replies,
    errors: Number(stats[3] ?? 0),
    errorLines,
  };
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(text);
  if (rtt) {
    Object.assign(r, { rttMinUs: msToUs(rtt[1]!), rttAvgUs: msToUs(rtt[2]!), rttMaxUs: msToUs(rtt[3]!), rttMdevUs: msToUs(rtt[4]!) });
  }
  return r;
}

export const pingProbe: Probe<PingOptions> = {
  name: 'ping',
  experiment: 'latency',
  settings: PING_SETTINGS,
  enabled: pingOn,
  quick: { count: 5, intervalS: 0.2 },
  tool: { name: 'ping', version: 'ping -V' },
  metrics: metricSpecs('ping_rtt_min', 'ping_rtt_avg', 'ping_rtt_max', 'ping_rtt_mdev', 'ping_loss'),
  supports(cell) {
    if (cell.server === 'bridge') {
      return "ICMP reaches host B's own address, not the server container, behind published ports (they forward TCP/UDP only): ping would not measure the runtime";
    }
    if (hostinetOn(runtimeAt(cell.runtime, 'client'), cell.client))
      return 'gVisor with host networking (hostinet) has no raw sockets: ping cannot run';
    return undefined;
  },
  // The kernel (or gVisor's netstack) answers ICMP: the server container only has to exist.
  server: () => ({ cmd: ['bash', '-c', 'echo NETBENCH-READY >&2; exec sleep infinity'], ports: [] }),
  client: (target, o) => ['ping', '-c', String(o.count), '-i', String(o.intervalS), '-W', '2', target],
  runS: (o) => o.count * o.intervalS,
  timeoutS: (o) => Math.ceil(o.count * o.intervalS) + 30,
  serverExitsAfterClient: false,
  parse(run) {
    const p = parsePing(run.clientStdout + '\n' + run.clientStderr);
    const errors = p.errors ? `; ${p.errors} error(s): ${p.errorLines.join('; ') || 'ping did not say which'}` : '';
    if (p.received === 0) throw new ProbeOutputError('ping', `no reply: ${p.transmitted} sent, ${p.lossPct}% loss${errors}`);
    const outlier = outlierWarning(p);
    const warnings = [...(p.lossPct > 0 ? [`${p.lossPct}% packet loss${errors}`] : []), ...(outlier ? [outlier] : [])];
    return {
      samples: [
        { metric: 'ping_rtt_min', value: p.rttMinUs!, unit: 'us' },
        { metric: 'ping_rtt_avg', value: p.rttAvgUs!, unit: 'us' },
        { metric: 'ping_rtt_max', value: p.rttMaxUs!, unit: 'us' },
        { metric: 'ping_rtt_mdev', value: p.rttMdevUs!, unit: 'us' },
        { metric: 'ping_loss', value: p.lossPct, unit: '%' },
      ],
      warnings,
    };
  },
};

/**
 * A run's slowest reply this many times its median, and at least OUTLIER_MIN_US, is not the
 * network's usual round trip but a stall (a link flap, a paused VM): its max and mean are kept,
 * with a warning that says so.
 */
export const OUTLIER_FACTOR = 20;
export const OUTLIER_MIN_US = 10_000;

/** The warning of a run whose slowest reply stands far above its median (pingProbe's rule), or undefined. */
export function outlierWarning(p: Pick<PingResult, 'repliesUs'>): string | undefined {
  if (p.repliesUs.length < 3) return undefined;
  const sorted = [...p.repliesUs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const max = sorted.at(-1)!;
  if (max < OUTLIER_MIN_US || max < median * OUTLIER_FACTOR) return undefined;
  return `outlier: the slowest reply took ${max / 1000} ms against a median of ${median / 1000} ms (a stall or a link flap in this run; its max, mean and mdev include it)`;
}
