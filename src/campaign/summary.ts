// The end-of-campaign table: per cell, how many repetitions are ok, failed or unsupported, and the
// median of its headline metrics. Pure; the statistics proper live in the analysis library.
import { isExperiment } from '../model/experiments.js';
import { cellKeyOf } from '../model/keys.js';
import { HEADLINE_METRICS, metricView, type MetricView } from '../model/metrics.js';
import { pairId } from '../model/pairs.js';
import type { MeasurementRecord, Status } from '../dataset/measurements.js';

/** An experiment's headline metrics, each shown in the catalogue's unit. */
const headlinesOf = (experiment: string): MetricView[] => (isExperiment(experiment) ? HEADLINE_METRICS[experiment] : []).map(metricView);

/** The fields of a row (a written MeasurementRecord or a loaded Measurement) the tallies read. */
export type TalliedRow = Pick<
  MeasurementRecord,
  'experiment' | 'runtime' | 'client_driver' | 'server_driver' | 'load' | 'warmup' | 'rep' | 'metric' | 'value' | 'status' | 'reason'
>;

/** The first headline value among a task's rows, for progress lines ("13.33 Gbit/s"). */
export function headlineOf(rows: ReadonlyArray<Pick<MeasurementRecord, 'experiment' | 'metric' | 'value' | 'status'>>): string {
  for (const r of rows) {
    const h = headlinesOf(r.experiment).find((m) => m.metric === r.metric);
    if (h && r.status === 'ok' && r.value !== null) return `${r.metric} ${(r.value * h.scale).toPrecision(4)} ${h.unit}`;
  }
  const other = rows.find((x) => x.status !== 'ok');
  return other ? other.status : 'ok';
}

/** One cell at the end of a campaign: its repetitions by status and its headline medians. */
export interface CellTally {
  experiment: string;
  runtime: string;
  pair: string;
  load: string;
  ok: number;
  failed: number;
  unsupported: number;
  /** The first reason a repetition was not ok. */
  reason: string;
  medians: Array<{ metric: string; value: number | undefined; unit: string }>;
}

export function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
}

/** Per cell, repetitions by status and the medians of its headline metrics, leaving warm-ups out. */
export function tallyCells(rows: readonly TalliedRow[]): CellTally[] {
  const cells = new Map<string, { line: CellTally; reps: Map<number, Status>; values: Map<string, number[]> }>();
  for (const r of rows) {
    if (r.warmup) continue;
    const cell = {
      experiment: r.experiment,
      runtime: r.runtime,
      pair: pairId({ client: r.client_driver, server: r.server_driver }),
      load: r.load,
    };
    const key = cellKeyOf(cell.experiment, cell.runtime, cell.pair, cell.load);
    let c = cells.get(key);
    if (!c) {
      c = { line: { ...cell, ok: 0, failed: 0, unsupported: 0, reason: '', medians: [] }, reps: new Map(), values: new Map() };
      cells.set(key, c);
    }
    const prev = c.reps.get(r.rep);
    // A repetition counts as ok if any of its probes gave values, else as its worst status.
    if (prev !== 'ok') c.reps.set(r.rep, r.status === 'ok' ? 'ok' : prev === 'failed' ? 'failed' : r.status);
    if (r.status !== 'ok' && r.reason && !c.line.reason) c.line.reason = r.reason;
    if (r.status === 'ok' && r.value !== null) c.values.set(r.metric, [...(c.values.get(r.metric) ?? []), r.value]);
  }
  const order = (l: CellTally) => [l.experiment, l.runtime === 'bare' ? '~' : l.runtime, l.pair, l.load].join('|');
  return [...cells.values()]
    .sort((a, b) => order(a.line).localeCompare(order(b.line)))
    .map(({ line, reps, values }) => {
      for (const s of reps.values()) line[s]++;
      line.medians = headlinesOf(line.experiment).map((h) => {
        const m = median(values.get(h.metric) ?? []);
        return { metric: h.metric, value: m === undefined ? undefined : m * h.scale, unit: h.unit };
      });
      return line;
    });
}
