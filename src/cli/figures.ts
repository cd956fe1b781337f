// `netbench figures <campaign…>`: every figure of the campaign(s) as SVG, PDF and PNG (300 dpi),
// in one headless-Chromium session, into figures/<campaign>/.
import { dataDate } from '../dataset/manifest.js';
import { join } from 'node:path';
import { campaignFigures, writeFigures } from '../figures/campaign-figures.js';
import { makeDir } from '../base/fsx.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface FiguresOptions extends GlobalOptions {
  out?: string;
  dataDir: string;
}

export async function figuresCommand(campaigns: string[], o: FiguresOptions): Promise<void> {
  const { campaigns: loaded, table } = await loadNamedCampaigns(campaigns, o.dataDir);
  const outDir = o.out ?? join('figures', loaded.map((c) => c.id).join('+'));
  await makeDir(outDir); // a path that cannot be written is named before the figures are computed
  const figs = campaignFigures(table);
  const t0 = performance.now();
  const files = await writeFigures(figs, outDir, dataDate(loaded.map((c) => c.manifest)), (name) => {
    if (!o.quiet) process.stderr.write(`  ${name}\n`);
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (o.json) process.stdout.write(JSON.stringify({ outDir, figures: figs.map((f) => f.name), files }) + '\n');
  else process.stdout.write(`${figs.length} figures (${files.length} files: SVG, PDF, PNG 300 dpi) in ${outDir}, rendered in ${s} s\n`);
}
