// The campaigns a command names: ids under the data directory or paths, loaded and checked to
// hold measurements (what analyse, figures and paper take).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { loadCampaigns, type Campaign, type LoadOptions } from '../analysis/load.js';
import { NetbenchError } from '../errors.js';
import { campaignPath } from '../campaign/output.js';

/** A campaign's directory from its id (under `dataDir`) or its path; an error when none is there. */
export function campaignDir(arg: string, dataDir: string): string {
  const dir = campaignPath(arg, dataDir);
  if (!existsSync(join(dir, 'measurements.csv'))) {
    throw new NetbenchError('bad-config', `no campaign at ${dir}`, `Name a directory under ${dataDir} (ls ${dataDir}) or give its path.`);
  }
  return dir;
}

/** The named campaigns, loaded; an error naming any that has no measurement yet. */
export async function loadNamedCampaigns(
  names: readonly string[],
  dataDir: string,
  o: LoadOptions = {},
): Promise<{ campaigns: Campaign[]; table: ColumnTable }> {
  const loaded = await loadCampaigns(
    names.map((c) => campaignDir(c, dataDir)),
    o,
  );
  const empty = loaded.campaigns.find((c) => c.table.numRows() === 0);
  if (empty) {
    throw new NetbenchError(
      'bad-data',
      `campaign ${empty.id} has no measurements yet (its measurements.csv has only the header${o.includeWarmup ? '' : ', or warm-ups only'})`,
      `It stopped before its first task: finish it with \`netbench collect --resume ${empty.dir}\`, or name another campaign.`,
    );
  }
  return loaded;
}
