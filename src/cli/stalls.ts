// `netbench stalls <campaign>`: check a campaign's stall flags against its kept iperf3 reports with
// today's parser, and with --write put the parser's flags into measurements.csv (values untouched).
import { toolkitCommit } from '../base/toolkit.js';
import { checkStalls, writeStallCheck, type StallChange } from '../dataset/stall-check.js';
import { campaignDir } from './campaigns.js';
import type { GlobalOptions } from './options.js';

export interface StallsOptions extends GlobalOptions {
  write?: boolean;
  dataDir: string;
}

const shown = (w: string | undefined) => w ?? 'no stall';
const changeLine = (c: StallChange) => `  ${c.artifact}: ${shown(c.before)} -> ${shown(c.after)}\n`;

export async function stallsCommand(campaign: string, o: StallsOptions): Promise<void> {
  const dir = campaignDir(campaign, o.dataDir);
  const check = await checkStalls(dir);
  if (o.write && check.changes.length) {
    await writeStallCheck(dir, check, toolkitCommit(), new Date());
  }
  if (o.json) {
    process.stdout.write(
      JSON.stringify({ runs: check.runs, changes: check.changes, unchecked: check.unchecked, written: !!o.write }) + '\n',
    );
    return;
  }
  const out =
    `${check.runs} iperf3 runs of ${dir} checked against their kept server reports: ` +
    (check.changes.length
      ? `${check.changes.length} flag${check.changes.length === 1 ? '' : 's'} differ${check.changes.length === 1 ? 's' : ''} from today's parser\n` +
        check.changes.map(changeLine).join('') +
        (o.write
          ? `written to ${dir}/measurements.csv (values unchanged; recorded in the manifest's stallsRechecked)\n`
          : 'nothing written: `--write` puts these flags into measurements.csv\n')
      : 'every flag agrees\n') +
    (check.unchecked.length
      ? `not checked (${check.unchecked.length}):\n` + check.unchecked.map((u) => `  ${u.artifact}: ${u.reason}\n`).join('')
      : '');
  process.stdout.write(out);
}
