// The analysis tables on disk: each as CSV and JSON, written atomically (what `analyse` and the demo leave).
import { join } from 'node:path';
import { makeDir, writeFileAtomic } from '../base/fsx.js';
import { toTable, type AnalysisTables } from './cells.js';

/** summary, compare-<reference>, stress-degradation (.csv, .json) in `outDir`; the paths written. */
export async function writeAnalysisTables(outDir: string, t: AnalysisTables, reference: string): Promise<string[]> {
  await makeDir(outDir);
  const files: Array<[string, readonly object[]]> = [
    ['summary', t.summary],
    [`compare-${reference}`, t.comparisons],
    ['stress-degradation', t.degradation],
  ];
  const written: string[] = [];
  for (const [name, rows] of files) {
    for (const [ext, text] of [
      ['csv', toTable(rows).toCSV()],
      ['json', JSON.stringify(rows, null, 1) + '\n'],
    ] as const) {
      const path = join(outDir, `${name}.${ext}`);
      await writeFileAtomic(path, text);
      written.push(path);
    }
  }
  return written;
}
