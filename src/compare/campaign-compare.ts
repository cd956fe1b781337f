// Did anything change between two campaigns? Each cell (experiment, metric, runtime, pair, load)
// of A matched with B's: the ratio of means B/A with Fieller's 95 % CI, Mann-Whitney's p (Holm
// across the cells), and a verdict against a tolerance. Optionally each value is first divided by
// the bare-host median of its campaign, metric, load and session, so a faster or slower machine
// does not read as a faster or slower runtime. Pure.
import type { ColumnTable } from 'arquero';
import { cellId, groupBy, okCellValues, type CellKey, type CellValue } from '../analysis/cells.js';
import { fiellerRatioCi, holm, mannWhitneyU, mean, median } from '../analysis/stats.js';
import { directionOf, type Direction } from '../model/metrics.js';
import { BASELINE_RUNTIME } from '../model/runtimes.js';

/**
 * `same`: the whole CI of B/A lies inside 1 ± tolerance. `better` / `worse`: the CI excludes 1 on
 * that side and the estimate lies beyond the tolerance (for a metric without a direction:
 * `changed`). Otherwise `inconclusive`.
 */
export type Verdict = 'same' | 'better' | 'worse' | 'changed' | 'inconclusive';

export interface CompareOptions {
  /** 0.1 = 10 % */
  tolerance: number;
  /** Divide each value by the bare-host median of its campaign, metric, load and session. */
  normalise: boolean;
  /** Only these metrics (default: all). */
  metrics?: readonly string[];
}

export interface CellChange extends CellKey {
  direction: Direction;
  nA: number;
  nB: number;
  medianA: number | null;
  medianB: number | null;
  /** mean(B) / mean(A), of normalised values when normalised */
  ratio: number | null;
  /** Fieller's 95 % CI of the ratio; null where unbounded */
  lo: number | null;
  hi: number | null;
  mwP: number | null;
  mwPHolm: number | null;
  verdict: Verdict;
  /** For an inconclusive cell: repetitions per campaign that would settle it at the observed spread (null when none would). */
  repsToSettle: number | null;
  /** Why a cell has no ratio or verdict beyond `inconclusive`. */
  reason: string;
}

export interface CampaignComparison {
  tolerance: number;
  normalised: boolean;
  cells: CellChange[];
  onlyInA: CellKey[];
  onlyInB: CellKey[];
}

/**
 * Each value divided by the bare-host median of the same metric, load and session (the baseline
 * of that session's own machine state). A value whose session has no bare-host value for its
 * metric and load falls back on the campaign's bare-host median; with none at all it is left out.
 */
export function normaliseByBare(rows: readonly CellValue[]): CellValue[] {
  const bare = new Map<string, number[]>();
  for (const r of rows)
    if (r.key.runtime === BASELINE_RUNTIME)
      for (const k of [`${r.key.metric}|${r.key.load}|${r.session}`, `${r.key.metric}|${r.key.load}|*`])
        bare.set(k, [...(bare.get(k) ?? []), r.value]);
  const medians = new Map([...bare].map(([k, vs]) => [k, median(vs)]));
  return rows.flatMap((r) => {
    if (r.key.runtime === BASELINE_RUNTIME) return [];
    const m = medians.get(`${r.key.metric}|${r.key.load}|${r.session}`) ?? medians.get(`${r.key.metric}|${r.key.load}|*`);
    return m ? [{ ...r, value: r.value / m }] : [];
  });
}

/** A cell's values, by cell. */
const group = (rows: readonly CellValue[]): Map<string, { key: CellKey; values: number[] }> =>
  new Map([...groupBy(rows, (r) => cellId(r.key))].map(([k, rs]) => [k, { key: rs[0]!.key, values: rs.map((r) => r.value) }]));

/** The verdict of a ratio and its CI (null: unbounded) against the tolerance, for a metric's direction. */
export function verdictOf(ratio: number, lo: number | null, hi: number | null, tolerance: number, direction: Direction): Verdict {
  if (lo === null || hi === null) return 'inconclusive';
  if (lo >= 1 - tolerance && hi <= 1 + tolerance) return 'same';
  const up = lo > 1 && ratio > 1 + tolerance;
  const down = hi < 1 && ratio < 1 - tolerance;
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

/** Compare B with A, cell by cell. */
export function compareCampaigns(a: ColumnTable, b: ColumnTable, o: CompareOptions): CampaignComparison {
  const prep = (t: ColumnTable) => {
    const rows = okCellValues(t, o.metrics);
    return group(o.normalise ? normaliseByBare(rows) : rows);
  };
  const ga = prep(a);
  const gb = prep(b);
  const cells: CellChange[] = [];
  for (const [k, x] of ga) {
    const y = gb.get(k);
    if (!y) continue;
    const direction = directionOf(x.key.metric);
    const base = { ...x.key, direction, nA: x.values.length, nB: y.values.length, medianA: median(x.values), medianB: median(y.values) };
    if (x.values.length < 2 || y.values.length < 2) {
      cells.push({
        ...base,
        ratio: null,
        lo: null,
        hi: null,
        mwP: null,
        mwPHolm: null,
        verdict: 'inconclusive',
        repsToSettle: null,
        reason: 'fewer than 2 values on a side',
      });
      continue;
    }
    const meanA = mean(x.values);
    const meanB = mean(y.values);
    const ratio = meanA === 0 ? null : meanB / meanA;
    const [l, h] = fiellerRatioCi(x.values, y.values);
    const lo = Number.isFinite(l) ? l : null;
    const hi = Number.isFinite(h) ? h : null;
    const mw = mannWhitneyU(y.values, x.values);
    if (ratio === null) {
      cells.push({
        ...base,
        ratio,
        lo: null,
        hi: null,
        mwP: mw.p,
        mwPHolm: null,
        verdict: 'inconclusive',
        repsToSettle: null,
        reason: "A's mean is 0: no ratio",
      });
      continue;
    }
    const verdict = verdictOf(ratio, lo, hi, o.tolerance, direction);
    cells.push({
      ...base,
      ratio,
      lo,
      hi,
      mwP: mw.p,
      mwPHolm: null,
      verdict,
      repsToSettle:
        verdict === 'inconclusive' ? repsToSettle(ratio, lo, hi, Math.min(x.values.length, y.values.length), o.tolerance) : null,
      reason: lo === null ? "the ratio's CI is unbounded: A's mean is not clearly different from 0" : '',
    });
  }
  const withP = cells.filter((c) => c.mwP !== null);
  holm(withP.map((c) => c.mwP!)).forEach((p, i) => (withP[i]!.mwPHolm = p));
  return {
    tolerance: o.tolerance,
    normalised: o.normalise,
    cells,
    onlyInA: [...ga].filter(([k]) => !gb.has(k)).map(([, x]) => x.key),
    onlyInB: [...gb].filter(([k]) => !ga.has(k)).map(([, x]) => x.key),
  };
}
