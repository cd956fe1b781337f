// The CPU model of a configuration's bandwidth: with c CPU seconds per GB received and C CPUs it
// keeps busy, it moves at most C / c, and no more than its link: B ≈ min(link, C / c). c and C are
// taken from the campaign over the unshaped link, where nothing but the CPUs bounds it; the same
// configurations over shaped links (campaigns of another `lab.linkRate`) test the prediction. Pure.
import { analysisTables, toTable, type CellSummary } from './cells.js';
import type { Campaign } from '../dataset/load.js';
import { rateBits } from '../model/link-rate.js';

/** One campaign's cells, with the rate of the link it ran over (undefined: unshaped). */
export interface LinkCampaign {
  id: string;
  linkBps: number | undefined;
  summary: readonly CellSummary[];
}

/** A configuration (runtime, pair, load) over one link: what it moved, what it cost, what the model says. */
export interface ModelRow {
  campaign: string;
  runtime: string;
  pair: string;
  load: string;
  /** The link's rate (bits/s); null: unshaped. */
  linkBps: number | null;
  /** Bandwidth received: median and its 95 % CI (bits/s). */
  measuredBps: number;
  measuredLo: number | null;
  measuredHi: number | null;
  /** CPU seconds per GB received over this link (median, CI), and CPUs busy (median). */
  cpuSPerGb: number | null;
  cpuSPerGbLo: number | null;
  cpuSPerGbHi: number | null;
  cores: number | null;
  /** From the unshaped campaign: the CPU bound C / c (bits/s), and min(link, that). */
  cpuBoundBps: number;
  predictedBps: number;
  /** Which of the two the model says holds it: the link, or the CPUs. */
  bound: 'link' | 'cpu';
}

const key = (r: Pick<CellSummary, 'runtime' | 'pair' | 'load'>): string => `${r.runtime}|${r.pair}|${r.load}`;
const okOf = (summary: readonly CellSummary[], metric: string): Map<string, CellSummary> =>
  new Map(summary.filter((r) => r.metric === metric && r.experiment === 'bandwidth' && r.status === 'ok').map((r) => [key(r), r]));

/**
 * The model's prediction for every configuration of every campaign that the unshaped campaign also
 * measured with its CPU cost; rows in the campaigns' order. Throws when no campaign is unshaped.
 */
export function cpuModel(campaigns: readonly LinkCampaign[]): ModelRow[] {
  const free = campaigns.find((c) => c.linkBps === undefined);
  if (!free) throw new Error('the CPU model needs a campaign over the unshaped link, to measure what bounds each configuration there');
  const freeCost = okOf(free.summary, 'cpu_s_per_gb');
  const freeCores = okOf(free.summary, 'cpu_cores');
  const rows: ModelRow[] = [];
  for (const c of campaigns) {
    const cost = okOf(c.summary, 'cpu_s_per_gb');
    const cores = okOf(c.summary, 'cpu_cores');
    for (const [k, bw] of okOf(c.summary, 'bandwidth')) {
      const c0 = freeCost.get(k)?.median;
      const n0 = freeCores.get(k)?.median;
      if (c0 == null || n0 == null || !(c0 > 0) || bw.median == null) continue;
      const cpuBoundBps = (n0 / c0) * 8e9; // CPUs / (CPU s per GB) = GB/s
      const link = c.linkBps ?? Infinity;
      rows.push({
        campaign: c.id,
        runtime: bw.runtime,
        pair: bw.pair,
        load: bw.load,
        linkBps: c.linkBps ?? null,
        measuredBps: bw.median,
        measuredLo: bw.ci_median_lo,
        measuredHi: bw.ci_median_hi,
        cpuSPerGb: cost.get(k)?.median ?? null,
        cpuSPerGbLo: cost.get(k)?.ci_median_lo ?? null,
        cpuSPerGbHi: cost.get(k)?.ci_median_hi ?? null,
        cores: cores.get(k)?.median ?? null,
        cpuBoundBps,
        predictedBps: Math.min(link, cpuBoundBps),
        bound: link < cpuBoundBps ? 'link' : 'cpu',
      });
    }
  }
  return rows;
}

/** A loaded campaign as the model reads it: its link's rate (the manifest's lab.linkRate) and its cells (computed unless given). */
export const linkCampaignOf = (c: Pick<Campaign, 'id' | 'manifest' | 'table'>, summary = analysisTables(c.table).summary): LinkCampaign => {
  const rate = c.manifest.lab.linkRate;
  return { id: c.id, linkBps: rate ? rateBits(rate) : undefined, summary };
};

/** The model's rows as the files `netbench model` writes: model.csv and model.json. Pure. */
export const modelFiles = (rows: readonly ModelRow[]): Array<[string, string]> => [
  ['model.csv', toTable(rows).toCSV()],
  ['model.json', JSON.stringify(rows, null, 1) + '\n'],
];
