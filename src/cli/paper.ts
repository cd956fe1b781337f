// `netbench paper <campaign>`: regenerate paper/generated/ from the campaign and build paper/main.pdf.
import { loadCampaign } from '../analysis/load.js';
import { buildPaper } from '../paper/build.js';
import { campaignDir } from './analyse.js';
import type { GlobalOptions } from './main.js';
import { stderrLogger } from './output.js';

export interface PaperOptions extends GlobalOptions {
  dir: string;
  dataDir: string;
}

export async function paperCommand(campaign: string, o: PaperOptions): Promise<void> {
  const log = stderrLogger(o.quiet);
  const c = await loadCampaign(campaignDir(campaign, o.dataDir));
  const pdf = await buildPaper(c, o.dir, (m) => log.step(m));
  process.stdout.write(`${pdf} built from campaign ${c.id}\n`);
}
