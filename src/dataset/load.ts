// Campaigns from disk into an arquero table, checked first: the header, every row's fields, units
// against the probe that wrote them, and duplicate (cell, repetition, metric) rows. A problem is an
// error naming the file, the line and what is wrong; nothing is dropped or coerced silently.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { table, type ColumnTable } from 'arquero';
import { COLUMNS, CSV_PARSE, type MeasurementRecord } from './measurements.js';
import { exists } from '../base/fsx.js';
import { recordOf } from '../base/records.js';
import { cachedTable } from './table-cache.js';
import { parseManifest, type Manifest } from './manifest.js';
import { MANIFEST, MEASUREMENTS } from './campaign-dir.js';
import { NetbenchError, describeError } from '../base/errors.js';
import { ALL_PROBES } from '../probes/registry.js';
import { cellKeyOf, metricKeyOf } from '../model/keys.js';
import { isExperiment } from '../model/experiments.js';
import { DRIVERS, isDriver } from '../model/pairs.js';

/** metric -> unit, from the probes that write them. */
export const METRIC_UNITS: ReadonlyMap<string, string> = new Map(ALL_PROBES.flatMap((p) => p.metrics.map((m) => [m.metric, m.unit])));

/**
 * A checked row of a loaded campaign: a line of measurements.csv (MeasurementRecord) without the
 * columns analyses do not read (duration, hosts), with the keys to group by and the session.
 */
export interface Measurement extends Omit<MeasurementRecord, 'duration_s' | 'client_host' | 'server_host'> {
  /** The cell and metric the value belongs to (model/keys.ts metricKeyOf), e.g. `bandwidth/runc/bridge,bridge/idle:bandwidth`: one key to group by. */
  cell: string;
  /** `client,server` (model/pairs.ts pairId). */
  pair: string;
  /** Which run of `collect` the row comes from (sessionOf); 0 for a cell that never ran. */
  session: number;
}

/**
 * Some columns of a loaded table (or of one derived from it by filter, slice or orderby) in typed
 * records: what analysis, figures and notebooks read instead of untyped objects().
 */
export function measurementRows<K extends keyof Measurement>(t: ColumnTable, columns: readonly K[]): Array<Pick<Measurement, K>> {
  // arquero's objects() is untyped; every loaded table is built from MeasurementColumns, so each row's
  // fields have Measurement's types.
  return t.select(...columns).objects() as Array<Pick<Measurement, K>>;
}

/** One column of a loaded table (or of one derived from it) as a typed array: what bulk readers (export) take. */
export function measurementColumn<K extends keyof Measurement>(t: ColumnTable, column: K): Array<Measurement[K]> {
  // as measurementRows: every loaded table is built from MeasurementColumns, so the column has Measurement[K]'s type.
  return t.array(column) as Array<Measurement[K]>;
}

/** Each row's warnings ('' where none): tables built by hand, e.g. in notebooks, may have no warnings column. */
export const warningsOf = (t: ColumnTable): string[] =>
  t.columnNames().includes('warnings')
    ? measurementRows(t, ['warnings']).map((r) => r.warnings ?? '')
    : Array.from({ length: t.numRows() }, () => '');

export interface Campaign {
  id: string;
  dir: string;
  manifest: Manifest;
  /** One row per value: the columns of Measurement. */
  table: ColumnTable;
}

export interface LoadOptions {
  /** Keep the warm-up repetitions (left out by default: they are not measurements). */
  includeWarmup?: boolean;
}

/** The repetitions a campaign planned (its manifest's config): a row numbered beyond them is not its own. */
export interface PlannedReps {
  reps: number;
  warmup: number;
}

const bad = (file: string, line: number | undefined, problem: string) =>
  new NetbenchError(
    'bad-data',
    `${file}${line !== undefined ? `:${line}` : ''}: ${problem}`,
    'Campaign files are written by `netbench collect`; fix or restore this file (git checkout), or leave this campaign out.',
  );

/** The checked rows as columns (one array per field of Measurement but the session): what arquero's table() takes. */
export type MeasurementColumns = { [K in Exclude<keyof Measurement, 'session'>]: Array<Measurement[K]> };

const emptyColumns = (): MeasurementColumns => ({
  campaign_id: [],
  cell: [],
  experiment: [],
  probe: [],
  runtime: [],
  client_driver: [],
  server_driver: [],
  pair: [],
  load: [],
  rep: [],
  warmup: [],
  attempts: [],
  started_at: [],
  metric: [],
  value: [],
  unit: [],
  status: [],
  reason: [],
  warnings: [],
  artifact: [],
});

/**
 * The line (1-based) on which record `i` starts. Only errors need it, so the fast parse keeps no
 * positions and this parses again, noting where each record ends (Papa Parse's cursor).
 */
