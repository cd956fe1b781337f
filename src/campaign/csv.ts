// The tidy measurements CSV: one row per measured value (or per expected value of an unsupported or
// failed probe run, with an empty value and the reason). RFC 4180 quoting by csv-stringify, read
// back by Papa Parse (as the analysis loader reads it).
import { stringify } from 'csv-stringify/sync';
import Papa from 'papaparse';

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
] as const;

export type Column = (typeof COLUMNS)[number];
export type Row = Record<Column, string | number | boolean>;
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
export const recordLine = (values: ReadonlyArray<string | number | boolean>): string => stringify([[...values]], stringifyOptions);
export const rowLine = (r: Row): string => recordLine(COLUMNS.map((c) => r[c]));

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
