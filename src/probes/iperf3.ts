// iperf3: the bandwidth probe. Builds the argv of server and client, parses the client's JSON (-J).
// Pure functions only; the runner executes them.
import { z } from 'zod';
import { describeError } from '../base/errors.js';
import { ProbeOutputError, SERVER_READY, waitListening, type ParsedProbe, type Probe, type ProbeRun, type Sample } from './probe.js';
import { stalledWarning } from '../model/warnings.js';
import { COST_METRICS, metricSpecs } from '../model/metrics.js';

export interface Iperf3Options {
  port: number;
  durationS: number;
  /** Seconds at the start left out of the result (TCP slow start). */
  omitS: number;
  /** Parallel streams (-P). */
  streams?: number;
  /**
   * Seconds between the interval reports (-i, on both sides; iperf3's own 1 when absent). A stall is
   * counted per interval, so a short run needs short ones: about ten per measured run.
   */
  intervalS?: number;
}

export const IPERF3_DEFAULTS: Iperf3Options = { port: 5201, durationS: 10, omitS: 2 };

/** `campaign.iperf3`. */
export const IPERF3_SETTINGS = z
  .object({
    // in the defaults' order, so a manifest lists the fields alike whether they were given or not
    port: z.number().int().min(1).max(65535).default(IPERF3_DEFAULTS.port),
    durationS: z.number().positive().max(3600).default(IPERF3_DEFAULTS.durationS),
    omitS: z.number().int().min(0).max(60).default(IPERF3_DEFAULTS.omitS),
    streams: z.number().int().min(1).max(128).default(1),
    // iperf3 takes 0.1 to 60 s; absent (iperf3's 1 s) in the paper's protocol and its manifests
    intervalS: z.number().min(0.1).max(60).optional(),
  })
  .strict()
  .default({ ...IPERF3_DEFAULTS, streams: 1 });

/**
 * The report interval of a run of `durationS` seconds when none is given: about ten reports per
 * measured run (a tenth of it, 0.1 s at least), so that a stall can show in a short run; runs of
 * 10 s and more keep iperf3's own 1 s (undefined: no -i, the paper's commands). Pure.
 */
export const derivedIntervalS = (durationS: number): number | undefined => {
  const tenth = Math.max(0.1, Math.round(durationS * 10) / 100);
  return tenth < 1 ? tenth : undefined;
};

/** The seconds between a run's interval reports: its -i, or iperf3's own 1 s. Pure. */
export const reportIntervalOf = (o: Pick<Iperf3Options, 'intervalS'>): number => o.intervalS ?? 1;

/** `-i` when the interval is not iperf3's own 1 s (so the paper's commands stay as they were). Pure. */
const intervalArgs = (intervalS: number | undefined): string[] =>
  intervalS !== undefined && intervalS !== 1 ? ['-i', String(intervalS)] : [];

/**
 * A one-off server (-1) that writes its own JSON report (the receiver's view) to stdout, and a
 * marker on stderr once the port is listening. iperf3 -J prints nothing at start, so readiness is
 * read from /proc/net/tcp{,6} (present in runc, crun and gVisor alike); the wait is bounded.
 */
export function iperf3ServerCommand(port: number, intervalS?: number): string[] {
  const iperf3 = ['iperf3', '-s', '-1', '-J', ...intervalArgs(intervalS), '-p', String(port)].join(' ');
  return ['bash', '-c', `${iperf3} & pid=$!; ${waitListening(port, 'tcp')}; wait $pid`];
}

export { SERVER_READY };

export function iperf3ClientCommand(target: string, o: Iperf3Options): string[] {
  return [
    'iperf3',
    '-c',
    target,
    '-p',
    String(o.port),
    '-t',
    String(o.durationS),
    ...(o.omitS > 0 ? ['-O', String(o.omitS)] : []),
    ...(o.streams && o.streams > 1 ? ['-P', String(o.streams)] : []),
    ...intervalArgs(o.intervalS),
    '-J',
  ];
}

export interface Iperf3Result {
  /** Bits per second received by the server (the number the paper plots). */
  receivedBps: number;
  sentBps: number;
  retransmits: number;
  /** CPU use of the sending (client) and receiving (server) process, % of one host. */
  senderCpuPct: number;
  receiverCpuPct: number;
  /** Measured seconds (after the omitted ones). */
  durationS: number;
  /** Interval reports (not omitted) that moved under 1 % of the run's best one, and all interval reports (not omitted). */
  stalledIntervals: number;
  intervals: number;
  /** Their length (s): the run's -i, which the caller gives (a report does not say it). */
  intervalS: number;
  /** The connection's maximum segment size (bytes) that the client's kernel gave; undefined in a server's report (which says 0). */
  mssBytes: number | undefined;
  /** Lines iperf3 printed before its JSON (e.g. gVisor hostinet: "Size of data read does not correspond..."). */
  warnings: string[];
}

