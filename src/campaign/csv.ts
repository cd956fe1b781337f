// The tidy measurements CSV: one row per measured value (or per expected value of an unsupported or
// failed probe run, with an empty value and the reason). RFC 4180 quoting; a minimal reader for
// resume. Kept small on purpose: swap in csv-stringify/csv-parse when they can be installed.

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

const quote = (v: string | number | boolean): string => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const headerLine = (): string => COLUMNS.join(',') + '\n';
export const recordLine = (values: ReadonlyArray<string | number | boolean>): string => values.map(quote).join(',') + '\n';
export const rowLine = (r: Row): string => recordLine(COLUMNS.map((c) => r[c]));

/** Parse CSV text into records of strings; a final line without its newline is reported as torn. */
export function parseCsv(text: string): { records: string[][]; tornTail: boolean } {
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let inQuotes = false;
  let i = 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      rec.push(field);
      field = '';
    } else if (ch === '\n') {
      rec.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push(rec);
      rec = [];
      field = '';
    } else field += ch;
  }
  const tornTail = field !== '' || rec.length > 0 || inQuotes;
  return { records, tornTail };
}
