// The analysis tables on disk: each as CSV and JSON, written atomically (what `analyse` and the demo leave).
import { join } from 'node:path';
import { makeDir, writeFileAtomic } from '../base/fsx.js';
import { toTable, type AnalysisTables } from './cells.js';

/** The files of the tables: summary, compare-<reference>, stress-degradation, each .csv and .json, by name. Pure. */
export function analysisTableFiles(t: AnalysisTables, reference: string): Array<[string, string]> {
  const tables: Array<[string, readonly object[]]> = [
    ['summary', t.summary],
    [`compare-${reference}`, t.comparisons],
    ['stress-degradation', t.degradation],
  ];
  return tables.flatMap(([name, rows]): Array<[string, string]> => [
    [`${name}.csv`, toTable(rows).toCSV()],
    [`${name}.json`, JSON.stringify(rows, null, 1) + '\n'],
  ]);
}

/** The tables' files (analysisTableFiles) in `outDir`; the paths written. */
export async function writeAnalysisTables(outDir: string, t: AnalysisTables, reference: string): Promise<string[]> {
  await makeDir(outDir);
  const written: string[] = [];
  for (const [name, text] of analysisTableFiles(t, reference)) {
    const path = join(outDir, name);
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}
