// The report on disk: plotly.js (its cartesian bundle: every trace type the figures use, a third
// of the full bundle's size) read from node_modules and the page written atomically.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { NetbenchError, describeError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { reportHtml } from './report-html.js';
import { BlogTableSchema, type BlogTable, type ReportModel } from './report-model.js';

const require = createRequire(fileURLToPath(import.meta.url));

/** plotly.js as the report inlines it. */
export const plotlyBundle = (): Promise<string> => readFile(require.resolve('plotly.js-cartesian-dist-min'), 'utf8');

/** Write the report to `path`; its size in bytes. */
export async function writeReport(path: string, m: ReportModel): Promise<number> {
  const html = reportHtml(m, await plotlyBundle());
  await writeFileAtomic(path, html);
  return Buffer.byteLength(html);
}

/** The blog post's published table (paper/literature/blog-siege.json), checked. */
export async function readBlogTable(file: string): Promise<BlogTable> {
  try {
    return BlogTableSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (e) {
    throw new NetbenchError(
      'bad-data',
      `${file}: not the blog post's table (${describeError(e)})`,
      'Restore it: git checkout paper/literature/blog-siege.json.',
    );
  }
}
