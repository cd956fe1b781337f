// Bounds per cell, in the manner of Kata Containers' checkmetrics: a campaign passes when each
// bounded cell's median lies within [min, max] and its CV is at most the ceiling. Written from a
// campaign as a starting file (`netbench bounds`), checked against another (`netbench compare
// <campaign> --bounds <file>`). Pure: the schema, the starting bounds, the check.
import { z } from 'zod';
import { metricCellId, metricCellOf, type MetricCell, type CellSummary } from '../analysis/cells.js';
import { directionOf } from '../model/metrics.js';
import { BASELINE_RUNTIME } from '../model/runtimes.js';

export const BOUNDS_FORMAT = 'runtime-netbench bounds 1';

const Limit = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .strict()
  .refine((l) => l.min <= l.max, { message: 'min is above max' });

export const BoundSchema = z
  .object({
    experiment: z.string().min(1),
    metric: z.string().min(1),
    unit: z.string(),
    runtime: z.string().min(1),
    pair: z.string().min(1),
    load: z.string().min(1),
    /** the median's range, in the metric's unit as in measurements.csv */
    median: Limit,
    /** the CV's ceiling (sd / mean) */
    cv: z.object({ max: z.number().finite().nonnegative() }).strict(),
    /** why this bound may need a look (written by `netbench bounds`) */
    note: z.string().optional(),
  })
  .strict();
export type Bound = z.infer<typeof BoundSchema>;

export const BoundsFileSchema = z
  .object({
    format: z.literal(BOUNDS_FORMAT),
    /** the campaign the bounds were first written from */
    source: z.string().optional(),
    tolerance: z.number().optional(),
    bounds: z.array(BoundSchema).min(1),
  })
  .strict();
export type BoundsFile = z.infer<typeof BoundsFileSchema>;

export interface BoundsOptions {
  /** the median's range: ± this fraction of the campaign's median */
  tolerance: number;
  /** the CV ceiling: this many times the campaign's CV... */
  cvFactor: number;
  /** ...and at least this */
  cvFloor: number;
  metrics?: readonly string[];
}

/** x to 4 significant digits, rounded away from the range's inside (down for a min, up for a max): a file people read. */
export function roundOut(x: number, way: 'down' | 'up'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 3);
  const r = (way === 'down' ? Math.floor(x / step) : Math.ceil(x / step)) * step;
  return Number(r.toPrecision(4));
}

export const DEFAULT_CV_FACTOR = 1.5;
export const DEFAULT_CV_FLOOR = 0.05;

/**
 * Starting bounds from a campaign's cells (those with a median, the bare host's left out: it is the
 * machine, not a runtime): the median ± tolerance, the CV ceiling. A cell whose median's own 95 % CI
 * is wider than that range gets a note: a check on it would fail by chance.
 */
export function boundsFrom(summary: readonly CellSummary[], source: string, o: BoundsOptions): BoundsFile {
  const bounds = summary
    .filter((c) => c.status === 'ok' && c.median !== null && c.n >= 2 && c.runtime !== BASELINE_RUNTIME)
    .filter((c) => !o.metrics || o.metrics.includes(c.metric))
    .map((c): Bound => {
      const m = c.median!;
      // (a negative median, e.g. a clock offset, has its range the other way round)
      const lo = Math.min(m * (1 - o.tolerance), m * (1 + o.tolerance));
      const hi = Math.max(m * (1 - o.tolerance), m * (1 + o.tolerance));
      const wide = c.ci_median_lo !== null && c.ci_median_hi !== null && (c.ci_median_lo < lo || c.ci_median_hi > hi);
      return {
        ...metricCellOf(c),
        median: { min: roundOut(lo, 'down'), max: roundOut(hi, 'up') },
        cv: { max: roundOut(Math.max(o.cvFloor, (c.cv ?? 0) * o.cvFactor), 'up') },
        ...(wide
          ? {
              note: `the median's 95 % CI here (${c.ci_median_lo!.toPrecision(4)} to ${c.ci_median_hi!.toPrecision(4)}, n=${c.n}) is wider than the bounds`,
            }
          : {}),
      };
    });
  return { format: BOUNDS_FORMAT, source, tolerance: o.tolerance, bounds };
}

export type BoundStatus = 'ok' | 'below' | 'above' | 'spread' | 'missing';

export interface BoundCheck extends MetricCell {
  status: BoundStatus;
  median: number | null;
  cv: number | null;
  n: number;
  bound: Bound;
  /** what the status means for this metric: `worse`, `better` or '' */
  meaning: string;
}

export interface BoundsResult {
  checks: BoundCheck[];
  failed: number;
  /** cells of the campaign that no bound covers */
  unbounded: MetricCell[];
}

/** Each bound checked against the campaign's cells; every status but `ok` fails. */
export function checkBounds(file: BoundsFile, summary: readonly CellSummary[]): BoundsResult {
  const cells = new Map(summary.map((c) => [metricCellId(c), c]));
  const checks = file.bounds.map((b): BoundCheck => {
    const c = cells.get(metricCellId(b));
    const base = { ...metricCellOf(b), bound: b, median: c?.median ?? null, cv: c?.cv ?? null, n: c?.n ?? 0 };
    if (!c || c.median === null)
      return { ...base, status: 'missing', meaning: c ? `no value measured (${c.status}: ${c.reason})` : 'no such cell' };
    const dir = directionOf(b.metric);
    if (c.median < b.median.min) return { ...base, status: 'below', meaning: dir === 'higher' ? 'worse' : dir === 'lower' ? 'better' : '' };
    if (c.median > b.median.max) return { ...base, status: 'above', meaning: dir === 'lower' ? 'worse' : dir === 'higher' ? 'better' : '' };
    if (c.cv !== null && c.cv > b.cv.max) return { ...base, status: 'spread', meaning: 'noisier' };
    return { ...base, status: 'ok', meaning: '' };
  });
  const bounded = new Set(file.bounds.map((b) => metricCellId(b)));
  return {
    checks,
    failed: checks.filter((c) => c.status !== 'ok').length,
    unbounded: summary
      .filter((c) => c.status === 'ok' && c.runtime !== BASELINE_RUNTIME && !bounded.has(metricCellId(c)))
      .map(metricCellOf),
  };
}
