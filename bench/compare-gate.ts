// Benchmark (not a test): how `compare`'s gate behaves on this machine's real noise.
//   node --import tsx bench/compare-gate.ts [splits per campaign]     (default 20; about 5 minutes)
// 1. A/A: comparisons where no runtime changed, counting the cells called better, worse or changed
//    per 100 cells gated, for three families: every cell compared, the headline metrics
//    (bandwidth, sockperf_rtt_p50), and each cell alone (its own 95 % CI); beside them k8s-netperf's
//    rule ("point": the estimate beyond the ±10 % tolerance, no interval). Three kinds:
//    - random halves: each cell's repetitions of one campaign split at random in two (no drift);
//    - session splits: a campaign's sessions split in two groups (the drift between sessions of one
//      campaign, a few hours apart);
//    - across campaigns: two campaigns of the same protocol days apart (kernel builds differ, so an
//      alarm there may be a real change of the machine).
// 2. Detection: a change of 5, 10, 20 or 50 % (the worse way) put into one cell of B. A and B are
//    random halves of two campaigns days apart pooled (about 15 repetitions a side, the paper's
//    number, each side a mix of both campaigns' sessions); the share called worse, by the cell's
//    CV, for the same families (point: the estimate beyond the tolerance).
// 3. Normalising, per metric: the alarms of session splits and of campaigns days apart with each
//    metric's values as measured and divided by the bare host (the simultaneous CI over 180 cells,
//    a full comparison's family), and the mean standard error of log(B/A) each way. This is the
//    evidence for the catalogue's `normalise: 'bare'`.
// Sections 1 and 2 normalise as compare does by default (the catalogue's choice).
import { from, type ColumnTable } from 'arquero';
import prand from 'pure-rand';
import { join } from 'node:path';
import { loadCampaign, measurementRows } from '../src/dataset/load.js';
import { groupBy } from '../src/analysis/cells.js';
import { compareCampaigns, type CampaignComparison, type CellChange } from '../src/compare/campaign-compare.js';
import { directionOf } from '../src/model/metrics.js';

const COLS = ['campaign_id', 'experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value', 'session'] as const;
type Row = { [K in (typeof COLS)[number]]: K extends 'value' ? number | null : K extends 'session' ? number : string };

const DATA = new URL('../data/raw/', import.meta.url).pathname;
const CAMPAIGNS = ['2026-11-23T0915Z-nb', '2026-11-23T2034Z-nb', '2026-12-02T1215Z-nb', '2026-12-02T1944Z-nb', '2026-12-03T0315Z-nb'];
const PAIRS: Array<[string, string]> = [
  ['2026-11-23T0915Z-nb', '2026-11-23T2034Z-nb'],
  ['2026-11-23T2034Z-nb', '2026-12-02T1215Z-nb'],
  ['2026-11-23T0915Z-nb', '2026-12-02T1215Z-nb'],
  ['2026-12-02T1944Z-nb', '2026-12-03T0315Z-nb'],
];
const HEADLINE = ['bandwidth', 'sockperf_rtt_p50'];
const CHANGES = [0.05, 0.1, 0.2, 0.5];
const TOLERANCE = 0.1;
const splits = Number(process.argv[2] ?? 20);
const rng = prand.xoroshiro128plus(20261206);

const rowsOf = new Map<string, Row[]>();
for (const id of new Set([...CAMPAIGNS, ...PAIRS.flat()])) {
  const c = await loadCampaign(join(DATA, id));
  rowsOf.set(id, measurementRows(c.table, [...COLS]));
}

const cellId = (r: { metric: string; runtime: string; pair: string; load: string }) => `${r.metric}|${r.runtime}|${r.pair}|${r.load}`;
const decisive = (v: string) => v === 'worse' || v === 'better' || v === 'changed';
const compare = (a: ColumnTable, b: ColumnTable, extra: Partial<Parameters<typeof compareCampaigns>[2]> = {}): CampaignComparison =>
  compareCampaigns(a, b, { tolerance: TOLERANCE, normalise: true, ...extra });

interface Alarms {
  comparisons: number;
  /** cells gated, alarms among them, comparisons with any alarm: per family */
  gated: Record<Family, number>;
  alarms: Record<Family, number>;
  anyAlarm: Record<Family, number>;
}
type Family = 'all' | 'headline' | 'alone' | 'point';
const FAMILIES: Family[] = ['all', 'headline', 'alone', 'point'];
const zero = (): Record<Family, number> => ({ all: 0, headline: 0, alone: 0, point: 0 });
const newAlarms = (): Alarms => ({ comparisons: 0, gated: zero(), alarms: zero(), anyAlarm: zero() });

