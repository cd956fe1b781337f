// `netbench report <campaign> [<http-campaign>]`: one self-contained HTML file to share a campaign
// (facts, interactive figures, sortable tables, sessions, the HTTP table beside the blog post's).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDir } from '../fsx.js';
import { reportModel } from '../report/report-model.js';
import { readBlogTable, writeReport } from '../report/write-report.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface ReportOptions extends GlobalOptions {
  out?: string;
  dataDir: string;
}

/** The blog post's published table, kept with the manuscript's literature. */
export const BLOG_TABLE = new URL('../../paper/literature/blog-siege.json', import.meta.url);

export async function reportCommand(campaigns: string[], o: ReportOptions): Promise<void> {
  const { campaigns: loaded, table } = await loadNamedCampaigns(campaigns, o.dataDir);
  const out = o.out ?? join('figures', loaded[0]!.id, 'report.html');
  await makeDir(dirname(out));
  const t0 = performance.now();
  if (!o.quiet) process.stderr.write(`report: statistics and ${table.numRows()} rows of ${loaded.map((c) => c.id).join(', ')}...\n`);
  const blog = await readBlogTable(fileURLToPath(BLOG_TABLE));
  const bytes = await writeReport(out, reportModel(loaded, table, blog));
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (o.json) process.stdout.write(JSON.stringify({ file: out, bytes }) + '\n');
  else
    process.stdout.write(
      `report of ${loaded.map((c) => c.id).join(' + ')} in ${out} (${(bytes / 1e6).toFixed(1)} MB, ${s} s); it opens offline in any browser\n`,
    );
}
