// Per-cell statistics and comparisons over a loaded campaign table (arquero in, typed records out:
// CellSummary and ComparisonRow, with toTable() for an arquero view in notebooks). A cell is
// (experiment, metric, runtime, pair, load). Cells with no `ok` value stay in every output with
// their status and reason (unsupported, failed), never as 0.
import { from, type ColumnTable } from 'arquero';
import { measurementRows, warningsOf } from '../dataset/load.js';
import { compare, describe, holm, mean, type Comparison, type DescribeOptions } from './stats.js';
import { isStalled } from '../model/warnings.js';

/** The columns that name a cell's metric, in the order results are sorted by. */
export const CELL_COLUMNS = ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load'] as const;

/** Typed records (summaries, comparisons, history points) in an arquero table: the view a notebook filters, pivots and shows. */
export const toTable = (rows: readonly object[]): ColumnTable => from(rows);

interface Grouped extends MetricCell {
  values: Array<number | null>;
  statuses: string[];
  reasons: string[];
  warnings: string[];
}

/**
 * One metric of one cell, named the way the analysis tables name it: experiment, metric (with its unit),
 * runtime, pair and load. (model/keys.ts cellKey is the cell's text key, without a metric.)
 */
export type MetricCell = Pick<CellSummary, (typeof CELL_COLUMNS)[number]>;

/** A metric cell as one string, for maps. */
export const metricCellId = (k: MetricCell): string => CELL_COLUMNS.map((c) => k[c]).join('\u0000');

/** Just the metric cell of a record that has one (a summary, a bound...). */
export const metricCellOf = (r: MetricCell): MetricCell => ({
  experiment: r.experiment,
  metric: r.metric,
  unit: r.unit,
  runtime: r.runtime,
  pair: r.pair,
  load: r.load,
});

/** Items grouped by a key, groups and items in the order first seen. */
export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** A measured (`ok`) value with its cell, campaign and session. */
export interface CellValue {
  key: MetricCell;
  campaign: string;
  session: number;
  value: number;
}

/** The `ok` values of a table (of the given metrics, default all), each with its cell, campaign and session. */
export function okCellValues(t: ColumnTable, metrics?: readonly string[]): CellValue[] {
  return measurementRows(t, [...CELL_COLUMNS, 'campaign_id', 'session', 'status', 'value']).flatMap((r) =>
    r.status === 'ok' && r.value !== null && (!metrics || metrics.includes(r.metric))
      ? [{ key: metricCellOf(r), campaign: r.campaign_id, session: r.session, value: r.value }]
      : [],
  );
}

/**
 * Rows grouped by cell, values and statuses kept side by side. (Not arquero's rollup with
 * op.array_agg: it leaves out null values, which would misalign them with the statuses.)
 */
function groups(t: ColumnTable): Grouped[] {
  const out = new Map<string, Grouped>();
  const warnings = warningsOf(t);
  for (const [i, r] of measurementRows(t, [...CELL_COLUMNS, 'value', 'status', 'reason']).entries()) {
    const k = metricCellId(r);
    let g = out.get(k);
    if (!g) {
      g = {
        ...metricCellOf(r),
        values: [],
        statuses: [],
        reasons: [],
        warnings: [],
      };
      out.set(k, g);
    }
    g.values.push(typeof r.value === 'number' ? r.value : null);
    g.statuses.push(r.status);
    g.reasons.push(r.reason ?? '');
    g.warnings.push(warnings[i] ?? '');
  }
  return [...out.values()].sort((a, b) => {
    for (const c of CELL_COLUMNS) {
      const d = a[c].localeCompare(b[c]);
      if (d) return d;
    }
    return 0;
  });
}