function countAlarms(into: Alarms, a: Row[], b: Row[]): void {
  const ta = from(a);
  const tb = from(b);
  const all = compare(ta, tb);
  const head = compare(ta, tb, { metrics: HEADLINE });
  const gated = (r: CampaignComparison) => r.cells.filter((c) => c.ratio !== null);
  const add = (f: Family, cells: CellChange[], alarm: (c: CellChange) => boolean) => {
    const n = cells.filter(alarm).length;
    into.gated[f] += cells.length;
    into.alarms[f] += n;
    if (n) into.anyAlarm[f]++;
  };
  into.comparisons++;
  add('all', gated(all), (c) => decisive(c.verdict));
  add('headline', gated(head), (c) => decisive(c.verdict));
  add('alone', gated(all), (c) => decisive(c.ownVerdict));
  // k8s-netperf's rule: the estimate beyond the tolerance, no interval
  add('point', gated(all), (c) => Math.abs(c.ratio! - 1) > TOLERANCE);
}

/** Each cell's repetitions of a campaign in two random halves (the bare host's too), sessions kept. */
function randomHalves(rows: Row[]): [Row[], Row[]] {
  const byCell = groupBy(rows, (r) => `${r.experiment}|${cellId(r)}`);
  const a: Row[] = [];
  const b: Row[] = [];
  for (const rs of byCell.values()) {
    const shuffled = [...rs];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = prand.unsafeUniformIntDistribution(0, i, rng);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const half = Math.floor(shuffled.length / 2);
    a.push(...shuffled.slice(0, half).map((r) => ({ ...r, campaign_id: 'A' })));
    b.push(...shuffled.slice(half).map((r) => ({ ...r, campaign_id: 'B' })));
  }
  return [a, b];
}

/** Every split of a campaign's sessions in two groups (the group with the first session as A). */
function sessionSplits(rows: Row[]): Array<[Row[], Row[]]> {
  const sessions = [...new Set(rows.map((r) => r.session))].sort((x, y) => x - y);
  const out: Array<[Row[], Row[]]> = [];
  for (let mask = 1; mask < 2 ** (sessions.length - 1); mask++) {
    const inB = new Set(sessions.slice(1).filter((_, i) => mask & (1 << i)));
    out.push([rows.filter((r) => !inB.has(r.session)), rows.filter((r) => inB.has(r.session))]);
  }
  return out;
}

