// The demo's closing numbers (pure): for each experiment's first headline metric, the runtime that
// differs most from runc on bridge,bridge with the server idle, as a ratio with its 95% CI.
import type { ComparisonRow } from '../analysis/cells.js';
import { HEADLINE_METRICS, type Metric } from '../model/metrics.js';
import { EXPERIMENTS, type Experiment } from '../model/experiments.js';

export interface Headline {
  experiment: string;
  metric: string;
  runtime: string;
  pair: string;
  load: string;
  ratio: number;
  /** null: the CI is unbounded on that side (the table says why) */
  lo: number | null;
  hi: number | null;
}

const PAIR = 'bridge,bridge';
const LOAD = 'idle';

/** The rows that compare a runtime with runc for a metric on bridge,bridge, idle. */
function againstRunc(comparisons: readonly ComparisonRow[], metric: Metric): ComparisonRow[] {
  return comparisons.filter(
    (r) => r.metric === metric && r.pair === PAIR && r.load === LOAD && r.reference === 'runc' && r.runtime !== 'runc',
  );
}

const headlineMetric = (experiment: Experiment): Metric | undefined => HEADLINE_METRICS[experiment][0];

/** One headline per experiment that has a ratio against runc there; the farthest from 1 (on a log scale). */
export function headlines(comparisons: readonly ComparisonRow[]): Headline[] {
  return EXPERIMENTS.flatMap((experiment) => {
    const metric = headlineMetric(experiment);
    if (!metric) return [];
    const rows = againstRunc(comparisons, metric).flatMap((r) =>
      r.ratio !== null && r.ratio > 0
        ? [{ experiment, metric, runtime: r.runtime, pair: PAIR, load: LOAD, ratio: r.ratio, lo: r.ratio_ci_lo, hi: r.ratio_ci_hi }]
        : [],
    );
    const far = (h: Headline) => Math.abs(Math.log(h.ratio));
    return rows.sort((a, b) => far(b) - far(a) || a.runtime.localeCompare(b.runtime)).slice(0, 1);
  });
}

/** The experiments compared with runc on bridge,bridge, idle that got no headline, with the tables' reasons. */
export function missingHeadlines(comparisons: readonly ComparisonRow[]): Array<{ metric: string; why: string }> {
  const shown = new Set(headlines(comparisons).map((h) => h.experiment));
  return EXPERIMENTS.flatMap((experiment) => {
    const metric = headlineMetric(experiment);
    if (!metric || shown.has(experiment)) return [];
    const rows = againstRunc(comparisons, metric);
    if (!rows.length) return [];
    return [{ metric, why: [...new Set(rows.map((r) => `${r.runtime}: ${r.reason || r.status}`))].join('; ') }];
  });
}

/** `runsc / runc, bandwidth (bridge,bridge, idle): 0.412 [0.351, 0.480]` */
export function headlineText(h: Headline): string {
  const f = (v: number | null) => (v === null ? '--' : v.toPrecision(3));
  return `${h.runtime} / runc, ${h.metric} (${h.pair}, ${h.load}): ${f(h.ratio)} [${f(h.lo)}, ${f(h.hi)}]`;
}

/**
 * Why an interval shown reaches below 0, which a ratio of positive quantities cannot: the runtime's
 * repetitions differ too much for their mean to be clearly above 0 (Fieller's interval then
 * includes it). One note per such headline. Pure.
 */
export function headlineNotes(hs: readonly Headline[]): string[] {
  return hs
    .filter((h) => h.lo !== null && h.lo < 0)
    .map(
      (h) =>
        `${h.runtime}'s ${h.metric}: the interval reaches below 0 because its repetitions differ too much to place its mean clearly above 0 (the figures show each one)`,
    );
}