const okValues = (g: Grouped): number[] => g.values.filter((v, i): v is number => g.statuses[i] === 'ok' && v !== null);
const count = (g: Grouped, s: string) => g.statuses.filter((x) => x === s).length;
/** The most frequent reason among rows that are not ok ('' when all are ok). */
function mainReason(g: Grouped): string {
  const n = new Map<string, number>();
  g.reasons.forEach((r, i) => g.statuses[i] !== 'ok' && r && n.set(r, (n.get(r) ?? 0) + 1));
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

export interface CellSummary {
  experiment: string;
  metric: string;
  unit: string;
  runtime: string;
  pair: string;
  load: string;
  /** `ok` when at least one value was measured, else `unsupported` or `failed`. */
  status: 'ok' | 'unsupported' | 'failed';
  n: number;
  failed: number;
  unsupported: number;
  /** Of the n values, those whose run stalled (the probe's `stalled:` warning, iperf3): kept, and counted here. */
  stalled: number;
  reason: string;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  min: number | null;
  max: number | null;
  cv: number | null;
  ci_mean_lo: number | null;
  ci_mean_hi: number | null;
  ci_median_lo: number | null;
  ci_median_hi: number | null;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);

/** A cell without ok values: its statistics are empty (never 0). */
const NO_STATISTICS = {
  mean: null,
  sd: null,
  median: null,
  q1: null,
  q3: null,
  iqr: null,
  min: null,
  max: null,
  cv: null,
  ci_mean_lo: null,
  ci_mean_hi: null,
  ci_median_lo: null,
  ci_median_hi: null,
} as const;

/** One row per cell: counts by status and, over the ok values, the descriptive statistics with 95 % CIs. */
export function summariseCells(t: ColumnTable, o: DescribeOptions = {}): CellSummary[] {
  return groups(t).map((g): CellSummary => {
    const xs = okValues(g);
    const base = {
      ...metricCellOf(g),
      n: xs.length,
      failed: count(g, 'failed'),
      unsupported: count(g, 'unsupported'),
      stalled: g.warnings.filter((w, i) => g.statuses[i] === 'ok' && g.values[i] !== null && isStalled(w)).length,
      reason: mainReason(g),
    };
    if (!xs.length) {
      return {
        ...base,
        status: base.unsupported >= base.failed ? 'unsupported' : 'failed',
        ...NO_STATISTICS,
      };
    }
    const d = describe(xs, o);
    return {
      ...base,
      status: 'ok',
      mean: d.mean,
      sd: num(d.sd),
      median: d.median,
      q1: d.q1,
      q3: d.q3,
      iqr: d.iqr,
      min: d.min,
      max: d.max,
      cv: num(d.cv),
      ci_mean_lo: num(d.ciMean[0]),
      ci_mean_hi: num(d.ciMean[1]),
      ci_median_lo: num(d.ciMedian[0]),
      ci_median_hi: num(d.ciMedian[1]),
    };
  });
}

export interface ComparisonRow {
  experiment: string;
  metric: string;
  unit: string;
  pair: string;
  load: string;
  runtime: string;
  reference: string;
  reference_pair: string;
  /** `ok`, or why there is nothing to compare (`unsupported`/`failed` cell, fewer than 2 values). */
  status: string;
  reason: string;
  n: number;
  n_ref: number;
  mean: number | null;
  mean_ref: number | null;
  ratio: number | null;
  ratio_ci_lo: number | null;
  ratio_ci_hi: number | null;
  change_pct: number | null;
  change_pct_ci_lo: number | null;
  change_pct_ci_hi: number | null;
  welch_t: number | null;
  welch_df: number | null;
  welch_p: number | null;
  welch_p_holm: number | null;
  mw_u: number | null;
  mw_p: number | null;
  mw_p_holm: number | null;
  hedges_g: number | null;
  cliffs_delta: number | null;
}

/** Why a compared row has empty statistics ('' when none is): a value that cannot be computed is never NaN or Infinity. */
function emptyBecause(c: Comparison, m: number, mRef: number): string {
  const why: string[] = [];
  if (!Number.isFinite(c.ratio)) why.push(m === 0 && mRef === 0 ? 'both means are 0: no ratio' : 'the reference mean is 0: no ratio');
  else if (!Number.isFinite(c.ratioCi[0]) || !Number.isFinite(c.ratioCi[1]))
    why.push("the ratio's CI is unbounded: the reference mean is not clearly different from 0");
  if (!Number.isFinite(c.welch.p)) why.push("both samples are constant: no Welch's t");
  if (!Number.isFinite(c.hedgesG)) why.push("neither sample varies: no Hedges' g");
  return why.join('; ');
}

type Pairing = { label: string; x: Grouped; ref: Grouped | undefined; refName: string };

function comparisonRows(pairs: Pairing[], family: (p: Pairing) => string): ComparisonRow[] {
  const rows = pairs.map(({ x, ref, refName }): ComparisonRow => {
    const xs = okValues(x);
    const rs = ref ? okValues(ref) : [];
    const base = {
      experiment: x.experiment,
      metric: x.metric,
      unit: x.unit,
      pair: x.pair,
      load: x.load,
      runtime: x.runtime,
      reference: refName,
      reference_pair: ref?.pair ?? '',
      n: xs.length,
      n_ref: rs.length,
      mean: xs.length ? mean(xs) : null,
      mean_ref: rs.length ? mean(rs) : null,
    };
    const empty = {
      ratio: null,
      ratio_ci_lo: null,
      ratio_ci_hi: null,
      change_pct: null,
      change_pct_ci_lo: null,
      change_pct_ci_hi: null,
      welch_t: null,
      welch_df: null,
      welch_p: null,
      welch_p_holm: null,
      mw_u: null,
      mw_p: null,
      mw_p_holm: null,
      hedges_g: null,
      cliffs_delta: null,
    };
    // every row has one key order (status and reason before the statistics, as in an ok row), so a
    // table's columns do not depend on which row comes first
    if (!ref) return { ...base, status: 'no-reference', reason: `no ${refName} cell to compare with`, ...empty };
    if (xs.length < 2 || rs.length < 2) {
      const why = xs.length < 2 ? x : ref;
      const status =
        okValues(why).length === 0 ? (count(why, 'unsupported') >= count(why, 'failed') ? 'unsupported' : 'failed') : 'too-few';
      return {
        ...base,
        status,
        reason:
          status === 'too-few'
            ? `${why.runtime} ${why.pair} ${why.load}: fewer than 2 values`
            : `${why.runtime} ${why.pair}: ${mainReason(why)}`,
        ...empty,
      };
    }
    const c = compare(rs, xs);
    return {
      ...base,
      status: 'ok',
      reason: emptyBecause(c, base.mean ?? NaN, base.mean_ref ?? NaN),
      ratio: num(c.ratio),
      ratio_ci_lo: num(c.ratioCi[0]),
      ratio_ci_hi: num(c.ratioCi[1]),
      change_pct: num(c.changePct),
      change_pct_ci_lo: num(c.changePctCi[0]),
      change_pct_ci_hi: num(c.changePctCi[1]),
      welch_t: num(c.welch.t),
      welch_df: num(c.welch.df),
      welch_p: num(c.welch.p),
      welch_p_holm: null,
      mw_u: c.mannWhitney.u,
      mw_p: c.mannWhitney.p,
      mw_p_holm: null,
      hedges_g: num(c.hedgesG),
      cliffs_delta: c.cliffsDelta,
    };
  });
  // Holm across the cells compared for one metric (one family of tests per metric and reference);
  // the family of a test is the comparisons that have its p-value (a row without one is not a test).
  const adjust = (p: (r: ComparisonRow) => number | null, set: (r: ComparisonRow, v: number) => void) => {
    const families = new Map<string, number[]>();
    rows.forEach((r, i) => {
      if (r.status !== 'ok' || p(r) === null) return;
      const k = family(pairs[i]!);
      families.set(k, [...(families.get(k) ?? []), i]);
    });
    for (const idx of families.values()) holm(idx.map((i) => p(rows[i]!) ?? NaN)).forEach((v, j) => set(rows[idx[j]!]!, v));
  };
  adjust(
    (r) => r.welch_p,
    (r, v) => (r.welch_p_holm = v),
  );
  adjust(
    (r) => r.mw_p,
    (r, v) => (r.mw_p_holm = v),
  );
  return rows;
}

export interface RuntimeComparisonOptions {
  /** The reference runtime: `runc` (same pair and load) or `bare` (the bare-host baseline's host,host cell of the same load). */
  reference?: string;
}

/** Every runtime against the reference, per (experiment, metric, pair, load); Holm-adjusted per metric. */
export function compareRuntimes(t: ColumnTable, o: RuntimeComparisonOptions = {}): ComparisonRow[] {
  const refName = o.reference ?? 'runc';
  const gs = groups(t);
  const key = (g: Pick<Grouped, 'experiment' | 'metric' | 'pair' | 'load'>) => [g.experiment, g.metric, g.pair, g.load].join('|');
  const refs = new Map(gs.filter((g) => g.runtime === refName).map((g) => [key(g), g]));
  const pairs: Pairing[] = gs
    .filter((g) => g.runtime !== refName && !(refName !== 'bare' && g.runtime === 'bare'))
    .map((x) => ({
      label: x.runtime,
      x,
      ref: refs.get(key(refName === 'bare' ? { ...x, pair: 'host,host' } : x)),
      refName,
    }));
  return comparisonRows(pairs, (p) => `${p.x.experiment}|${p.x.metric}`);
}

/** The three tables every reader of a campaign wants, computed once: per cell, against the reference, idle -> stress. */
export interface AnalysisTables {
  summary: CellSummary[];
  comparisons: ComparisonRow[];
  degradation: ComparisonRow[];
}

/** A loaded table's three analyses at once: the cells' summaries, each runtime against the reference (runc), and idle against stress. */
export const analysisTables = (t: ColumnTable, o: RuntimeComparisonOptions = {}): AnalysisTables => ({
  summary: summariseCells(t),
  comparisons: compareRuntimes(t, o),
  degradation: stressDegradation(t),
});

/** Idle -> stress per (experiment, metric, runtime, pair): the ratio stress/idle and change % with CIs and tests. */
export function stressDegradation(t: ColumnTable): ComparisonRow[] {
  const gs = groups(t);
  const key = (g: Grouped) => [g.experiment, g.metric, g.runtime, g.pair].join('|');
  const idle = new Map(gs.filter((g) => g.load === 'idle').map((g) => [key(g), g]));
  const pairs: Pairing[] = gs
    .filter((g) => g.load === 'stress')
    .map((x) => ({ label: x.runtime, x, ref: idle.get(key(x)), refName: 'idle' }));
  return comparisonRows(pairs, (p) => `${p.x.experiment}|${p.x.metric}`);
}
