// The campaigns a command names: ids under the data directory or paths, loaded and checked to
// hold measurements (what analyse, figures and paper take).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { loadCampaigns, measurementRows, type Campaign, type LoadOptions } from '../dataset/load.js';
import { NetbenchError } from '../base/errors.js';
import { campaignPath } from '../dataset/campaign-dir.js';

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

/**
 * The metrics a `--metrics` list names, each checked to be in one of the tables (the
 * campaigns `ids`); a name none has, or an empty entry, is an error listing the metrics there are.
 */
export function askedMetrics(list: string | undefined, tables: readonly ColumnTable[], ids: readonly string[]): string[] | undefined {
  if (list === undefined) return undefined;
  const known = new Set(tables.flatMap((t) => measurementRows(t.dedupe('metric'), ['metric']).map((r) => r.metric)));
  const asked = list.split(',').map((m) => m.trim());
  const unknown = asked.filter((m) => !known.has(m));
  if (unknown.length)
    throw new NetbenchError(
      'bad-config',
      `--metrics: ${unknown.map((m) => (m === '' ? '(an empty entry)' : m)).join(', ')}: not a metric of ${[...new Set(ids)].join(' or ')}`,
      `Name metrics the campaigns have, comma-separated: ${[...known].sort().join(', ')}.`,
    );
  return asked;
}
