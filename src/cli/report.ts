// `netbench report <campaign> [<http-campaign>]`: one self-contained HTML file to share a campaign
// (facts, interactive figures, sortable tables, sessions, the HTTP table beside the blog post's).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDir } from '../base/fsx.js';
import { reportModel } from '../report/report-model.js';
import { readBlogTable } from '../analysis/blog-table.js';
import { writeReport } from '../report/write-report.js';
import { filesOf, madeNow } from '../report/campaign-files.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface ReportOptions extends GlobalOptions {
  out?: string;
  dataDir: string;
}

/** The manuscript's directory in the checkout, where the blog post's table is kept. */
const PAPER_DIR = fileURLToPath(new URL('../../paper', import.meta.url));

export async function reportCommand(campaigns: string[], o: ReportOptions): Promise<void> {
  const { campaigns: loaded, table } = await loadNamedCampaigns(campaigns, o.dataDir);
  const out = o.out ?? join('figures', loaded[0]!.id, 'report.html');
  await makeDir(dirname(out));
  const t0 = performance.now();
  if (!o.quiet) process.stderr.write(`report: statistics and ${table.numRows()} rows of ${loaded.map((c) => c.id).join(', ')}...\n`);
  const blog = await readBlogTable(PAPER_DIR);
  const bytes = await writeReport(out, reportModel(loaded, table, blog, { files: await filesOf(loaded), made: madeNow() }));
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (o.json) process.stdout.write(JSON.stringify({ file: out, bytes }) + '\n');
  else
    process.stdout.write(
      `report of ${loaded.map((c) => c.id).join(' + ')} in ${out} (${(bytes / 1e6).toFixed(1)} MB, ${s} s); it opens offline in any browser\n`,
    );
}
