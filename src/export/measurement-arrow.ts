// The loader's checked table as an Arrow table (pure): the types kept (integers, a boolean, UTC
// timestamps, doubles with null where a value is unsupported or failed, dictionary-encoded
// strings) and the campaigns' manifests as the schema's key-value metadata. What `export` writes
// in Arrow IPC or Parquet.
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { ColumnTable } from 'arquero';
import { measurementColumn, type Campaign, type Measurement } from '../dataset/load.js';
import { keysOf } from '../base/records.js';

type Kind = 'string' | 'int' | 'bool' | 'time' | 'number';

/** Every column of the loader's table, in its order, with how it is typed in the file. */
export const EXPORT_COLUMNS: Readonly<Record<keyof Measurement, Kind>> = {
  campaign_id: 'string',
  cell: 'string',
  experiment: 'string',
  probe: 'string',
  runtime: 'string',
  client_driver: 'string',
  server_driver: 'string',
  pair: 'string',
  load: 'string',
  rep: 'int',
  warmup: 'bool',
  attempts: 'int',
  started_at: 'time',
  metric: 'string',
  value: 'number',
  unit: 'string',
  status: 'string',
  reason: 'string',
  warnings: 'string',
  artifact: 'string',
  session: 'int',
};

/** The format's name and version in the metadata (docs/data-format.md, "Export"). */
export const EXPORT_FORMAT = 'runtime-netbench measurements 1';

/** The key-value metadata of an export: the format, the campaign ids, and each campaign's manifest (JSON). */
export function exportMetadata(campaigns: readonly Campaign[], includeWarmup: boolean): Map<string, string> {
  return new Map([
    ['netbench:format', EXPORT_FORMAT],
    ['netbench:campaigns', JSON.stringify(campaigns.map((c) => c.id))],
    ['netbench:warmup', includeWarmup ? 'included' : 'left out'],
    ['netbench:manifests', JSON.stringify(campaigns.map((c) => c.manifest))],
  ]);
}

const arrowType = (k: Kind): DataType => {
  switch (k) {
    case 'string':
      return new Dictionary(new Utf8(), new Int32());
    case 'int':
      return new Int32();
    case 'bool':
      return new Bool();
    case 'time':
      return new TimestampMillisecond('UTC');
    case 'number':
      return new Float64();
  }
};

/** An ISO start time as milliseconds since the epoch; null for a cell that never ran (''). */
const millis = (iso: string): number | null => (iso === '' ? null : Date.parse(iso));

function vectorOf(t: ColumnTable, column: keyof Measurement): Vector {
  const type = arrowType(EXPORT_COLUMNS[column]);
  if (column === 'started_at') return vectorFromArray(measurementColumn(t, column).map(millis), type);
  return vectorFromArray(measurementColumn(t, column), type);
}

/** The table's rows as an Arrow table with the metadata of exportMetadata. */
export function measurementArrow(t: ColumnTable, metadata: ReadonlyMap<string, string>): Table {
  const columns = keysOf(EXPORT_COLUMNS);
  const typed = new Table(Object.fromEntries(columns.map((c) => [c, vectorOf(t, c)])));
  return new Table(new Schema(typed.schema.fields, new Map(metadata)), typed.batches);
}
