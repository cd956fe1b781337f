// Did anything change between two campaigns? Each cell (experiment, metric, runtime, pair, load)
// of A matched with B's: the ratio of means B/A with its 95 % CI, Mann-Whitney's p (Holm across the
// cells), and a verdict against a tolerance. Optionally the values of a rate (the catalogue's
// `normalise: 'bare'`) are first divided by the bare-host mean of their campaign, metric, load and
// session, so a faster or slower machine does not read as a faster or slower runtime; the CI then
// carries the normalisers' uncertainty too. Pure.
import type { ColumnTable } from 'arquero';
import { metricCellId, groupBy, okCellValues, type MetricCell, type CellValue } from '../analysis/cells.js';
import { MIN_SESSION_N } from '../analysis/sessions.js';
import { fiellerRatioCi, holm, logRatioCi, mannWhitneyU, mean, median, relVarOfMean, type LogVariancePart } from '../analysis/stats.js';
import { directionOf, normalisedByBare, type Direction } from '../model/metrics.js';
import { BASELINE_RUNTIME } from '../model/runtimes.js';
import { selected, type CellSelector } from './cell-selection.js';

/**
 * `same`: the cell's 95 % CI of B/A lies inside 1 ± tolerance (an equivalence statement).
 * `better` / `worse`: the estimate lies beyond the tolerance and the simultaneous CI over all cells
 * compared (Bonferroni) excludes 1 on that side, so that across a comparison of ~300 cells the
 * chance of any false `worse` stays under 5 % (for a metric without a direction: `changed`).
 * Otherwise `inconclusive`.
 */
export type Verdict = 'same' | 'better' | 'worse' | 'changed' | 'inconclusive';

export interface CampaignComparisonOptions {
  /** 0.1 = 10 % */
  tolerance: number;
  /** Divide each value of a rate (the catalogue's `normalise: 'bare'`) by the bare-host mean of its campaign, metric, load and session. */
  normalise: boolean;
  /** Only these metrics (default: all). */
  metrics?: readonly string[];
  /** Only these cells (default: all): the family the simultaneous CI covers. */
  cells?: readonly CellSelector[];
  /** The number of cells the simultaneous CI covers (default: the cells compared); the benchmark of the gate sets it. */
  family?: number;
}

export interface CellChange extends MetricCell {
  direction: Direction;
  /** Whether the values were divided by their bare host (asked for, and both sides have a bare-host mean to divide by). */
  normalised: boolean;
  nA: number;
  nB: number;
  medianA: number | null;
  medianB: number | null;
  /** mean(B) / mean(A), of normalised values when normalised */
  ratio: number | null;
  /**
   * 95 % CI of the ratio; null where unbounded. As measured: Fieller's. Normalised: on the log
   * scale, the variances of the two means and of the bare-host means they were divided by added
   * (Fieller's interval has no room for the normalisers, and leaving them out made it too narrow).
   */
  lo: number | null;
  hi: number | null;
  /** The variance of log(B/A): the relative variances of the two means (and of their normalisers) added; null without a ratio. */
  logVar: number | null;
  /** The simultaneous CI (Bonferroni: level 1 - 0.05 / cells compared) that a better or worse verdict must see off 1. */
  gateLo: number | null;
  gateHi: number | null;
  mwP: number | null;
  mwPHolm: number | null;
  verdict: Verdict;
  /** The verdict the cell's own 95 % CI gives (as if it were compared alone); a shift the gate cannot call yet when it differs. */
  ownVerdict: Verdict;
  /** For an inconclusive cell: repetitions per campaign that would settle it at the observed spread (null when none would). */
  repsToSettle: number | null;
  /** Why a cell has no ratio or verdict beyond `inconclusive`. */
  reason: string;
}

export interface CampaignComparison {
  tolerance: number;
  normalised: boolean;
  /** The cells the simultaneous CI covers. */
  family: number;
  /** The level of the simultaneous CIs of the better and worse verdicts. */
  gateLevel: number;
  cells: CellChange[];
  onlyInA: MetricCell[];
  onlyInB: MetricCell[];
}

/** A bare-host mean that values are divided by, with the relative variance it brings. */
interface Normaliser {
  by: number;
  part: LogVariancePart;
}

/**
 * The bare-host normalisers of a campaign's values, by metric, load and session (`*`: the whole
 * campaign): the mean of the bare host's ok values. A session normaliser needs MIN_SESSION_N
 * values, the campaign's needs 2; a mean of 0 normalises nothing. (The mean, not the median: the
 * variance of a small sample's median is not known well enough, and with it the CI covered the
 * true ratio only 92 % of the time in the simulation of test/unit/compare; with the mean, 95 %.)
 */