function lineOfRecord(text: string, i: number): number {
  let start = 0;
  let k = 0;
  Papa.parse<string[]>(text, {
    ...CSV_PARSE,
    step: (r, parser) => {
      if (k++ === i - 1) {
        start = r.meta.cursor;
        parser.abort();
      }
    },
  });
  while (text[start] === '\n' || text[start] === '\r') start++; // skipped empty lines
  return lineAt(text, start);
}

/** The line (1-based) of character `index`. */
const lineAt = (text: string, index: number): number => {
  let n = 1;
  for (let p = text.indexOf('\n'); p !== -1 && p < index; p = text.indexOf('\n', p + 1)) n++;
  return n;
};

/** Parse and check measurements.csv text (pure); `file` names it in errors. */
export function parseMeasurements(text: string, file: string, o: LoadOptions = {}, planned?: PlannedReps): MeasurementColumns {
  const { data: records, errors } = Papa.parse<string[]>(text, CSV_PARSE);
  const e = errors[0];
  if (e) throw bad(file, lineAt(text, e.index ?? 0), `not valid CSV (${e.message})`);
  const header = records[0];
  if (!header) throw bad(file, 1, 'empty file: no header');
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw bad(file, 1, `missing column(s) ${missing.join(', ')}`);
  const extra = header.filter((c) => !COLUMNS.some((k) => k === c));
  if (extra.length) throw bad(file, 1, `unknown column(s) ${extra.join(', ')}`);
  const at = recordOf(COLUMNS, (c) => header.indexOf(c));
  // Each distinct cell string is kept once (interned), and repetitions are remembered per cell and
  // probe as numbers, not as a million key strings: much less for the garbage collector.
  const cells = new Map<string, string>();
  const pairs = new Map<string, string>();
  const seen = new Map<string, Map<number, number>>(); // cell|probe -> rep*2 + warmup -> record
  const out = emptyColumns();
  // (fields by index, no closure per row: a million rows make a million closures otherwise)
  const fail = (i: number, problem: string) => bad(file, lineOfRecord(text, i), problem);
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.length !== header.length) throw fail(i, `${r.length} fields, the header has ${header.length}`);
    const status = r[at.status]!;
    if (status !== 'ok' && status !== 'unsupported' && status !== 'failed')
      throw fail(i, `status "${status}" is not ok, unsupported or failed`);
    const experiment = r[at.experiment]!;
    if (!isExperiment(experiment)) throw fail(i, `unknown experiment "${experiment}"`);
    const load = r[at.load]!;
    if (load !== 'idle' && load !== 'stress') throw fail(i, `load "${load}" is not idle or stress`);
    const warmup = r[at.warmup]!;
    if (warmup !== 'true' && warmup !== 'false') throw fail(i, `warmup "${warmup}" is not true or false`);
    const rep = Number(r[at.rep]!);
    if (!Number.isInteger(rep) || rep < 1) throw fail(i, `rep "${r[at.rep]!}" is not a positive integer`);
    if (planned) {
      const most = warmup === 'true' ? planned.warmup : planned.reps;
      if (rep > most)
        throw fail(
          i,
          `${warmup === 'true' ? 'warm-up ' : ''}repetition ${rep}, but the manifest plans ${most}: a row of another campaign?`,
        );
    }
    const metric = r[at.metric]!;
    const unit = METRIC_UNITS.get(metric);
    if (!unit) throw fail(i, `unknown metric "${metric}"`);
    if (r[at.unit]! !== unit) throw fail(i, `metric ${metric} in "${r[at.unit]!}", expected "${unit}"`);
    let value: number | null = null;
    if (status === 'ok') {
      value = r[at.value]! === '' ? NaN : Number(r[at.value]!);
      if (!Number.isFinite(value)) throw fail(i, `status ok but value "${r[at.value]!}" is not a number`);
    } else {
      if (r[at.value]! !== '') throw fail(i, `status ${status} with a value (${r[at.value]!}): such rows carry no value`);
      if (!r[at.reason]!) throw fail(i, `status ${status} without a reason`);
    }
    const clientDriver = r[at.client_driver]!;
    const serverDriver = r[at.server_driver]!;
    if (!isDriver(clientDriver)) throw fail(i, `client_driver "${clientDriver}" is not one of ${DRIVERS.join(', ')}`);
    if (!isDriver(serverDriver)) throw fail(i, `server_driver "${serverDriver}" is not one of ${DRIVERS.join(', ')}`);
    const runtime = r[at.runtime]!;
    const probe = r[at.probe]!;
    const pairText = `${clientDriver},${serverDriver}`;
    let pair = pairs.get(pairText);
    if (pair === undefined) pairs.set(pairText, (pair = pairText));
    const id = metricKeyOf(cellKeyOf(experiment, runtime, pair, load), metric);
    let cell = cells.get(id);
    if (cell === undefined) cells.set(id, (cell = id));
    const cellProbe = `${cell}|${probe}`;
    let reps = seen.get(cellProbe);
    if (!reps) seen.set(cellProbe, (reps = new Map()));
    const repKey = rep * 2 + (warmup === 'true' ? 1 : 0);
    const before = reps.get(repKey);
    if (before !== undefined) throw fail(i, `duplicate of line ${lineOfRecord(text, before)} (same cell, repetition and metric)`);
    reps.set(repKey, i);
    if (warmup === 'true' && !o.includeWarmup) continue;
    out.campaign_id.push(r[at.campaign_id]!);
    out.cell.push(cell);
    out.experiment.push(experiment);
    out.probe.push(probe);
    out.runtime.push(runtime);
    out.client_driver.push(clientDriver);
    out.server_driver.push(serverDriver);
    out.pair.push(pair);
    out.load.push(load);
    out.rep.push(rep);
    out.warmup.push(warmup === 'true');
    out.attempts.push(Number(r[at.attempts]!));
    out.started_at.push(r[at.started_at]!);
    out.metric.push(metric);
    out.value.push(value);
    out.unit.push(unit);
    out.status.push(status);
    out.reason.push(r[at.reason]!);
    out.warnings.push(r[at.warnings]!);
    out.artifact.push(r[at.artifact]!);
  }
  return out;
}

