// A campaign's checked rows in a format other tools read natively (pandas, R, polars, DuckDB):
// Parquet (written by arrow-rs through parquet-wasm, zstd) or Arrow IPC (apache-arrow), both with
// the manifests as key-value metadata; or CSV with the manifests beside it. Written atomically.
import { tableToIPC } from 'apache-arrow';
import type { ColumnTable } from 'arquero';
import { stringify } from 'csv-stringify/sync';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { measurementColumn, type Campaign } from '../dataset/load.js';
import { writeFileAtomic, writeJsonAtomic } from '../base/fsx.js';
import { keysOf } from '../base/records.js';
import { EXPORT_COLUMNS, exportMetadata, measurementArrow } from './measurement-arrow.js';

export const EXPORT_FORMATS = ['parquet', 'arrow', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const isExportFormat = (s: string): s is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(s);

/** The file name ending of each format. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { parquet: 'parquet', arrow: 'arrow', csv: 'csv' };

export interface ExportInput {
  table: ColumnTable;
  campaigns: readonly Campaign[];
  includeWarmup: boolean;
}

/** Parquet bytes: one row group per million rows, zstd, the metadata as the file's key-value metadata. */
export function parquetBytes(x: ExportInput): Uint8Array {
  const metadata = exportMetadata(x.campaigns, x.includeWarmup);
  const arrow = measurementArrow(x.table, metadata);
  const props = new WriterPropertiesBuilder()
    .setCompression(Compression.ZSTD)
    .setCreatedBy('runtime-netbench (parquet-wasm)')
    .setKeyValueMetadata(new Map(metadata))
    .build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')), props);
}

/** Arrow IPC file (Feather v2) bytes, the metadata in its schema. */
export const arrowBytes = (x: ExportInput): Uint8Array =>
  tableToIPC(measurementArrow(x.table, exportMetadata(x.campaigns, x.includeWarmup)), 'file');

/** CSV text: the loader's columns (cell and session included); an empty field where a value is null. */
export function csvText(x: ExportInput): string {
  const columns = keysOf(EXPORT_COLUMNS);
  const values = columns.map((c) => measurementColumn(x.table, c));
  const rows = Array.from({ length: x.table.numRows() }, (_, i) => values.map((v) => v[i] ?? null));
  return stringify([columns, ...rows], { eof: true, record_delimiter: 'unix', cast: { boolean: (v) => String(v) } });
}

/** Where the manifests of a CSV export go: next to it. */
export const manifestSidecar = (path: string): string => `${path}.manifest.json`;

/** Write the export to `path` (and a CSV's manifests beside it); the files written. */
export async function writeExport(path: string, format: ExportFormat, x: ExportInput): Promise<string[]> {
  switch (format) {
    case 'parquet':
      await writeFileAtomic(path, parquetBytes(x));
      return [path];
    case 'arrow':
      await writeFileAtomic(path, arrowBytes(x));
      return [path];
    case 'csv': {
      const meta = Object.fromEntries(exportMetadata(x.campaigns, x.includeWarmup));
      await writeJsonAtomic(manifestSidecar(path), { ...meta, 'netbench:manifests': x.campaigns.map((c) => c.manifest) });
      await writeFileAtomic(path, csvText(x));
      return [path, manifestSidecar(path)];
    }
  }
}