function bareNormalisers(rows: readonly CellValue[]): Map<string, Normaliser> {
  const out = new Map<string, Normaliser>();
  const bare = rows.filter((r) => r.key.runtime === BASELINE_RUNTIME);
  const add = (k: string, xs: number[], min: number) => {
    const m = xs.length >= min ? mean(xs) : 0;
    if (m > 0) out.set(k, { by: m, part: { v: relVarOfMean(xs), df: xs.length - 1 } });
  };
  for (const [k, rs] of groupBy(bare, (r) => `${r.key.metric}|${r.key.load}|${r.session}`))
    add(
      k,
      rs.map((r) => r.value),
      MIN_SESSION_N,
    );
  for (const [k, rs] of groupBy(bare, (r) => `${r.key.metric}|${r.key.load}|*`))
    add(
      k,
      rs.map((r) => r.value),
      2,
    );
  return out;
}

/** One side of a cell: its values as measured and, when normalised, divided by their session's bare host. */
interface CellSample {
  key: MetricCell;
  raw: number[];
  /** null: not normalised (not asked for, or no bare-host mean to divide by) */
  normalised: { values: number[]; parts: LogVariancePart[] } | null;
}

/**
 * A campaign's cells (those selected; without the bare host's when normalising), each value of a
 * rate divided by its session's bare-host mean when asked.
 */
function cellSamples(t: ColumnTable, o: CampaignComparisonOptions): Map<string, CellSample> {
  const rows = okCellValues(t, o.metrics);
  const norms = o.normalise ? bareNormalisers(rows) : new Map<string, Normaliser>();
  const out = new Map<string, CellSample>();
  for (const [id, rs] of groupBy(rows, (r) => metricCellId(r.key))) {
    const key = rs[0]!.key;
    if ((o.normalise && key.runtime === BASELINE_RUNTIME) || !selected(o.cells, key)) continue;
    const normalise = o.normalise && normalisedByBare(key.metric);
    const raw = rs.map((r) => r.value);
    const which = rs.map((r) =>
      norms.has(`${key.metric}|${key.load}|${r.session}`) ? `${key.metric}|${key.load}|${r.session}` : `${key.metric}|${key.load}|*`,
    );
    const used = which.map((k) => norms.get(k));
    const normalised =
      normalise && used.every((n) => n !== undefined)
        ? {
            values: rs.map((r, i) => r.value / used[i]!.by),
            // each normaliser weighs on the mean as the share of the values it divides
            parts: [...groupBy(which, (k) => k)].map(([k, ks]) => {
              const p = norms.get(k)!.part;
              return { v: (ks.length / rs.length) ** 2 * p.v, df: p.df };
            }),
          }
        : null;
    out.set(id, { key, raw, normalised });
  }
  return out;
}

type Bounds = readonly [number | null, number | null];

/**
 * The verdict of a ratio against the tolerance, for a metric's direction: `same` from its own 95 %
 * CI (null: unbounded), `better` / `worse` / `changed` from the simultaneous `gate` CI.
 */
export function verdictOf(ratio: number, [lo, hi]: Bounds, [gLo, gHi]: Bounds, tolerance: number, direction: Direction): Verdict {
  if (lo !== null && hi !== null && lo >= 1 - tolerance && hi <= 1 + tolerance) return 'same';
  if (gLo === null || gHi === null) return 'inconclusive';
  const up = gLo > 1 && ratio > 1 + tolerance;
  const down = gHi < 1 && ratio < 1 - tolerance;
  if (!up && !down) return 'inconclusive';
  if (direction === 'none') return 'changed';
  return (up && direction === 'higher') || (down && direction === 'lower') ? 'better' : 'worse';
}

/**
 * Repetitions per campaign that would settle an inconclusive cell, if the spread stays as observed:
 * the CI's half-width shrinks as 1/sqrt(n), and it must fit between the estimate and the tolerance's
 * edge (to show `same`) or between the estimate and 1 (to show a change beyond the tolerance).
 */
export function repsToSettle(ratio: number, lo: number | null, hi: number | null, n: number, tolerance: number): number | null {
  if (lo === null || hi === null) return null;
  const half = (hi - lo) / 2;
  const off = Math.abs(ratio - 1);
  // an estimate on the tolerance's edge (to rounding) is settled by no n
  const room = Math.abs(off - tolerance) < 1e-9 ? 0 : off < tolerance ? tolerance - off : off;
  if (room <= 0 || half <= 0) return null;
  return Math.max(n + 1, Math.ceil(n * (half / room) ** 2));
}

/** The family-wise error rate of the better and worse verdicts over all cells compared. */
export const FAMILY_ALPHA = 0.05;

