// iperf3 UDP at a target rate: the rate the server received, jitter and loss. Optional (off by
// default, as the paper measured TCP only). The numbers come from the server's own JSON report
// (the receiver's view), like the TCP probe. Pure.
import { z } from 'zod';
import { metricSpecs } from '../model/metrics.js';
import { iperf3Json, iperf3ServerCommand } from './iperf3.js';
import { ProbeOutputError } from './probe.js';
import type { ParsedProbe, Probe, ProbeRun } from './probe.js';

export interface Iperf3UdpOptions {
  enabled: boolean;
  port: number;
  durationS: number;
  omitS: number;
  /** Target sending rate, bits/s (iperf3 -b). */
  targetBps: number;
  /** Datagram payload size in bytes (iperf3 -l); 0 = iperf3's default (path MTU based). */
  lengthBytes: number;
}

export const IPERF3_UDP_DEFAULTS: Iperf3UdpOptions = {
  enabled: false,
  port: 5202,
  durationS: 10,
  omitS: 2,
  targetBps: 1e9,
  lengthBytes: 0,
};

/** `campaign.iperf3Udp`. */
export const IPERF3_UDP_SETTINGS = z
  .object({
    enabled: z.boolean().default(IPERF3_UDP_DEFAULTS.enabled),
    port: z.number().int().min(1).max(65535).default(IPERF3_UDP_DEFAULTS.port),
    durationS: z.number().positive().max(3600).default(IPERF3_UDP_DEFAULTS.durationS),
    omitS: z.number().int().min(0).max(60).default(IPERF3_UDP_DEFAULTS.omitS),
    targetBps: z.number().positive().max(1e12).default(IPERF3_UDP_DEFAULTS.targetBps),
    lengthBytes: z.number().int().min(0).max(65507).default(IPERF3_UDP_DEFAULTS.lengthBytes),
  })
  .strict()
  .default(IPERF3_UDP_DEFAULTS);

export interface Iperf3UdpResult {
  receivedBps: number;
  jitterMs: number;
  lostPackets: number;
  packets: number;
  lostPercent: number;
  warnings: string[];
}

const UdpSum = z
  .object({ bits_per_second: z.number(), jitter_ms: z.number(), lost_packets: z.number(), packets: z.number(), lost_percent: z.number() })
  .partial();
/** The parts of an iperf3 -J report of a UDP test the probe reads (all optional: checked below). */
const Iperf3UdpJson = z.object({
  error: z.string().optional(),
  start: z.object({ test_start: z.object({ protocol: z.string() }).partial().optional() }).optional(),
  end: z.object({ sum: UdpSum.optional(), sum_received: UdpSum.optional() }).optional(),
});

/** The receiver's UDP summary from an iperf3 -J report (server side: end.sum; 3.12 also has end.sum_received). */
export function parseIperf3Udp(text: string): Iperf3UdpResult {
  const { json: j, warnings } = iperf3Json(text, Iperf3UdpJson);
  const proto = j.start?.test_start?.protocol;
  if (proto && proto !== 'UDP') throw new ProbeOutputError('iperf3', `expected a UDP test, got ${proto}`);
  const s = j.end?.sum;
  if (!s || typeof s.bits_per_second !== 'number' || typeof s.jitter_ms !== 'number' || typeof s.packets !== 'number') {
    throw new ProbeOutputError('iperf3', 'JSON has no UDP end.sum (bits_per_second, jitter_ms, packets): interrupted run?');
  }
  // iperf 3.12's server report leaves end.sum.bits_per_second at 0 for UDP: the rate is in sum_received.
  const received = j.end?.sum_received?.bits_per_second ?? s.bits_per_second;
  const lost = s.lost_packets ?? 0;
  if (received === 0 && s.packets > lost) {
    throw new ProbeOutputError('iperf3', `UDP report says ${s.packets - lost} packets arrived at 0 bit/s: no received rate in it`);
  }
  return {
    receivedBps: received,
    jitterMs: s.jitter_ms,
    lostPackets: s.lost_packets ?? 0,
    packets: s.packets,
    lostPercent: s.lost_percent ?? (s.packets > 0 ? (100 * (s.lost_packets ?? 0)) / s.packets : 0),
    warnings,
  };
}

export const iperf3UdpProbe: Probe<Iperf3UdpOptions> = {
  name: 'iperf3-udp',
  experiment: 'bandwidth',
  settings: IPERF3_UDP_SETTINGS,
  quick: { durationS: 2, omitS: 1 },
  enabled: (o) => o.enabled,
  tool: { name: 'iperf3', version: 'iperf3 --version | head -1' },
  metrics: metricSpecs('udp_bandwidth', 'udp_jitter', 'udp_lost_packets', 'udp_packets', 'udp_loss'),
  supports: () => undefined,
  // The server listens on TCP for the control connection; the data flows over UDP on the same port.
  server: (o) => ({
    cmd: iperf3ServerCommand(o.port),
    ports: [
      { port: o.port, proto: 'tcp' },
      { port: o.port, proto: 'udp' },
    ],
  }),
  client: (target, o) => [
    'iperf3',
    '-c',
    target,
    '-u',
    '-b',
    String(Math.round(o.targetBps)),
    ...(o.lengthBytes > 0 ? ['-l', String(o.lengthBytes)] : []),
    '-p',
    String(o.port),
    '-t',
    String(o.durationS),
    ...(o.omitS > 0 ? ['-O', String(o.omitS)] : []),
    '-J',
  ],
  runS: (o) => o.durationS + o.omitS,
  timeoutS: (o) => o.durationS + o.omitS + 30,
  serverExitsAfterClient: true,
  parse(run: ProbeRun): ParsedProbe {
    const r = parseIperf3Udp(run.serverStdout);
    return {
      samples: [
        { metric: 'udp_bandwidth', value: r.receivedBps, unit: 'bit/s' },
        { metric: 'udp_jitter', value: r.jitterMs * 1000, unit: 'us' },
        { metric: 'udp_lost_packets', value: r.lostPackets, unit: 'count' },
        { metric: 'udp_packets', value: r.packets, unit: 'count' },
        { metric: 'udp_loss', value: r.lostPercent, unit: '%' },
      ],
      warnings: r.warnings,
    };
  },
};
