// `netbench export <campaign…>`: the loader's checked rows (with cell and session) in Parquet,
// Arrow IPC or CSV, for pandas, R, polars and DuckDB users; the manifests travel in the file.
import { stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { NetbenchError } from '../base/errors.js';
import { EXPORT_EXTENSIONS, EXPORT_FORMATS, isExportFormat, writeExport, type ExportFormat } from '../export/write-export.js';
import { makeDir } from '../base/fsx.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface ExportOptions extends GlobalOptions {
  format?: string;
  out?: string;
  dataDir: string;
  includeWarmup?: boolean;
}

/**
 * The format asked for, or the one the output's name ends with, or Parquet for a name without an
 * ending. A name whose ending is no format export writes (m.xlsx) needs --format: written in
 * another format under it, the file would mislead whoever opens it.
 */
export function exportFormat(format: string | undefined, out: string | undefined): ExportFormat {
  const fromName = out ? extname(out).slice(1).toLowerCase() : '';
  const named = isExportFormat(fromName) ? fromName : fromName === 'feather' || fromName === 'ipc' ? 'arrow' : undefined;
  if (format === undefined) {
    if (fromName && !named)
      throw new NetbenchError(
        'bad-config',
        `the output ${out} ends in .${fromName}, which is no format export writes`,
        `Name it ….parquet, ….arrow (or .feather, .ipc) or ….csv, or give --format (${EXPORT_FORMATS.join(', ')}) to write that format under this name.`,
      );
    return named ?? 'parquet';
  }
  if (!isExportFormat(format))
    throw new NetbenchError('bad-config', `--format ${format} is not a format export writes`, `Use one of ${EXPORT_FORMATS.join(', ')}.`);
  if (named && named !== format)
    throw new NetbenchError(
      'bad-config',
      `--format ${format} but the output ${out} ends in .${fromName}`,
      `Name the file ….${EXPORT_EXTENSIONS[format]}, or leave --format out to write ${named}.`,
    );
  return format;
}

export async function exportCommand(campaigns: string[], o: ExportOptions): Promise<void> {
  const format = exportFormat(o.format, o.out);
  const includeWarmup = o.includeWarmup === true;
  const { campaigns: loaded, table } = await loadNamedCampaigns(campaigns, o.dataDir, { includeWarmup });
  const out = o.out ?? join('figures', loaded.map((c) => c.id).join('+'), `measurements.${EXPORT_EXTENSIONS[format]}`);
  await makeDir(dirname(out));
  const t0 = performance.now();
  const files = await writeExport(out, format, { table, campaigns: loaded, includeWarmup });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const bytes = (await stat(out)).size;
  if (o.json) process.stdout.write(JSON.stringify({ format, rows: table.numRows(), files, bytes }) + '\n');
  else
    process.stdout.write(
      `${table.numRows()} rows of ${loaded.map((c) => c.id).join(', ')} as ${format} in ${out} (${(bytes / 1e6).toFixed(2)} MB, ${s} s)` +
        (files.length > 1 ? `; manifests in ${files.slice(1).join(', ')}` : '; manifests in its metadata') +
        '\n',
    );
}