/** Compare B with A, cell by cell. */
export function compareCampaigns(a: ColumnTable, b: ColumnTable, o: CampaignComparisonOptions): CampaignComparison {
  const ga = cellSamples(a, o);
  const gb = cellSamples(b, o);
  type Ready = {
    base: Omit<
      CellChange,
      'ratio' | 'logVar' | 'lo' | 'hi' | 'gateLo' | 'gateHi' | 'mwP' | 'mwPHolm' | 'verdict' | 'ownVerdict' | 'repsToSettle' | 'reason'
    >;
    notes: string[];
  };
  const cells: CellChange[] = [];
  const ready: Array<
    Ready & { ratio: number; logVar: number; mwP: number; ci: (level: number) => [number | null, number | null]; n: number }
  > = [];
  for (const [k, x] of ga) {
    const y = gb.get(k);
    if (!y) continue;
    const normalised = x.normalised !== null && y.normalised !== null;
    const xs = normalised ? x.normalised!.values : x.raw;
    const ys = normalised ? y.normalised!.values : y.raw;
    const base = {
      ...x.key,
      direction: directionOf(x.key.metric),
      normalised,
      nA: xs.length,
      nB: ys.length,
      medianA: median(xs),
      medianB: median(ys),
    };
    const notes =
      o.normalise && normalisedByBare(x.key.metric) && !normalised
        ? [`not normalised: no bare-host mean of ${x.key.metric} ${x.key.load} above 0 in both`]
        : [];
    const empty = {
      ownVerdict: 'inconclusive' as const,
      ratio: null,
      logVar: null,
      lo: null,
      hi: null,
      gateLo: null,
      gateHi: null,
      mwPHolm: null,
      verdict: 'inconclusive' as const,
      repsToSettle: null,
    };
    if (xs.length < 2 || ys.length < 2) {
      cells.push({ ...base, ...empty, mwP: null, reason: [...notes, 'fewer than 2 values on a side'].join('; ') });
      continue;
    }
    const mwP = mannWhitneyU(ys, xs).p;
    const meanA = mean(xs);
    if (meanA === 0) {
      cells.push({ ...base, ...empty, mwP, reason: [...notes, "A's mean is 0: no ratio"].join('; ') });
      continue;
    }
    const ratio = mean(ys) / meanA;
    const finite = ([l, h]: [number, number]): [number | null, number | null] => [
      Number.isFinite(l) ? l : null,
      Number.isFinite(h) ? h : null,
    ];
    const parts = [
      { v: relVarOfMean(xs), df: xs.length - 1 },
      { v: relVarOfMean(ys), df: ys.length - 1 },
      ...(normalised ? [...x.normalised!.parts, ...y.normalised!.parts] : []),
    ];
    const ci = (level: number) => finite(normalised ? logRatioCi(ratio, parts, level) : fiellerRatioCi(xs, ys, level));
    const logVar = parts.reduce((sum, p) => sum + p.v, 0);
    ready.push({ base, notes, ratio, logVar, mwP, ci, n: Math.min(xs.length, ys.length) });
  }
  // a better or worse verdict is a claim about one of many cells: its CI is simultaneous (Bonferroni)
  const family = o.family ?? Math.max(1, ready.length);
  const gateLevel = 1 - FAMILY_ALPHA / family;
  for (const r of ready) {
    const [lo, hi] = r.ci(0.95);
    const [gateLo, gateHi] = r.ci(gateLevel);
    const verdict = verdictOf(r.ratio, [lo, hi], [gateLo, gateHi], o.tolerance, r.base.direction);
    const ownVerdict = verdictOf(r.ratio, [lo, hi], [lo, hi], o.tolerance, r.base.direction);
    const aimsAtSame = Math.abs(r.ratio - 1) < o.tolerance;
    cells.push({
      ...r.base,
      ratio: r.ratio,
      logVar: r.logVar,
      lo,
      hi,
      gateLo,
      gateHi,
      mwP: r.mwP,
      mwPHolm: null,
      verdict,
      ownVerdict,
      repsToSettle:
        verdict === 'inconclusive'
          ? aimsAtSame
            ? repsToSettle(r.ratio, lo, hi, r.n, o.tolerance)
            : repsToSettle(r.ratio, gateLo, gateHi, r.n, o.tolerance)
          : null,
      reason: [...r.notes, lo === null || gateLo === null ? "the ratio's CI is unbounded: A's mean is not clearly different from 0" : '']
        .filter(Boolean)
        .join('; '),
    });
  }
  const withP = cells.filter((c) => c.mwP !== null);
  holm(withP.map((c) => c.mwP!)).forEach((p, i) => (withP[i]!.mwPHolm = p));
  return {
    tolerance: o.tolerance,
    normalised: o.normalise,
    family,
    gateLevel,
    cells,
    onlyInA: [...ga].filter(([k]) => !gb.has(k)).map(([, x]) => x.key),
    onlyInB: [...gb].filter(([k]) => !ga.has(k)).map(([, x]) => x.key),
  };
}
