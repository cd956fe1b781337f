// The tidy measurements CSV: one row per measured value (or per expected value of an unsupported or
// failed probe run, with an empty value and the reason). RFC 4180 quoting by csv-stringify, read
// back by Papa Parse (as the analysis loader reads it).
import { stringify } from 'csv-stringify/sync';
import Papa from 'papaparse';
import type { Experiment, Load } from '../model/experiments.js';
import type { Driver } from '../model/pairs.js';

/**
 * One line of measurements.csv: the file's format, written by the runner and read back by the
 * analysis loader (docs/data-format.md). Empty fields are null.
 */
export interface MeasurementRecord {
  campaign_id: string;
  experiment: Experiment;
  probe: string;
  runtime: string;
  client_driver: Driver;
  server_driver: Driver;
  load: Load;
  /** 1-based; warm-up repetitions have their own numbers. */
  rep: number;
  warmup: boolean;
  /** How many times the probe run was tried. */
  attempts: number;
  /** ISO time the probe run started; empty for a cell that never ran. */
  started_at: string;
  duration_s: number | null;
  metric: string;
  /** null for `unsupported` and `failed` rows: never 0. */
  value: number | null;
  unit: string;
  status: Status;
  reason: string;
  warnings: string;
  client_host: string;
  server_host: string;
  artifact: string;
}

/** The columns of measurements.csv, in the file's order. */
export const COLUMNS = [
  'campaign_id',
  'experiment',
  'probe',
  'runtime',
  'client_driver',
  'server_driver',
  'load',
  'rep',
  'warmup',
  'attempts',
  'started_at',
  'duration_s',
  'metric',
  'value',
  'unit',
  'status',
  'reason',
  'warnings',
  'client_host',
  'server_host',
  'artifact',
] as const satisfies ReadonlyArray<keyof MeasurementRecord>;

export type Column = (typeof COLUMNS)[number];
// Every field of the record is a column (the compiler fails here otherwise).
const everyFieldIsAColumn: [Exclude<keyof MeasurementRecord, Column>] extends [never] ? true : false = true;
void everyFieldIsAColumn;

export type Status = 'ok' | 'unsupported' | 'failed';

const stringifyOptions = {
  eof: true,
  record_delimiter: 'unix',
  cast: {
    boolean: (v: boolean) => String(v),
    number: (v: number) => (Number.isFinite(v) ? String(v) : ''),
  },
} as const;

export const headerLine = (): string => stringify([[...COLUMNS]], stringifyOptions);
export const recordLine = (values: ReadonlyArray<string | number | boolean | null>): string => stringify([[...values]], stringifyOptions);
export const rowLine = (r: MeasurementRecord): string => recordLine(COLUMNS.map((c) => r[c]));

/** How the toolkit reads its CSV: the writer's comma (never a guessed one), empty lines skipped. */
export const CSV_PARSE = { delimiter: ',', skipEmptyLines: true } as const;

/**
 * Parse CSV text into records of strings. A last record without its newline (a crash during a
 * write) is left out and reported as torn; `completeLength` is the length of the text that holds
 * only whole records (where to cut the file).
 */
export function parseCsv(text: string): { records: string[][]; tornTail: boolean; completeLength: number } {
  // Cut after the newline that ends the last whole record. A newline inside the torn record's
  // quoted field leaves an unclosed quote: step back to the newline before it.
  let end = text.endsWith('\n') ? text.length : text.lastIndexOf('\n') + 1;
  for (;;) {
    const { data, errors } = Papa.parse<string[]>(text.slice(0, end), CSV_PARSE);
    const e = errors[0];
    if (!e) return { records: data, tornTail: end < text.length, completeLength: end };
    if (e.code !== 'MissingQuotes' || end === 0) throw new Error(`not valid CSV: ${e.message} (record ${(e.row ?? 0) + 1})`);
    end = text.lastIndexOf('\n', end - 2) + 1;
  }
}
