// `netbench history [campaigns…] [--all]`: every cell across campaigns, in the order they started,
// with the change points of each series and what changed in the manifests there. A campaign that
// cannot be read is named with its reason and the others go on; demo and quick campaigns are left
// out unless asked for.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NetbenchError } from '../base/errors.js';
import { profileOf } from '../config/campaign-config.js';
import type { Campaign } from '../dataset/load.js';
import { historyText } from '../history/history-format.js';
import { byStart, campaignHistory } from '../history/series.js';
import { dataDate } from '../dataset/manifest.js';
import { writeFigures } from '../figures/campaign-figures.js';
import { historyFigures } from '../figures/history.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface HistoryCliOptions extends GlobalOptions {
  all?: boolean;
  every?: boolean;
  metrics?: string;
  includeShort?: boolean;
  /** where to write a figure per metric and load */
  figures?: string;
  dataDir: string;
}

export async function historyCommand(names: string[], o: HistoryCliOptions): Promise<void> {
  if (names.length && o.all)
    throw new NetbenchError(
      'bad-config',
      'both campaigns and --all given',
      'Name campaigns, or give --all for every campaign under --data-dir.',
    );
  const asked = o.all ? campaignsIn(o.dataDir) : names;
  if (asked.length < 2 && !o.all)
    throw new NetbenchError(
      'bad-config',
      `history needs two campaigns or more (${asked.length} named)`,
      'Name them, or give --all for every campaign under --data-dir.',
    );
  const loaded: Campaign[] = [];
  const skipped: Array<{ campaign: string; reason: string }> = [];
  for (const name of asked) {
    try {
      const c = (await loadNamedCampaigns([name], o.dataDir)).campaigns[0]!;
      const profile = profileOf(c.manifest.config);
      if (profile !== 'paper' && !o.includeShort)
        skipped.push({ campaign: name, reason: `a ${profile} campaign (--include-short takes it)` });
      else loaded.push(c);
    } catch (e) {
      skipped.push({ campaign: name, reason: e instanceof NetbenchError ? e.message : String(e) });
    }
  }
  for (const s of skipped) process.stderr.write(`netbench: left out ${s.campaign}: ${s.reason}\n`);
  if (loaded.length < 2)
    throw new NetbenchError(
      'bad-data',
      `${loaded.length} campaign(s) could be read and taken, history needs two`,
      'See what was left out above; name campaigns of the paper protocol.',
    );
  const metrics = o.metrics?.split(',').map((m) => m.trim());
  const series = campaignHistory(loaded, metrics ? { metrics } : {});
  if (o.figures !== undefined) {
    const figs = historyFigures(series);
    await writeFigures(figs, o.figures, dataDate(loaded.map((c) => c.manifest)));
    process.stderr.write(`netbench: ${figs.length} figure(s) in ${o.figures}: ${figs.map((f) => f.name).join(', ')}\n`);
  }
  if (o.json) {
    const campaigns = byStart(loaded).map((c) => ({ id: c.id, startedAt: c.manifest.startedAt }));
    process.stdout.write(JSON.stringify({ campaigns, skipped, series }) + '\n');
    return;
  }
  process.stdout.write(historyText(series, { campaigns: loaded.length, every: o.every ?? false }));
}

/** Every campaign directory under `dataDir` (one with a measurements.csv), by name. */
function campaignsIn(dataDir: string): string[] {
  if (!existsSync(dataDir))
    throw new NetbenchError('bad-config', `no directory ${dataDir}`, 'Give --data-dir the directory that holds the campaigns.');
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dataDir, d.name, 'measurements.csv')))
    .map((d) => d.name)
    .sort();
}
