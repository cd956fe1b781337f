// Campaigns from disk into an arquero table, checked first: the header, every row's fields, units
// against the probe that wrote them, and duplicate (cell, repetition, metric) rows. A problem is an
// error naming the file, the line and what is wrong; nothing is dropped or coerced silently.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { from, type ColumnTable } from 'arquero';
import { z } from 'zod';
import { COLUMNS } from '../campaign/csv.js';
import { MANIFEST, MEASUREMENTS } from '../campaign/output.js';
import { NetbenchError } from '../errors.js';
import { EXPERIMENTS } from '../probes/probe.js';
import { ALL_PROBES } from '../probes/registry.js';

/** metric -> unit, from the probes that write them. */
export const METRIC_UNITS: ReadonlyMap<string, string> = new Map(ALL_PROBES.flatMap((p) => p.metrics.map((m) => [m.metric, m.unit])));

export interface Measurement {
  campaign_id: string;
  experiment: string;
  probe: string;
  runtime: string;
  client_driver: string;
  server_driver: string;
  pair: string;
  load: string;
  rep: number;
  warmup: boolean;
  attempts: number;
  started_at: string;
  metric: string;
  /** null for `unsupported` and `failed` rows: never 0. */
  value: number | null;
  unit: string;
  status: 'ok' | 'unsupported' | 'failed';
  reason: string;
  warnings: string;
  artifact: string;
}

const ManifestHead = z
  .object({ campaignId: z.string(), status: z.enum(['running', 'complete', 'interrupted']), seed: z.number() })
  .passthrough();
export type ManifestHead = z.infer<typeof ManifestHead>;

export interface Campaign {
  id: string;
  dir: string;
  manifest: ManifestHead;
  /** One row per value: the columns of Measurement. */
  table: ColumnTable;
}

export interface LoadOptions {
  /** Keep the warm-up repetitions (left out by default: they are not measurements). */
  includeWarmup?: boolean;
}

const bad = (file: string, line: number | undefined, problem: string) =>
  new NetbenchError(
    'bad-data',
    `${file}${line !== undefined ? `:${line}` : ''}: ${problem}`,
    'Campaign files are written by `netbench collect`; fix or restore this file (git checkout), or leave this campaign out.',
  );

/** Parse and check measurements.csv text (pure); `file` names it in errors. */
export function parseMeasurements(text: string, file: string, o: LoadOptions = {}): Measurement[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, relax_column_count: true }) as typeof records;
  } catch (e) {
    const m = e as { message?: string; lines?: number };
    throw bad(file, m.lines, `not valid CSV (${m.message ?? String(e)})`);
  }
  const header = records[0]?.record;
  if (!header) throw bad(file, 1, 'empty file: no header');
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw bad(file, 1, `missing column(s) ${missing.join(', ')}`);
  const extra = header.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (extra.length) throw bad(file, 1, `unknown column(s) ${extra.join(', ')}`);
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const seen = new Map<string, number>();
  const out: Measurement[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record: r, info } = records[i]!;
    // csv-parse counts the line a record ends on: step back over newlines inside its quoted fields
    const line = info.lines - r.reduce((a, f) => a + (f.match(/\n/g)?.length ?? 0), 0);
    if (r.length !== header.length) throw bad(file, line, `${r.length} fields, the header has ${header.length}`);
    const f = (c: (typeof COLUMNS)[number]) => r[at[c]]!;
    const status = f('status');
    if (status !== 'ok' && status !== 'unsupported' && status !== 'failed')
      throw bad(file, line, `status "${status}" is not ok, unsupported or failed`);
    if (!(EXPERIMENTS as readonly string[]).includes(f('experiment'))) throw bad(file, line, `unknown experiment "${f('experiment')}"`);
    if (f('load') !== 'idle' && f('load') !== 'stress') throw bad(file, line, `load "${f('load')}" is not idle or stress`);
    const warmup = f('warmup');
    if (warmup !== 'true' && warmup !== 'false') throw bad(file, line, `warmup "${warmup}" is not true or false`);
    const rep = Number(f('rep'));
    if (!Number.isInteger(rep) || rep < 1) throw bad(file, line, `rep "${f('rep')}" is not a positive integer`);
    const metric = f('metric');
    const unit = METRIC_UNITS.get(metric);
    if (!unit) throw bad(file, line, `unknown metric "${metric}"`);
    if (f('unit') !== unit) throw bad(file, line, `metric ${metric} in "${f('unit')}", expected "${unit}"`);
    let value: number | null = null;
    if (status === 'ok') {
      value = f('value') === '' ? NaN : Number(f('value'));
      if (!Number.isFinite(value)) throw bad(file, line, `status ok but value "${f('value')}" is not a number`);
    } else {
      if (f('value') !== '') throw bad(file, line, `status ${status} with a value (${f('value')}): such rows carry no value`);
      if (!f('reason')) throw bad(file, line, `status ${status} without a reason`);
    }
    const key = [f('experiment'), f('runtime'), f('client_driver'), f('server_driver'), f('load'), warmup, rep, f('probe'), metric].join(
      '|',
    );
    const before = seen.get(key);
    if (before !== undefined) throw bad(file, line, `duplicate of line ${before} (same cell, repetition and metric)`);
    seen.set(key, line);
    if (warmup === 'true' && !o.includeWarmup) continue;
    out.push({
      campaign_id: f('campaign_id'),
      experiment: f('experiment'),
      probe: f('probe'),
      runtime: f('runtime'),
      client_driver: f('client_driver'),
      server_driver: f('server_driver'),
      pair: `${f('client_driver')},${f('server_driver')}`,
      load: f('load'),
      rep,
      warmup: warmup === 'true',
      attempts: Number(f('attempts')),
      started_at: f('started_at'),
      metric,
      value,
      unit,
      status,
      reason: f('reason'),
      warnings: f('warnings'),
      artifact: f('artifact'),
    });
  }
  return out;
}

