// The report on disk: plotly.js (its cartesian bundle: every trace type the figures use, a third
// of the full bundle's size) read from node_modules and the page written atomically.
import { readFile } from 'node:fs/promises';
import { plotlyCartesianFile } from '../figures/plotly-file.js';
import { writeFileAtomic } from '../base/fsx.js';
import { reportHtml } from './report-html.js';
import type { ReportModel } from './report-model.js';

/** plotly.js as the report inlines it. */
export const plotlyBundle = (): Promise<string> => readFile(plotlyCartesianFile(), 'utf8');

/** Write the report to `path`; its size in bytes. */
export async function writeReport(path: string, m: ReportModel): Promise<number> {
  const html = reportHtml(m, await plotlyBundle());
  await writeFileAtomic(path, html);
  return Buffer.byteLength(html);
}
