// The blog post's HTTP experiment: siege (`-c 512 -t 60s` by default) on host A against an nginx
// service on host B, with the service's CPU and memory from the Docker stats API while siege runs.
// siege 4.0.7 prints its summary as JSON on stdout (Debian's siegerc sets json_output) or as text
// on stderr, and exits 0 even when nothing connected, so the parser, not the exit code, decides.
// Pure.
import { keysOf, recordOf } from '../base/records.js';
import { z } from 'zod';
import { ProbeOutputError } from './probe.js';
import { resourceUsageOf } from './docker-stats.js';
import { stripAnsi, waitListening, type Probe, type Sample } from './probe.js';
import { COST_METRICS, METRICS, metricSpecs, type Metric } from '../model/metrics.js';
import { PAIR_TEXT } from '../model/pairs.js';
import { BASELINE_RUNTIME, canonicalRuntime } from '../model/runtimes.js';
import { parsesWith } from '../base/refine.js';

export interface HttpOptions {
  /** siege -c: concurrent simulated users. */
  concurrency: number;
  /** siege -t, in seconds. */
  durationS: number;
  port: number;
  /** Open-file limit (soft = hard) of the client and server containers: siege needs one descriptor per user. */
  nofile: number;
  /** Driver pairs of the HTTP experiment (the blog: one internal network, our bridge,bridge). */
  pairs: string[];
  /**
   * Runtimes of the HTTP experiment, of the campaign's (absent: all of them, and the bare host
   * with the baseline); the bare host only when named (`bare`).
   */
  runtimes?: string[];
}

export const HTTP_DEFAULTS: HttpOptions = { concurrency: 512, durationS: 60, port: 8080, nofile: 8192, pairs: ['bridge,bridge'] };

/** A runtime's name (aliases resolved), or the bare host's. */
export const httpRuntime = (name: string): string => (name === BASELINE_RUNTIME ? name : canonicalRuntime(name));

/** `campaign.http`. */
export const HTTP_SETTINGS = z
  .object({
    concurrency: z.number().int().min(1).max(4096).default(HTTP_DEFAULTS.concurrency),
    durationS: z.number().int().min(1).max(3600).default(HTTP_DEFAULTS.durationS),
    port: z.number().int().min(1).max(65535).default(HTTP_DEFAULTS.port),
    nofile: z.number().int().min(1024).max(1_048_576).default(HTTP_DEFAULTS.nofile),
    pairs: z.array(PAIR_TEXT).min(1).default(HTTP_DEFAULTS.pairs),
    runtimes: z
      .array(z.string().refine(parsesWith(httpRuntime), 'unknown runtime (known: runc, crun, runsc, kata, and bare)'))
      .min(1)
      .optional(),
  })
  .strict()
  .default(HTTP_DEFAULTS);

/** siege's summary; sizes in siege's MB (2^20 bytes), times in seconds as siege prints them. */
export interface SiegeSummary {
  transactions: number;
  availability: number;
  elapsedS: number;
  dataMB: number;
  responseTimeS: number;
  transactionRate: number;
  throughputMBs: number;
  concurrency: number;
  successful: number;
  failed: number;
  longestS: number;
  shortestS: number;
}

/** Each field of the summary: its name in siege's JSON and the label of its text line. */
const FIELDS: { [K in keyof SiegeSummary]: { json: string; text: string } } = {
  transactions: { json: 'transactions', text: 'Transactions' },
  availability: { json: 'availability', text: 'Availability' },
  elapsedS: { json: 'elapsed_time', text: 'Elapsed time' },
  dataMB: { json: 'data_transferred', text: 'Data transferred' },
  responseTimeS: { json: 'response_time', text: 'Response time' },
  transactionRate: { json: 'transaction_rate', text: 'Transaction rate' },
  throughputMBs: { json: 'throughput', text: 'Throughput' },
  concurrency: { json: 'concurrency', text: 'Concurrency' },
  successful: { json: 'successful_transactions', text: 'Successful transactions' },
  failed: { json: 'failed_transactions', text: 'Failed transactions' },
  longestS: { json: 'longest_transaction', text: 'Longest transaction' },
  shortestS: { json: 'shortest_transaction', text: 'Shortest transaction' },
};
const FIELD_KEYS = keysOf(FIELDS);

