// Stalled transfers per runtime: repetitions whose iperf3 transfer stalled (the parser's
// `stalled:` warning), kept as data and counted here for captions and closing screens. Pure.
import type { Metric } from '../model/metrics.js';
import type { CellSummary } from './cells.js';

export interface StallCount {
  runtime: string;
  /** repetitions whose transfer stalled, of n measured */
  stalled: number;
  n: number;
}

/**
 * Per runtime with a stalled repetition, how many of its repetitions of `metric` stalled, over
 * every pair (and every load unless one is named); runtimes in the order they come.
 */
export function stalledRepetitions(summary: readonly CellSummary[], o: { metric?: Metric; load?: string } = {}): StallCount[] {
  const metric = o.metric ?? 'bandwidth';
  const by = new Map<string, StallCount>();
  for (const c of summary.filter((x) => x.metric === metric && (o.load === undefined || x.load === o.load))) {
    const s = by.get(c.runtime) ?? { runtime: c.runtime, stalled: 0, n: 0 };
    s.stalled += c.stalled;
    s.n += c.n;
    by.set(c.runtime, s);
  }
  return [...by.values()].filter((s) => s.stalled > 0);
}

/** `runsc 7 of 32` */
export const stallText = (s: StallCount): string => `${s.runtime} ${s.stalled} of ${s.n}`;