/** The parts of an iperf3 -J report of a TCP test the probe reads (all optional: checked below). */
const Iperf3TcpJson = z.object({
  error: z.string().optional(),
  start: z
    .object({ test_start: z.object({ duration: z.number() }).partial().optional(), tcp_mss_default: z.number() })
    .partial()
    .optional(),
  intervals: z
    .array(z.object({ sum: z.object({ bits_per_second: z.number(), seconds: z.number(), omitted: z.boolean() }).partial().optional() }))
    .optional(),
  end: z
    .object({
      sum_sent: z
        .object({ bits_per_second: z.number(), retransmits: z.number().optional(), seconds: z.number().optional() })
        .partial()
        .optional(),
      sum_received: z.object({ bits_per_second: z.number(), seconds: z.number() }).partial().optional(),
      cpu_utilization_percent: z.object({ host_total: z.number(), remote_total: z.number() }).partial().optional(),
    })
    .optional(),
});

/**
 * The JSON document of an iperf3 -J run and the lines printed before it (iperf3 may write warnings
 * on stdout before the document, which starts at a line "{"); iperf3's own `error` is thrown,
 * unless `keepError` says the report stands despite it (it then becomes a warning).
 */
export function iperf3Json<T extends { error?: string }>(
  text: string,
  schema: z.ZodType<T>,
  keepError: (json: T) => boolean = () => false,
): { json: T; warnings: string[] } {
  const start = text.search(/^\{/m);
  const warnings = (start > 0 ? text.slice(0, start) : '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let raw: unknown;
  try {
    if (start < 0) throw new Error('no JSON');
    raw = JSON.parse(text.slice(start));
  } catch {
    throw new ProbeOutputError('iperf3', `output is not JSON: ${text.trim().slice(0, 200) || '(empty)'}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ProbeOutputError(
      'iperf3',
      `unexpected JSON report: ${issue ? `${issue.path.join('.')}: ${issue.message}` : r.error.message}`,
    );
  }
  const json = r.data;
  if (json.error) {
    if (!keepError(json)) throw new ProbeOutputError('iperf3', json.error);
    warnings.push(`iperf3: ${json.error} (after the whole transfer: its report is kept)`);
  }
  return { json, warnings };
}

/**
 * iperf3's errors in the exchange of results that follows the transfer. A gVisor hostinet client
 * fails its side ("unable to receive results: Resource temporarily unavailable") and closes the
 * control connection, so the server's own report then ends in "error - unable to send results:
 * Bad file descriptor" or "... send control message: ..." (all 6 attempts of runsc, host,bridge,
 * rep 2 in the demo of 2026-12-04): after a transfer that ran its whole time.
 */
const EXCHANGE_ERROR = /^(error - )?unable to (send|receive) (results|control message)\b/;

/** The share of the test's duration a report must cover to count as the whole transfer (its seconds run a few ms over). */
const WHOLE_RUN_SHARE = 0.99;

/** A report whose error came in the results exchange after it had received for the test's whole duration: its numbers stand. Pure. */
function errorAfterWholeTransfer(j: z.infer<typeof Iperf3TcpJson>): boolean {
  const duration = j.start?.test_start?.duration;
  const received = j.end?.sum_received?.seconds;
  return (
    EXCHANGE_ERROR.test(j.error ?? '') &&
    duration !== undefined &&
    duration > 0 &&
    received !== undefined &&
    received >= duration * WHOLE_RUN_SHARE
  );
}

/**
 * A report of a run made with `-i intervalS`. The interval is the run's setting, not read from the
 * report: iperf3 does not record it, and the lengths of the reports drift from it when its timer
 * runs late (runsc under stress-ng: a median of 0.11 s for -i 0.1). Pure.
 */
export function parseIperf3(text: string, intervalS: number): Iperf3Result {
  const { json: j, warnings } = iperf3Json(text, Iperf3TcpJson, errorAfterWholeTransfer);
  const sent = j.end?.sum_sent;
  const recv = j.end?.sum_received;
  // Interval reports whose rate is under 1 % of the run's best one (omitted ones included): the
  // transfer stalled there (gVisor under load: one retransmitted segment a second). The server's
  // report can end with a fragment of a fraction of a millisecond (the test's end arriving just
  // after the last full interval, a few hundred bytes): under half an interval, it is not one.
  const reported = (j.intervals ?? []).flatMap((i) =>
    i.sum?.bits_per_second !== undefined ? [{ bps: i.sum.bits_per_second, seconds: i.sum.seconds, omitted: i.sum.omitted === true }] : [],
  );
  // only the last interval can be the fragment: one cut short mid-run (a late timer under load) is a
  // piece of the transfer like any other
  const last = reported.at(-1);
  const rates = last?.seconds !== undefined && last.seconds < intervalS / 2 ? reported.slice(0, -1) : reported;
  const best = rates.reduce((m, i) => Math.max(m, i.bps), 0);
  const measured = rates.filter((i) => !i.omitted);
  const stalled = measured.filter((i) => i.bps < best / 100);
  if (typeof recv?.bits_per_second !== 'number' || typeof sent?.bits_per_second !== 'number') {
    throw new ProbeOutputError('iperf3', 'JSON has no end.sum_received / end.sum_sent (interrupted run?)');
  }
  return {
    receivedBps: recv.bits_per_second,
    sentBps: sent.bits_per_second,
    retransmits: sent.retransmits ?? 0,
    senderCpuPct: j.end?.cpu_utilization_percent?.host_total ?? NaN,
    receiverCpuPct: j.end?.cpu_utilization_percent?.remote_total ?? NaN,
    durationS: recv.seconds ?? sent.seconds ?? NaN,
    stalledIntervals: stalled.length,
    intervals: measured.length,
    intervalS,
    mssBytes: j.start?.tcp_mss_default || undefined,
    warnings,
  };
}

/** The warning of a server report whose transfer stalled (undefined: none); the collector and `netbench stalls` both use it. Pure. */
export const stallWarningOf = (r: Pick<Iperf3Result, 'stalledIntervals' | 'intervals' | 'intervalS'>): string | undefined =>
  r.stalledIntervals > 0 ? stalledWarning(r.stalledIntervals, r.intervals, r.intervalS) : undefined;

const bitsToBytes = (bps: number | undefined): number | undefined => (bps === undefined ? undefined : bps / 8);

/**
 * Bandwidth: iperf3 TCP. The received rate comes from the server's own JSON report, so a run whose
 * transfer completed counts even when the results exchange failed (gVisor hostinet: "unable to
 * receive results: Resource temporarily unavailable"); the client's error, and the server's own
 * when it came in that exchange after the whole transfer (errorAfterWholeTransfer), become warnings.
 */
export const iperf3Probe: Probe<Iperf3Options> = {
  name: 'iperf3',
  experiment: 'bandwidth',
  settings: IPERF3_SETTINGS,
  // ten interval reports per measured run, as the paper's 10 s at iperf3's 1 s
  quick: { durationS: 2, omitS: 1 }, // reporting every 0.2 s (derivedIntervalS)
  tool: { name: 'iperf3', version: 'iperf3 --version | head -1' },
  metrics: metricSpecs('bandwidth', 'sent_bandwidth', 'retransmits', 'sender_cpu', 'receiver_cpu', 'tcp_mss', ...COST_METRICS),
  supports: () => undefined,
  server: (o) => ({ cmd: iperf3ServerCommand(o.port, o.intervalS), ports: [{ port: o.port, proto: 'tcp' }] }),
  client: (target, o) => iperf3ClientCommand(target, o),
  runS: (o) => o.durationS + o.omitS,
  timeoutS: (o) => o.durationS + o.omitS + 30,
  serverExitsAfterClient: true,
  // the seconds after the omitted ones, and the rate the server received then
  cost: {
    interval: (o) => ({ fromS: o.omitS, toS: o.omitS + o.durationS }),
    bytesPerSecond: (p) => bitsToBytes(p.samples.find((s) => s.metric === 'bandwidth')?.value),
  },
  parse(run: ProbeRun, o): ParsedProbe {
    const received = parseIperf3(run.serverStdout, reportIntervalOf(o));
    let sender: Iperf3Result | undefined;
    const warnings: string[] = [...received.warnings];
    // The value stays (it is what the run moved); the warning says which repetitions stalled.
    const stall = stallWarningOf(received);
    if (stall) warnings.push(stall);
    try {
      sender = parseIperf3(run.clientStdout, reportIntervalOf(o));
      warnings.push(...sender.warnings);
    } catch (e) {
      warnings.push(`client: ${describeError(e)}`);
    }
    const samples: Sample[] = [
      { metric: 'bandwidth', value: received.receivedBps, unit: 'bit/s' },
      { metric: 'receiver_cpu', value: received.senderCpuPct, unit: '%' },
    ];
    if (sender) {
      samples.push(
        { metric: 'sent_bandwidth', value: sender.sentBps, unit: 'bit/s' },
        { metric: 'retransmits', value: sender.retransmits, unit: 'count' },
        { metric: 'sender_cpu', value: sender.senderCpuPct, unit: '%' },
      );
      if (sender.mssBytes !== undefined) samples.push({ metric: 'tcp_mss', value: sender.mssBytes, unit: 'bytes' });
    }
    return { samples: samples.filter((x) => Number.isFinite(x.value)), warnings };
  },
};
