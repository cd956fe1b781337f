// Benchmark (not a test): how much of a campaign's wall time is spent measuring.
//   node --import tsx bench/campaign-overhead.ts [<campaign dir>]
// Without a directory it first runs `netbench collect --quick` (runc, crun, runsc; the paper's
// pairs; idle) into a temporary directory. Reports:
//   - wall time / sum of client-container times of the runs that gave values (the physical limit is 1.0; aim at <= 1.10)
//   - from timeline.jsonl: the same over every attempt (failed ones included), and the seconds per phase
//   - wall time / sum of the tools' nominal measuring times (iperf3 -t + -O, ping count x interval, sockperf -t, siege -t)
//   - coefficient of variation of idle runc bridge,bridge bandwidth over the repetitions
// Only sessions that recorded their end count: a killed session's wall time is unknown.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLUMNS, parseCsv } from '../src/dataset/measurements.js';
import { PHASES, TIMELINE, type TimelineEntry } from '../src/dataset/timeline.js';
import type { Manifest } from '../src/dataset/manifest.js';

const root = new URL('..', import.meta.url).pathname;
let dir = process.argv[2];
if (!dir) {
  const out = mkdtempSync(join(tmpdir(), 'nbbench-'));
  execFileSync(
    'node',
    [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      '-q',
      'collect',
      '--quick',
      '--loads',
      'idle',
      '--experiments',
      'bandwidth,latency',
      '--out',
      out,
    ],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  dir = join(out, readdirSync(out)[0]!);
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const [, ...records] = parseCsv(readFileSync(join(dir, 'measurements.csv'), 'utf8')).records;
const rows = records.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i] ?? '']))) as Array<
  Record<(typeof COLUMNS)[number], string>
>;

// Only sessions that recorded their end have a known wall time; a killed session's rows and attempts
// are left out of every ratio (its measuring time would count against wall time nobody recorded).
const ended = manifest.sessions.filter((x) => x.endedAt);
const within = (x: (typeof ended)[number], at: string) => at >= x.startedAt && at <= x.endedAt!;
const inEnded = (at: string) => ended.some((x) => within(x, at));
const wallOf = (xs: typeof ended) => xs.reduce((s, x) => s + (Date.parse(x.endedAt!) - Date.parse(x.startedAt)) / 1000, 0);
const wallS = wallOf(ended);
const runs = new Map<string, Record<string, string>>();
for (const r of rows)
  if (r.status !== 'unsupported' && inEnded(r.started_at))
    runs.set(`${r.experiment}|${r.runtime}|${r.client_driver}|${r.server_driver}|${r.load}|${r.rep}|${r.warmup}|${r.probe}`, r);
const clientS = [...runs.values()].reduce((s, r) => s + (Number(r.duration_s) || 0), 0);
const c = manifest.config;
const nominal: Record<string, number> = {
  iperf3: c.iperf3.durationS + c.iperf3.omitS,
  ping: c.ping.count * c.ping.intervalS,
  sockperf: c.sockperf.durationS,
  ...(c.iperf3Udp ? { 'iperf3-udp': c.iperf3Udp.durationS + c.iperf3Udp.omitS } : {}),
  ...(c.http ? { siege: c.http.durationS } : {}),
};
const nominalS = [...runs.values()].reduce((s, r) => s + (nominal[r.probe ?? ''] ?? 0), 0);
const bw = rows
  .filter(
    (r) =>
      r.metric === 'bandwidth' &&
      r.runtime === 'runc' &&
      r.client_driver === 'bridge' &&
      r.server_driver === 'bridge' &&
      r.load === 'idle' &&
      r.warmup === 'false' &&
      r.status === 'ok',
  )
  .map((r) => Number(r.value));
// Where the wall time went, from the runner's timeline.jsonl (campaigns since it was added): every
// attempt's phases, failed attempts included (their client time is measuring time that gave no value).
const timelineFile = join(dir, TIMELINE);
const timeline = existsSync(timelineFile)
  ? readFileSync(timelineFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TimelineEntry)
      .filter((x) => inEnded(x.at))
  : [];
// The wall time of the ended sessions that wrote a timeline (one older than it has none).
const timelineWallS = wallOf(ended.filter((x) => timeline.some((e) => within(x, e.at))));
const sum = (xs: TimelineEntry[], k: keyof TimelineEntry) => xs.reduce((s, x) => s + (Number(x[k]) || 0), 0);
const failed = timeline.filter((x) => !x.ok);
const attempts = timeline.length
  ? {
      attempts: timeline.length,
      failedAttempts: failed.length,
      clientAllAttemptsS: sum(timeline, 'client'),
      clientFailedAttemptsS: sum(failed, 'client'),
      wallS: timelineWallS,
      ratioToAllClientTime: timelineWallS / sum(timeline, 'client'),
      phaseS: Object.fromEntries(PHASES.map((p) => [p, { total: sum(timeline, p), perAttempt: sum(timeline, p) / timeline.length }])),
      outsideAttemptsS: timelineWallS - sum(timeline, 'total_s'),
    }
  : 'no timeline.jsonl (campaign older than the timeline)';
const mean = bw.reduce((a, b) => a + b, 0) / bw.length;
const sd = Math.sqrt(bw.reduce((a, b) => a + (b - mean) ** 2, 0) / (bw.length - 1));
console.log(
  JSON.stringify(
    {
      campaign: manifest.campaignId,
      sessionsCounted: `${ended.length} of ${manifest.sessions.length} (killed sessions have no end time and are left out)`,
      probeRuns: runs.size,
      wallS,
      clientContainerS: clientS,
      nominalToolS: nominalS,
      ratioToClientTime: wallS / clientS,
      ratioToNominal: wallS / nominalS,
      timeline: attempts,
      runcBridgeIdle: { n: bw.length, meanGbps: mean / 1e9, cv: sd / mean },
    },
    null,
    2,
  ),
);
