// The CSV rows of one probe run (pure): a row per metric the probe promises, with its value, or
// empty with the status and reason (unsupported, failed), never 0 and never left out.
import type { Task } from '../model/keys.js';
import type { MetricSpec } from '../model/metrics.js';
import { WARNING_SEPARATOR } from '../model/warnings.js';
import { missingMetrics, type ParsedProbe } from '../probes/probe.js';
import type { MeasurementRecord, Status } from '../dataset/measurements.js';

/** Where a probe run's raw output goes, under the campaign directory. */
export const artifactPath = (t: Task, probe: string): string =>
  `artifacts/${t.cell.experiment}/${t.cell.runtime}/${t.cell.pair.client}-${t.cell.pair.server}/${t.cell.load}/${t.warmup ? 'warmup' : 'rep'}${t.rep}/${probe}`;

/** The columns every row of a task's probe run shares. */
export function rowBase(campaignId: string, t: Task, probe: string) {
  return {
    campaign_id: campaignId,
    experiment: t.cell.experiment,
    probe,
    runtime: t.cell.runtime,
    client_driver: t.cell.pair.client,
    server_driver: t.cell.pair.server,
    load: t.cell.load,
    rep: t.rep,
    warmup: t.warmup,
    client_host: 'A',
    server_host: 'B',
  };
}
export type RowBase = ReturnType<typeof rowBase>;

/** A run that gave no values (unsupported, or failed after its attempts): one empty row per promised metric. */
export function emptyRows(
  base: RowBase,
  metrics: readonly MetricSpec[],
  o: { status: Status; reason: string; attempts: number; warnings: string; artifact: string; startedAt: string },
): MeasurementRecord[] {
  return metrics.map((m) => ({
    ...base,
    attempts: o.attempts,
    started_at: o.startedAt,
    duration_s: null,
    metric: m.metric,
    value: null,
    unit: m.unit,
    status: o.status,
    reason: o.reason,
    warnings: o.warnings,
    artifact: o.artifact,
  }));
}

/**
 * A run that ended: a row per sample, then a `failed` row with the reason for each promised metric
 * it did not give, then an `unsupported` row for each it could not give in this setup.
 */
export function ranRows(
  base: RowBase,
  metrics: readonly MetricSpec[],
  run: { startedAt: string; durationS: number; parsed: ParsedProbe },
  o: { attempts: number; warnings: readonly string[]; artifact: string },
): MeasurementRecord[] {
  const row = (metric: string, unit: string, value: number | null, status: Status, reason: string): MeasurementRecord => ({
    ...base,
    attempts: o.attempts,
    started_at: run.startedAt,
    duration_s: Math.round(run.durationS * 1000) / 1000,
    metric,
    value,
    unit,
    status,
    reason,
    warnings: o.warnings.join(WARNING_SEPARATOR),
    artifact: o.artifact,
  });
  return [
    ...run.parsed.samples.map((s) => row(s.metric, s.unit, s.value, 'ok', '')),
    ...missingMetrics(metrics, run.parsed).map((m) => row(m.metric, m.unit, null, 'failed', m.reason)),
    ...metrics.flatMap((m) => {
      const why = run.parsed.unsupported?.[m.metric];
      return why === undefined ? [] : [row(m.metric, m.unit, null, 'unsupported', why)];
    }),
  ];
}
