// Drift between sessions (the runs of collect a campaign was made in: a resumed campaign has more
// than one, and the machine can change between them): each cell's median per session, and their
// spread. Pure.
import type { ColumnTable } from 'arquero';
import { metricCellId, groupBy, okCellValues, type MetricCell } from './cells.js';
import { median } from './stats.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';

/** A cell's median in each session of its campaign: drift between sessions seen at once. */
export interface SessionMedians extends MetricCell {
  campaign: string;
  /** session number -> median and n of its ok values */
  sessions: Record<string, { median: number; n: number }>;
  /** largest / smallest median of the sessions with MIN_SESSION_N values or more (null with fewer than two, or a 0 median) */
  spread: number | null;
}

/** Sessions with fewer values than this are left out of a cell's spread. */
export const MIN_SESSION_N = 3;

/** Per campaign and cell, the median of each session's ok values, and the spread of those with MIN_SESSION_N values or more. */
export function sessionMedians(t: ColumnTable): SessionMedians[] {
  return [...groupBy(okCellValues(t), (v) => `${v.campaign}\u0000${metricCellId(v.key)}`).values()]
    .map((vs) => {
      const sessions = Object.fromEntries(
        [...groupBy(vs, (v) => String(v.session))]
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([s, xs]) => [s, { median: median(xs.map((x) => x.value)), n: xs.length }]),
      );
      // a median of one or two values says little: the spread is over sessions with MIN_SESSION_N values or more
      const medians = Object.values(sessions)
        .filter((s) => s.n >= MIN_SESSION_N)
        .map((s) => s.median);
      const lo = Math.min(...medians);
      const spread = medians.length > 1 && lo > 0 ? Math.max(...medians) / lo : null;
      return { campaign: vs[0]!.campaign, ...vs[0]!.key, sessions, spread };
    })
    .sort(
      (a, b) =>
        a.campaign.localeCompare(b.campaign) ||
        a.experiment.localeCompare(b.experiment) ||
        a.metric.localeCompare(b.metric) ||
        byRuntime(a.runtime, b.runtime) ||
        byPair(a.pair, b.pair) ||
        a.load.localeCompare(b.load),
    );
}