const SiegeJson = z.record(z.string(), z.unknown());

/** The summary when every field has a number, from `value` (one field's number or undefined). */
function summaryOf(value: (f: { json: string; text: string }) => number | undefined): SiegeSummary | undefined {
  const values = recordOf(FIELD_KEYS, (k) => value(FIELDS[k]));
  return isComplete(values) ? values : undefined;
}

const isComplete = (v: { [K in keyof SiegeSummary]: number | undefined }): v is SiegeSummary => FIELD_KEYS.every((k) => v[k] !== undefined);

/**
 * What siege prints when it runs out of file descriptors ("descriptor table full sock.c:402: Too
 * many open files"): it does not stop, its users' connections fail and the summary describes a
 * smaller load than asked for, so such a run is an error, not data.
 */
const FD_EXHAUSTED = /Too many open files|descriptor table full/;

/**
 * How many failed transactions make siege give up: its built-in `failures` (Debian's siegerc, which
 * the image keeps, leaves the setting commented out). A run that reached it stopped because the
 * server stopped answering.
 */
export const SIEGE_FAILURES_LIMIT = 1024;

/**
 * Whether a run stopped early: its elapsed time is under 90 % of the `-t` asked for and more than
 * a second short of it (siege's own clock reads short runs low: 1.66 s for a healthy -t 2S).
 */
export const stoppedEarly = (elapsedS: number, durationS: number): boolean => elapsedS < Math.min(0.9 * durationS, durationS - 1);

/**
 * siege's summary of one run. `asked`, when given, is what the run asked for: `users`, the
 * concurrency (a run that siege capped below it, by its config's `limit`, measured another load and
 * is an error), and `durationS`, its `-t` (a run that stopped well short of it is flagged, and one
 * that stopped at siege's failure limit is an error).
 */
export function parseSiege(
  stdout: string,
  stderr: string,
  asked: { users?: number; durationS?: number } = {},
): { summary: SiegeSummary; warnings: string[] } {
  const { users, durationS } = asked;
  const all = stripAnsi(`${stdout}\n${stderr}`);
  const refused = [...new Set([...all.matchAll(/^siege: (?:unrecognized|invalid) option[^\n]*/gm)].map((m) => m[0]))];
  const alert = /^\[alert\][^\n]*/m.exec(all)?.[0];
  if (/^Usage: siege /m.test(stdout)) {
    // siege prints its usage after an [alert] too (`-f` a file it cannot open): that is the reason
    throw new ProbeOutputError(
      'siege',
      alert
        ? `${alert.replace(/^\[alert\]\s*/, '')} (siege then printed its usage text)`
        : `it printed its usage text: its command line was not accepted${refused.length ? ` (${refused.join('; ')})` : ''}`,
    );
  }
  const cap = /The number of users is capped at (\d+)/.exec(all);
  if (cap && users !== undefined && Number(cap[1]) < users) {
    throw new ProbeOutputError(
      'siege',
      `it ran ${cap[1]} users, not the ${users} asked for: its config caps users at ${cap[1]} (\`limit\` in ~/.siege/siege.conf; the image sets 1024)`,
    );
  }
  const aborted = /^siege aborted due to [^;\n]*/m.exec(all)?.[0];
  const errors = [...all.matchAll(/^\[error\][^\n]*$/gm)].map((m) => m[0]);
  const fdErrors = errors.filter((e) => FD_EXHAUSTED.test(e)).length + (FD_EXHAUSTED.test(all) && !errors.length ? 1 : 0);
  if (fdErrors) {
    throw new ProbeOutputError(
      'siege',
      `hit the open-file limit (${fdErrors} "Too many open files" error(s)): raise campaign.http.nofile, the containers' open-file limit, or lower --concurrency`,
    );
  }
  const summary = siegeJson(stdout) ?? siegeText(all);
  if (!summary) {
    const last = all.trim().split('\n').slice(-2).join(' | ') || '(empty)';
    throw new ProbeOutputError('siege', `no summary in output: ${last}`);
  }
  if (summary.successful === 0) {
    // every response an HTTP error (a wrong path: 404), or no connection at all
    const why =
      summary.transactions > 0 && summary.failed === 0
        ? `all ${summary.transactions} responses had an HTTP error status (4xx or 5xx)`
        : [aborted, errors[0] ?? `${summary.failed} failed`].filter(Boolean).join('; ');
    throw new ProbeOutputError('siege', `no transaction succeeded (${why})`);
  }
  const early = durationS !== undefined && stoppedEarly(summary.elapsedS, durationS);
  if (early && summary.failed >= SIEGE_FAILURES_LIMIT) {
    throw new ProbeOutputError(
      'siege',
      `it stopped after ${summary.elapsedS} s of the ${durationS} s asked for: ${summary.failed} transactions failed, siege's limit (${SIEGE_FAILURES_LIMIT}), so the server stopped answering (${errors[0] ?? aborted ?? 'no error line'})`,
    );
  }
  // Availability below 100 % is data (the failed count and availability say it); the errors' first line says why.
  const warnings: string[] = [];
  if (early) warnings.push(`stopped early: siege ran ${summary.elapsedS} s of the ${durationS} s asked for`);
  // responses with an HTTP error status (404, 500) are transactions to siege, neither successful nor failed
  const erred = summary.transactions - summary.successful;
  if (erred > 0 && summary.failed === 0)
    warnings.push(
      `${erred} of ${summary.transactions} transactions had an HTTP error status (4xx or 5xx): siege counts them in its transactions and rate, not as failed (http_successful_rate leaves them out)`,
    );
  if (errors.length) warnings.push(`${errors.length} siege error line(s), first: ${errors[0]}`);
  if (alert) warnings.push(alert);
  if (aborted) warnings.push(aborted);
  warnings.push(...refused);
  return { summary, warnings };
}

