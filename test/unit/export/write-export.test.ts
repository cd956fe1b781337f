// The export read back by readers that share no code with its writers: DuckDB (C++) for Parquet
// and CSV, flechette (a second JavaScript Arrow implementation) for the Arrow IPC file; every row and type is
// compared with the loader's table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaigns, measurementRows, type Measurement } from '../../../src/dataset/load.js';
import { EXPORT_COLUMNS } from '../../../src/export/measurement-arrow.js';
import { manifestSidecar, writeExport } from '../../../src/export/write-export.js';
import { exportFormat } from '../../../src/cli/export.js';
import { keysOf } from '../../../src/base/records.js';

const RAW = new URL('../../../data/raw/', import.meta.url).pathname;
const DIRS = [join(RAW, '2026-11-23T2034Z-nb'), join(RAW, '2026-11-23T1437Z-nb')];
const COLUMNS = keysOf(EXPORT_COLUMNS);

let tmp: string;
let db: DuckDBConnection;
let loaded: Awaited<ReturnType<typeof loadCampaigns>>;
let expected: Measurement[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'netbench-export-'));
  db = await (await DuckDBInstance.create(':memory:')).connect();
  loaded = await loadCampaigns(DIRS, { includeWarmup: true });
  expected = measurementRows(loaded.table, COLUMNS);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A row as plain values: a start time as epoch milliseconds (null when the cell never ran). */
const plain = (r: object) => {
  const fields = new Map<string, unknown>(Object.entries(r));
  return Object.fromEntries(
    COLUMNS.map((c) => {
      const v = fields.get(c);
      if (c === 'started_at')
        return [c, v instanceof Date ? v.getTime() : typeof v === 'number' ? v : v === '' || v === null ? null : Date.parse(String(v))];
      return [c, typeof v === 'bigint' ? Number(v) : v];
    }),
  );
};

const query = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

