// `netbench paper <campaign> [http-campaign]`: regenerate paper/generated/ from the campaign(s) and build paper/main.pdf.
import { buildPaper } from '../paper/build.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { stderrLogger } from './output.js';

export interface PaperOptions extends GlobalOptions {
  dir: string;
  dataDir: string;
  allowShort?: boolean;
}

export async function paperCommand(campaigns: string[], o: PaperOptions): Promise<void> {
  const log = stderrLogger(o.quiet);
  const { campaigns: loaded } = await loadNamedCampaigns(campaigns, o.dataDir);
  const pdf = await buildPaper(loaded, o.dir, { log: (m) => log.step(m), warn: (m) => log.warn(m), allowShort: o.allowShort ?? false });
  process.stdout.write(`${pdf} built from campaign${loaded.length > 1 ? 's' : ''} ${loaded.map((c) => c.id).join(', ')}\n`);
}