function siegeJson(stdout: string): SiegeSummary | undefined {
  const start = stdout.search(/\{\s*"transactions"/);
  if (start < 0) return undefined;
  const end = stdout.indexOf('}', start);
  if (end < 0) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const r = SiegeJson.safeParse(raw);
  const data = r.success ? r.data : {};
  const summary = summaryOf((f) => {
    const v = data[f.json];
    return typeof v === 'number' ? v : undefined;
  });
  if (!summary) {
    const lacking = FIELD_KEYS.map((k) => FIELDS[k].json).filter((j) => typeof data[j] !== 'number');
    throw new ProbeOutputError('siege', `JSON summary without the expected fields: no number for ${lacking.join(', ')}`);
  }
  return summary;
}

function siegeText(text: string): SiegeSummary | undefined {
  return summaryOf((f) => {
    const m = new RegExp(`^${f.text}:\\s+(-?[\\d.]+)`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  });
}

const SIEGE_METRICS: Array<[keyof SiegeSummary, Metric]> = [
  ['transactions', 'http_transactions'],
  ['availability', 'http_availability'],
  ['elapsedS', 'http_elapsed'],
  ['dataMB', 'http_data_transferred'],
  ['responseTimeS', 'http_response_time'],
  ['transactionRate', 'http_transaction_rate'],
  ['throughputMBs', 'http_throughput'],
  ['concurrency', 'http_concurrency'],
  ['successful', 'http_successful_transactions'],
  ['failed', 'http_failed_transactions'],
  ['longestS', 'http_longest_transaction'],
  ['shortestS', 'http_shortest_transaction'],
];

const STATS_METRICS = metricSpecs('server_cpu_mean', 'server_cpu_max', 'server_mem_mean', 'server_mem_max', 'server_stats_samples');

/** nginx: light, in Debian, event-driven like real services; one worker per CPU the container sees. */
export const NGINX_CONF_PATH = '/etc/nginx/netbench.conf';
export const nginxConf = (port: number): string =>
  [
    'daemon off;',
    'user root;',
    'worker_processes auto;',
    'pid /tmp/nginx.pid;',
    'error_log stderr warn;',
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    '  client_body_temp_path /tmp;',
    '  default_type text/html;',
    `  server { listen ${port} reuseport; root /www; index index.html; }`,
    '}',
    '',
  ].join('\n');

export const siegeProbe: Probe<HttpOptions> = {
  name: 'siege',
  experiment: 'http',
  settings: HTTP_SETTINGS,
  quick: { concurrency: 32, durationS: 3 },
  tool: { name: 'siege', version: 'siege --version 2>&1 | head -1' },
  metrics: [
    ...metricSpecs(...SIEGE_METRICS.map(([, metric]) => metric), 'http_successful_rate'),
    ...STATS_METRICS,
    ...metricSpecs(...COST_METRICS),
  ],
  supports: () => undefined,
  server: (o) => ({
    // The config names the port, so write it where nginx reads it, then wait until it listens.
    cmd: [
      'bash',
      '-c',
      `printf '%s' '${nginxConf(o.port)}' > /tmp/nginx.conf && nginx -c /tmp/nginx.conf & pid=$!; ${waitListening(o.port, 'tcp')}; wait $pid`,
    ],
    ports: [{ port: o.port, proto: 'tcp' }],
  }),
  // The blog's command line; the siegerc in the image lifts Debian's limit of 255 users.
  client: (target, o) => ['siege', '-c', String(o.concurrency), '-t', `${o.durationS}S`, `http://${target}:${o.port}/`],
  runS: (o) => o.durationS,
  // siege 4.0.7 (Debian bookworm) sometimes never exits after "Lifting the server siege...": a
  // thread cancelled at the deadline while holding a libc lock (JoeDog/siege#66, #4 and #178, fixed
  // in siege 4.1.4). Seen with gdb on 2026-12-03 (8th run of -c 64 -t 3S on runc): every worker
  // thread waits in __libc_thread_freeres -> tcache_thread_shutdown -> _int_free for a malloc arena
  // lock that a cancelled thread took with it, and main waits in pthread_join. Turning the tcache
  // off (GLIBC_TUNABLES=glibc.malloc.tcache_count=0) does not help: 5 hangs in 40 runs. A healthy
  // run ends within a second or two of its duration (the slowest of 3 demo campaigns' 28 runs of
  // -t 3S: 4.4 s with its container's start; of -t 60S: 65.4 s), so the margin is what a hung run
  // costs before it is killed and retried (recorded in attempts.txt); it grows with the run, up to 30 s.
  timeoutS: (o) => o.durationS + Math.min(30, 5 + o.durationS / 2),
  serverExitsAfterClient: false,
  monitorServer: true,
  // the whole siege, and the response bodies it received (siege's throughput, MiB/s)
  cost: {
    interval: (o) => ({ fromS: 0, toS: o.durationS }),
    bytesPerSecond: (p) => {
      const mib = p.samples.find((s) => s.metric === 'http_throughput')?.value;
      return mib === undefined ? undefined : mib * 2 ** 20;
    },
  },
  nofile: (o) => o.nofile,
  parse(run, o) {
    const { summary, warnings } = parseSiege(run.clientStdout, run.clientStderr, { users: o.concurrency, durationS: o.durationS });
    const samples: Sample[] = SIEGE_METRICS.map(([k, metric]) => ({ metric, value: summary[k], unit: METRICS[metric].unit }));
    // siege's rate counts every response; this one only those with a status under 400
    if (summary.elapsedS > 0) samples.push({ metric: 'http_successful_rate', value: summary.successful / summary.elapsedS, unit: '1/s' });
    const stats = resourceUsageOf(run.serverStats ?? []);
    if (stats) {
      samples.push(
        { metric: 'server_cpu_mean', value: stats.cpuMeanPercent, unit: '%' },
        { metric: 'server_cpu_max', value: stats.cpuMaxPercent, unit: '%' },
        { metric: 'server_mem_mean', value: stats.memMeanBytes, unit: 'B' },
        { metric: 'server_mem_max', value: stats.memMaxBytes, unit: 'B' },
        { metric: 'server_stats_samples', value: stats.samples, unit: 'count' },
      );
      return { samples, warnings };
    }
    const why =
      'docker stats gave no usable sample of the server container while siege ran (`netbench doctor` checks that the engine measures containers)';
    return { samples, warnings, missing: Object.fromEntries(STATS_METRICS.map((m) => [m.metric, why])) };
  },
};