const randomAlarms = newAlarms();
const sessionAlarms = newAlarms();
const pairAlarms = newAlarms();
const t0 = performance.now();
for (const id of CAMPAIGNS) {
  const rows = rowsOf.get(id)!;
  for (let i = 0; i < splits; i++) countAlarms(randomAlarms, ...randomHalves(rows));
  for (const [a, b] of sessionSplits(rows)) countAlarms(sessionAlarms, a, b);
  process.stderr.write(`A/A ${id}: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
for (const [x, y] of PAIRS) countAlarms(pairAlarms, rowsOf.get(x)!, rowsOf.get(y)!);

const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(2) : '-');
console.log('\n## False alarms (no runtime changed)\n');
console.log(
  '| A/A comparisons | n | cells gated per comparison (all / headline) | alarms per 100 cells gated: all / headline / alone / point | comparisons with an alarm: all / headline / alone / point |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const [what, al] of [
  [`random halves of ${CAMPAIGNS.length} campaigns (${splits} each)`, randomAlarms],
  ['session splits of the same campaigns', sessionAlarms],
  [`campaigns days apart (${PAIRS.length} pairs; kernel builds differ)`, pairAlarms],
] as const)
  console.log(
    `| ${what} | ${al.comparisons} | ${Math.round(al.gated.all / al.comparisons)} / ${Math.round(al.gated.headline / al.comparisons)} | ` +
      `${FAMILIES.map((f) => pct(al.alarms[f], al.gated[f])).join(' / ')} | ${FAMILIES.map((f) => pct(al.anyAlarm[f], al.comparisons)).join(' / ')} % |`,
  );

// Detection: one cell of B changed by d (the worse way), compared alone at each family's size.
const CV_BINS = [0.05, 0.1, 0.2, Infinity];
const binOf = (cv: number) => CV_BINS.findIndex((b) => cv <= b);
const binName = (i: number) =>
  i === 0
    ? 'CV ≤ 5 %'
    : CV_BINS[i] === Infinity
      ? `CV > ${CV_BINS[i - 1]! * 100} %`
      : `${CV_BINS[i - 1]! * 100} < CV ≤ ${CV_BINS[i]! * 100} %`;
// detected[family][change][bin] = [called, tried]
const detected = Object.fromEntries(FAMILIES.map((f) => [f, CHANGES.map(() => CV_BINS.map(() => [0, 0]))])) as Record<Family, number[][][]>;
/** Two campaigns' rows as one pool, their sessions told apart. */
const pooled = (x: Row[], y: Row[]): Row[] => [
  ...x.map((r) => ({ ...r, session: 100 + r.session })),
  ...y.map((r) => ({ ...r, session: 200 + r.session })),
];
const detectSplits = Math.max(1, Math.round(splits / 4));
for (const [x, y] of PAIRS) {
  const pool = pooled(rowsOf.get(x)!, rowsOf.get(y)!);
  for (let s = 0; s < detectSplits; s++) {
    const [ra, rb] = randomHalves(pool);
    const all = compare(from(ra), from(rb));
    const sizes = { all: all.family, headline: compare(from(ra), from(rb), { metrics: HEADLINE }).family };
    for (const c of all.cells) {
      if (c.ratio === null || c.logVar === null || c.runtime === 'bare' || Math.min(c.nA, c.nB) < 12) continue;
      const cv = Math.sqrt(c.logVar / (1 / c.nA + 1 / c.nB));
      const bin = binOf(cv);
      // the cell's rows and the bare host's of its metric and load: all that its comparison reads
      const mine = (r: Row) => r.metric === c.metric && (cellId(r) === cellId(c) || (r.runtime === 'bare' && r.load === c.load));
      const a = from(ra.filter(mine));
      const dir = directionOf(c.metric);
      for (const [ci, d] of CHANGES.entries()) {
        const k = dir === 'lower' ? 1 + d : 1 - d;
        const b = from(rb.filter(mine).map((r) => (r.runtime !== 'bare' && r.value !== null ? { ...r, value: r.value * k } : r)));
        const at = (family: number) => compare(a, b, { metrics: [c.metric], family }).cells.find((z) => cellId(z) === cellId(c))!;
        const v = at(sizes.all);
        const calls: Array<[Family, boolean]> = [
          ['all', decisive(v.verdict)],
          ['alone', decisive(v.ownVerdict)],
          ['point', Math.abs(v.ratio! - 1) > TOLERANCE],
        ];
        if (HEADLINE.includes(c.metric)) calls.push(['headline', decisive(at(sizes.headline).verdict)]);
        for (const [f, called] of calls) {
          const cell = detected[f][ci]![bin]!;
          cell[1]!++;
          if (called) cell[0]!++;
        }
      }
    }
  }
  process.stderr.write(`detection ${x} + ${y}: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
console.log(
  `\n## Detection of a change put into one cell (about 15 repetitions a side, drawn at random from two campaigns days apart; ${detectSplits} draws per pair)\n`,
);
console.log(`| family | cell's CV | cells | ${CHANGES.map((d) => `${d * 100} %`).join(' | ')} |`);
console.log(`| --- | --- | --- | ${CHANGES.map(() => '---').join(' | ')} |`);
for (const f of FAMILIES)
  for (const [bi] of CV_BINS.entries()) {
    const tried = detected[f][0]![bi]![1]!;
    if (!tried) continue;
    console.log(
      `| ${f} | ${binName(bi)} | ${tried} | ${CHANGES.map((_, ci) => `${pct(detected[f][ci]![bi]![0]!, tried)} %`).join(' | ')} |`,
    );
  }

// 3. Each metric as measured and divided by the bare host: the metric's rows alone, renamed to a
// metric compare normalises (bandwidth) or to one it does not (tcp_mss).
const NORM_METRICS = [
  'bandwidth',
  'sent_bandwidth',
  'retransmits',
  'receiver_cpu',
  'sender_cpu',
  'sockperf_rtt_p50',
  'sockperf_rtt_mean',
  'sockperf_rtt_p99',
  'sockperf_rtt_p99.9',
  'ping_rtt_avg',
  'ping_rtt_min',
  'ping_rtt_max',
];
const sessionPairs = CAMPAIGNS.flatMap((id) => sessionSplits(rowsOf.get(id)!));
const campaignPairs = PAIRS.map(([x, y]): [Row[], Row[]] => [rowsOf.get(x)!, rowsOf.get(y)!]);
console.log('\n## Normalising by the bare host, per metric (alarms of the simultaneous CI over 180 cells; mean SE of log B/A)\n');
console.log(
  '| metric | session splits: as measured | normalised | campaigns days apart: as measured | normalised | SE as measured / normalised |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const m of NORM_METRICS) {
  const cells: string[] = [];
  const se = [0, 0, 0, 0];
  for (const pairs of [sessionPairs, campaignPairs])
    for (const [i, as] of (['tcp_mss', 'bandwidth'] as const).entries()) {
      let alarms = 0;
      let gated = 0;
      for (const [a, b] of pairs) {
        const only = (rs: Row[]) => rs.filter((r) => r.metric === m).map((r) => ({ ...r, metric: as }));
        const [ra, rb] = [only(a), only(b)];
        if (!ra.length || !rb.length) continue;
        const cs = compare(from(ra), from(rb), { normalise: i === 1, family: 180 }).cells.filter(
          (c) => c.ratio !== null && c.runtime !== 'bare',
        );
        gated += cs.length;
        alarms += cs.filter((c) => decisive(c.verdict)).length;
        se[2 * i]! += cs.reduce((sum, c) => sum + Math.sqrt(c.logVar!), 0);
        se[2 * i + 1]! += cs.length;
      }
      cells.push(`${alarms} of ${gated}`);
    }
  console.log(`| ${m} | ${cells.join(' | ')} | ${(se[0]! / se[1]!).toFixed(3)} / ${(se[2]! / se[3]!).toFixed(3)} |`);
}
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
