// `netbench model <campaign…>`: the CPU model of bandwidth (analysis/cpu-model.ts) over campaigns of
// the same configurations on links of different rates: a table, model.csv / model.json, and the
// figures cpu-model (measured against predicted), link-cap (bandwidth against the link's rate) and
// link-cost (CPU per GB against the link's rate).
import { join } from 'node:path';
import { cpuModel, linkCampaignOf, modelFiles, type LinkCampaign } from '../analysis/cpu-model.js';
import { makeDir, writeFileAtomic } from '../base/fsx.js';
import { NetbenchError } from '../base/errors.js';
import { dataDate } from '../dataset/manifest.js';
import { linkCap, linkCost, modelFit } from '../figures/cpu-model.js';
import { writeFigures } from '../figures/campaign-figures.js';
import { loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

export interface ModelOptions extends GlobalOptions {
  out?: string;
  dataDir: string;
}

const g = (bps: number | null): string => (bps === null ? '-' : (bps / 1e9).toPrecision(3));
const n = (x: number | null): string => (x === null ? '-' : x.toPrecision(3));

export async function modelCommand(campaigns: string[], o: ModelOptions): Promise<void> {
  const linked: LinkCampaign[] = [];
  const manifests = [];
  for (const name of campaigns) {
    // one at a time: the same configuration over two links is two cells, not one
    const { campaigns: [c] = [], table } = await loadNamedCampaigns([name], o.dataDir);
    if (!c) continue;
    linked.push(linkCampaignOf({ ...c, table }));
    manifests.push(c.manifest);
  }
  const free = linked.find((c) => c.linkBps === undefined);
  if (!free?.summary.some((r) => r.metric === 'cpu_s_per_gb' && r.status === 'ok'))
    throw new NetbenchError(
      'bad-config',
      `the model needs a bandwidth campaign over the unshaped link with its CPU cost (collect since 2026-12-05, without --no-cpu-cost)${free ? `: ${free.id} has no cpu_s_per_gb value` : ''}`,
      'Name one beside the shaped ones, e.g. netbench model <unshaped> <at 2gbit> <at 750mbit>.',
    );
  const rows = cpuModel(linked);
  if (rows.length === 0)
    throw new NetbenchError(
      'bad-data',
      `no bandwidth configuration of ${linked.map((c) => c.id).join(', ')} was measured with its CPU cost over the unshaped link (${free.id})`,
      'Name campaigns of the same runtimes, pairs and loads.',
    );
  const outDir = o.out ?? join('figures', linked.map((c) => c.id).join('+'), 'model');
  await makeDir(outDir);
  for (const [name, text] of modelFiles(rows)) await writeFileAtomic(join(outDir, name), text);
  const figs = [modelFit(rows, { name: 'cpu-model' }), linkCap(rows, { name: 'link-cap' }), linkCost(rows, { name: 'link-cost' })];
  await writeFigures(figs, outDir, dataDate(manifests));
  if (o.json) {
    process.stdout.write(JSON.stringify({ outDir, rows }) + '\n');
    return;
  }
  process.stdout.write(
    formatTable(
      ['runtime', 'pair', 'load', 'link (Gbit/s)', 'measured', '95% CI', 'CPU s/GB', 'CPUs busy', 'C/c', 'predicted', 'bound'],
      rows.map((r) => [
        r.runtime,
        r.pair,
        r.load,
        r.linkBps === null ? 'unshaped' : g(r.linkBps),
        g(r.measuredBps),
        `[${g(r.measuredLo)}, ${g(r.measuredHi)}]`,
        n(r.cpuSPerGb),
        n(r.cores),
        g(r.cpuBoundBps),
        g(r.predictedBps),
        r.bound,
      ]),
    ) + `\n(bandwidths in Gbit/s; table, CSV, JSON and figures in ${outDir})\n`,
  );
}
