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
  const r: PingResult = { transmitted: Number(stats[1]), received: Number(stats[2]), lossPct: Number(stats[4]) };
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
    if (p.received === 0) throw new ProbeOutputError('ping', `no reply: ${p.transmitted} sent, ${p.lossPct}% loss`);
    return {
      samples: [
        { metric: 'ping_rtt_min', value: p.rttMinUs!, unit: 'us' },
        { metric: 'ping_rtt_avg', value: p.rttAvgUs!, unit: 'us' },
        { metric: 'ping_rtt_max', value: p.rttMaxUs!, unit: 'us' },
        { metric: 'ping_rtt_mdev', value: p.rttMdevUs!, unit: 'us' },
        { metric: 'ping_loss', value: p.lossPct, unit: '%' },
      ],
      warnings: p.lossPct > 0 ? [`${p.lossPct}% packet loss`] : [],
    };
  },
};
