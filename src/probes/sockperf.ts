// sockperf ping-pong: round-trip time mean and percentiles (us), UDP by default (sockperf's TCP
// server fails inside gVisor: unsupported there). Output is ANSI-coloured text on stdout and it exits 0 even when no
// server answered, so the parser, not the exit code, decides. Pure.
import { z } from 'zod';
import { metricSpecs } from '../model/metrics.js';
import { ProbeOutputError } from './probe.js';
import { stripAnsi, waitListening, type Probe } from './probe.js';
import { baseRuntime, hostinetOn, runtimeAt } from '../model/runtimes.js';

export interface SockperfOptions {
  durationS: number;
  port: number;
  tcp: boolean;
}

export const SOCKPERF_DEFAULTS: SockperfOptions = { durationS: 5, port: 11112, tcp: false };

/** `campaign.sockperf`. */
export const SOCKPERF_SETTINGS = z
  .object({
    durationS: z.number().positive().max(3600).default(SOCKPERF_DEFAULTS.durationS),
    port: z.number().int().min(1).max(65535).default(SOCKPERF_DEFAULTS.port),
    tcp: z.boolean().default(false),
  })
  .strict()
  .default(SOCKPERF_DEFAULTS);

export interface SockperfResult {
  observations: number;
  meanUs: number;
  sdUs: number;
  percentilesUs: Record<string, number>;
  minUs: number;
  maxUs: number;
  dropped: number;
}

export function parseSockperf(raw: string): SockperfResult {
  const text = stripAnsi(raw);
  const err =
    /sockperf: ERROR: (.+)/.exec(text) ??
    /sockperf: (No messages were received from the server.*)/.exec(text) ??
    // an argument it refused: one line ("'-m' Invalid message size: 70000 (max: 65507)"), then its usage
    /^sockperf: ('-\S+' .+)$/m.exec(text);
  if (err) throw new ProbeOutputError('sockperf', err[1]!.trim());
  if (/^Usage: sockperf /m.test(text))
    throw new ProbeOutputError('sockperf', 'it printed its usage text: an option of the command was not accepted (see the client output)');
  // Only --full-rtt reports a round trip (avg-rtt); without it sockperf halves it (avg-latency).
  if (/avg-latency=/.test(text) && !/avg-rtt=/.test(text))
    throw new ProbeOutputError('sockperf', 'the output gives one-way latency (avg-latency), not the round trip: run it with --full-rtt');
  const avg = /avg-rtt=([\d.]+) \(std-dev=([\d.]+)\)/.exec(text);
  const total = /Total (\d+) observations/.exec(text);
  if (!avg || !total)
    throw new ProbeOutputError('sockperf', `no summary in output: ${text.trim().split('\n').slice(-2).join(' | ') || '(empty)'}`);
  const percentilesUs: Record<string, number> = {};
  for (const m of text.matchAll(/---> percentile ([\d.]+) =\s*([\d.]+)/g)) percentilesUs[Number(m[1]).toString()] = Number(m[2]);
  const max = /---> <MAX> observation =\s*([\d.]+)/.exec(text);
  const min = /---> <MIN> observation =\s*([\d.]+)/.exec(text);
  const dropped = /# dropped messages = (\d+)/.exec(text);
  return {
    observations: Number(total[1]),
    meanUs: Number(avg[1]),
    sdUs: Number(avg[2]),
    percentilesUs,
    minUs: Number(min?.[1] ?? NaN),
    maxUs: Number(max?.[1] ?? NaN),
    dropped: Number(dropped?.[1] ?? 0),
  };
}

export const sockperfProbe: Probe<SockperfOptions> = {
  name: 'sockperf',
  experiment: 'latency',
  settings: SOCKPERF_SETTINGS,
  quick: { durationS: 1 },
  tool: { name: 'sockperf', version: 'sockperf --version 2>&1 | head -1' },
  metrics: metricSpecs('sockperf_rtt_mean', 'sockperf_rtt_sd', 'sockperf_rtt_p50', 'sockperf_rtt_p99', 'sockperf_rtt_p99.9'),
  supports(cell, o) {
    if (hostinetOn(runtimeAt(cell.runtime, 'client'), cell.client))
      return "gVisor with host networking (hostinet): sockperf's client fails, recvfrom() returns EINVAL (every run of campaign 2026-11-23T2034Z-nb)";
    const server = runtimeAt(cell.runtime, 'server');
    if (!o.tcp || baseRuntime(server) !== 'runsc') return undefined;
    // measured 2026-12-03 with runsc 20221219 and 20240729: the server exits at its first reply, every time
    return hostinetOn(server, cell.server)
      ? "gVisor with host networking (hostinet): sockperf's TCP server fails, recvfrom() returns EINVAL"
      : "gVisor: sockperf's TCP server fails at its first reply: it passes an address to sendto() on the connected socket, which Linux ignores and gVisor's netstack rejects (EAFNOSUPPORT); use UDP (sockperf.tcp: false)";
  },
  server: (o) => ({
    cmd: [
      'bash',
      '-c',
      `sockperf sr ${o.tcp ? '--tcp ' : ''}-p ${o.port} & pid=$!; ${waitListening(o.port, o.tcp ? 'tcp' : 'udp')}; wait $pid`,
    ],
    ports: [{ port: o.port, proto: o.tcp ? 'tcp' : 'udp' }],
  }),
  client: (target, o) => [
    'sockperf',
    'ping-pong',
    ...(o.tcp ? ['--tcp'] : []),
    '-i',
    target,
    '-p',
    String(o.port),
    '-t',
    String(o.durationS),
    '--full-rtt',
  ],
  // sockperf 3.7 spends 2 s between its warm-up messages and the test, whatever the options (measured)
  runS: (o) => o.durationS + 2,
  timeoutS: (o) => o.durationS + 30,
  serverExitsAfterClient: false,
  parse(run) {
    const r = parseSockperf(run.clientStdout + run.clientStderr);
    const p = (k: string) => {
      const v = r.percentilesUs[k];
      if (v === undefined) throw new ProbeOutputError('sockperf', `no percentile ${k} in output`);
      return v;
    };
    return {
      samples: [
        { metric: 'sockperf_rtt_mean', value: r.meanUs, unit: 'us' },
        { metric: 'sockperf_rtt_sd', value: r.sdUs, unit: 'us' },
        { metric: 'sockperf_rtt_p50', value: p('50'), unit: 'us' },
        { metric: 'sockperf_rtt_p99', value: p('99'), unit: 'us' },
        { metric: 'sockperf_rtt_p99.9', value: p('99.9'), unit: 'us' },
      ],
      warnings: r.dropped > 0 ? [`${r.dropped} dropped messages`] : [],
    };
  },
};