describe('export', () => {
  const input = () => ({ table: loaded.table, campaigns: loaded.campaigns, includeWarmup: true });

  it('writes Parquet that DuckDB reads back with every row, the types and the manifests', async () => {
    const file = join(tmp, 'm.parquet');
    expect(await writeExport(file, 'parquet', input())).toEqual([file]);
    const types = Object.fromEntries((await query(`DESCRIBE SELECT * FROM '${file}'`)).map((r) => [r.column_name, r.column_type]));
    expect(Object.keys(types)).toEqual(COLUMNS);
    expect(types).toMatchObject({
      rep: 'INTEGER',
      attempts: 'INTEGER',
      session: 'INTEGER',
      warmup: 'BOOLEAN',
      started_at: 'TIMESTAMP WITH TIME ZONE',
      value: 'DOUBLE',
      runtime: 'VARCHAR',
      cell: 'VARCHAR',
    });
    const rows = await query(`SELECT * FROM '${file}'`);
    expect(rows).toHaveLength(expected.length);
    expect(rows.map(plain)).toEqual(expected.map(plain));
    // unsupported and failed values are null, never 0
    expect(rows.filter((r) => r.status !== 'ok').every((r) => r.value === null)).toBe(true);
    expect(rows.some((r) => r.status === 'unsupported')).toBe(true);
    // strings dictionary-encoded, the manifests in the key-value metadata
    const encodings = await query(`SELECT path_in_schema p, encodings e FROM parquet_metadata('${file}')`);
    expect(encodings.filter((r) => r.p === 'runtime').every((r) => String(r.e).includes('RLE_DICTIONARY'))).toBe(true);
    const kv = Object.fromEntries(
      (await query(`SELECT decode(key) k, decode(value) v FROM parquet_kv_metadata('${file}')`)).map((r) => [r.k, r.v]),
    );
    expect(kv['netbench:format']).toBe('runtime-netbench measurements 1');
    expect(JSON.parse(String(kv['netbench:campaigns']))).toEqual(['2026-11-23T2034Z-nb', '2026-11-23T1437Z-nb']);
    expect(JSON.parse(String(kv['netbench:manifests']))).toEqual(loaded.campaigns.map((c) => JSON.parse(JSON.stringify(c.manifest))));
    expect(kv['netbench:warmup']).toBe('included');
  });

  it('writes an Arrow IPC file that flechette reads back with the same rows, types and metadata', async () => {
    const file = join(tmp, 'm.arrow');
    await writeExport(file, 'arrow', input());
    const bytes = new Uint8Array(readFileSync(file));
    const magic = (b: Uint8Array) => Buffer.from(b).toString('latin1');
    expect(magic(bytes.subarray(0, 6))).toBe('ARROW1');
    expect(magic(bytes.subarray(bytes.length - 6))).toBe('ARROW1');
    const t = tableFromIPC(bytes);
    // flechette's type ids (Arrow's Type enum): Dictionary -1, Int 2, Bool 6, Timestamp 10, Float 3
    const want = { string: [-1, 'utf8'], int: [2, 32], bool: [6, undefined], time: [10, 'UTC'], number: [3, 2] } as const;
    expect(
      t.schema.fields.map((f) => {
        const ty = f.type as { typeId: number; bitWidth?: number; precision?: number; timezone?: string; dictionary?: { typeId: number } };
        const detail =
          ty.typeId === -1 ? (ty.dictionary?.typeId === 5 ? 'utf8' : ty.dictionary?.typeId) : (ty.bitWidth ?? ty.timezone ?? ty.precision);
        return [f.name, ty.typeId, detail];
      }),
    ).toEqual(COLUMNS.map((c) => [c, ...want[EXPORT_COLUMNS[c]]]));
    expect(JSON.parse(t.schema.metadata!.get('netbench:manifests')!)).toEqual(
      loaded.campaigns.map((c) => JSON.parse(JSON.stringify(c.manifest))),
    );
    expect(t.toArray().map(plain)).toEqual(expected.map(plain));
  });

  it('writes CSV that DuckDB reads back, with the manifests beside it', async () => {
    const file = join(tmp, 'm.csv');
    expect(await writeExport(file, 'csv', input())).toEqual([file, manifestSidecar(file)]);
    const rows = await query(
      `SELECT * FROM read_csv('${file}', header = true, types = {'started_at': 'VARCHAR', 'reason': 'VARCHAR', 'warnings': 'VARCHAR'})`,
    );
    // CSV has no null apart from the empty field: an empty string reads back as null
    const norm = (r: Record<string, unknown>) =>
      plain(Object.fromEntries(COLUMNS.map((c) => [c, r[c] === null && EXPORT_COLUMNS[c] !== 'number' ? '' : r[c]])));
    expect(rows.map(norm)).toEqual(expected.map(plain));
    const side = JSON.parse(readFileSync(manifestSidecar(file), 'utf8')) as Record<string, unknown>;
    expect(side['netbench:manifests']).toHaveLength(2);
  });

  it('takes the format from --format or from the output name, and names a conflict', () => {
    expect(exportFormat(undefined, undefined)).toBe('parquet');
    expect(exportFormat(undefined, 'x.arrow')).toBe('arrow');
    expect(exportFormat(undefined, 'x.feather')).toBe('arrow');
    expect(exportFormat('csv', 'x.txt')).toBe('csv');
    expect(() => exportFormat('xlsx', undefined)).toThrow(/--format xlsx is not a format export writes/);
    expect(() => exportFormat('csv', 'x.parquet')).toThrow(/--format csv but the output x.parquet ends in .parquet/);
    // a name that ends in no format export writes: refused, not written as Parquet under it
    expect(() => exportFormat(undefined, 'm.xlsx')).toThrow(/the output m.xlsx ends in .xlsx, which is no format export writes/);
    expect(exportFormat(undefined, 'measurements')).toBe('parquet');
    expect(exportFormat('parquet', 'm.xlsx')).toBe('parquet');
  });
});