/** Load one campaign directory (measurements.csv + manifest.json). */
export async function loadCampaign(dir: string, o: LoadOptions = {}): Promise<Campaign> {
  const csvFile = join(dir, MEASUREMENTS);
  const manifestFile = join(dir, MANIFEST);
  const text = await readFile(csvFile, 'utf8').catch(() => {
    throw bad(csvFile, undefined, 'cannot be read (is this a campaign directory? `ls data/raw` lists them)');
  });
  const rawManifest: unknown = JSON.parse(
    await readFile(manifestFile, 'utf8').catch(() => {
      throw bad(manifestFile, undefined, 'cannot be read');
    }),
  );
  const m = ManifestHead.safeParse(rawManifest);
  if (!m.success) throw bad(manifestFile, undefined, `not a campaign manifest (${m.error.issues[0]?.message ?? ''})`);
  const rows = parseMeasurements(text, csvFile, o);
  const sessions = (m.data.sessions ?? []) as Array<{ startedAt: string; endedAt?: string }>;
  const session = sessionOf(sessions);
  return {
    id: m.data.campaignId,
    dir,
    manifest: m.data,
    table: from(rows.map((r) => ({ ...r, session: session(r.started_at) }))),
  };
}

/**
 * Which run of `collect` (1-based, from the manifest's sessions) a row's start time falls in; 0 for
 * rows without a start time (unsupported cells). A resumed campaign may mix machines or loads, so
 * analyses can split by session.
 */
export function sessionOf(sessions: ReadonlyArray<{ startedAt: string; endedAt?: string }>): (startedAt: string) => number {
  const starts = sessions.map((s) => Date.parse(s.startedAt));
  return (startedAt) => {
    const t = Date.parse(startedAt);
    if (!Number.isFinite(t)) return 0;
    let k = 0;
    starts.forEach((s, i) => {
      if (t >= s) k = i + 1;
    });
    return k;
  };
}

/** Several campaigns as one table (each row keeps its campaign_id). */
export async function loadCampaigns(dirs: readonly string[], o: LoadOptions = {}): Promise<{ campaigns: Campaign[]; table: ColumnTable }> {
  const campaigns = await Promise.all(dirs.map((d) => loadCampaign(d, o)));
  const [first, ...rest] = campaigns.map((c) => c.table);
  if (!first) throw new NetbenchError('bad-config', 'no campaign given', 'Name one or more directories under data/raw.');
  return { campaigns, table: rest.reduce((t, x) => t.concat(x), first) };
}