/** Bump when parsing or checking changes: cached tables of older loaders are not reused. */
const LOADER_VERSION = `measurements v5 ${JSON.stringify([...METRIC_UNITS])}`;

/**
 * Load one campaign directory (measurements.csv + manifest.json). The checked table is cached
 * (table-cache.ts): loading the same unchanged campaign again reads it back instead of parsing.
 */
export async function loadCampaign(dir: string, o: LoadOptions = {}): Promise<Campaign> {
  const csvFile = join(dir, MEASUREMENTS);
  const manifestFile = join(dir, MANIFEST);
  const noCsv = () => bad(csvFile, undefined, 'cannot be read (is this a campaign directory? `ls data/raw` lists them)');
  if (!(await exists(csvFile))) throw noCsv();
  const manifestText = await readFile(manifestFile, 'utf8').catch(() => {
    throw bad(manifestFile, undefined, 'cannot be read');
  });
  let rawManifest: unknown;
  try {
    rawManifest = JSON.parse(manifestText);
  } catch (e) {
    throw bad(manifestFile, undefined, `not valid JSON (${describeError(e)})`);
  }
  const manifest = parseManifest(rawManifest, manifestFile);
  const build = async () => {
    const text = await readFile(csvFile, 'utf8').catch(() => {
      throw noCsv();
    });
    const cols = parseMeasurements(text, csvFile, o, manifest.config);
    const session = sessionOf(manifest.sessions);
    return table({ ...cols, session: cols.started_at.map(session) });
  };
  const inputs = [csvFile, manifestFile];
  const { table: t } = await cachedTable(`${LOADER_VERSION} warmup=${o.includeWarmup === true}`, inputs, build);
  return { id: manifest.campaignId, dir, manifest, table: t };
}

/**
 * Which run of `collect` (1-based, from the manifest's sessions) a row's start time falls in; 0 for
 * rows without a start time (unsupported cells). A resumed campaign may mix machines or loads, so
 * analyses can split by session.
 */
export function sessionOf(sessions: ReadonlyArray<{ startedAt: string; endedAt?: string }>): (startedAt: string) => number {
  const starts = sessions.map((s) => Date.parse(s.startedAt));
  const memo = new Map<string, number>(); // the rows of one probe run share their start time
  return (startedAt) => {
    const known = memo.get(startedAt);
    if (known !== undefined) return known;
    const k = at(startedAt);
    memo.set(startedAt, k);
    return k;
  };
  function at(startedAt: string): number {
    const t = Date.parse(startedAt);
    if (!Number.isFinite(t)) return 0;
    let k = 0;
    starts.forEach((s, i) => {
      if (t >= s) k = i + 1;
    });
    return k;
  }
}

/** Several campaigns as one table (each row keeps its campaign_id). */
export async function loadCampaigns(dirs: readonly string[], o: LoadOptions = {}): Promise<{ campaigns: Campaign[]; table: ColumnTable }> {
  const campaigns = await Promise.all(dirs.map((d) => loadCampaign(d, o)));
  const [first, ...rest] = campaigns.map((c) => c.table);
  if (!first) throw new NetbenchError('bad-config', 'no campaign given', 'Name one or more directories under data/raw.');
  return { campaigns, table: rest.reduce((t, x) => t.concat(x), first) };
}
