// Benchmark (not a test): load + summarise a 1,000,000-row campaign, arquero and danfojs side by
// side on the same work, and the toolkit's own validating loader.
//   node --import tsx bench/analysis-1m.ts [<real campaign dir>] [--rows 1000000]
// The synthetic campaign (bench/synthetic-campaign.ts) is written to a temporary directory. The work measured, each timed 3 times (median reported):
//   arquero:  fromCSV, keep ok rows, group by cell, count/mean/sd/median/min/max
//   danfojs:  readCSV, the same filter, groupby().agg() with the same statistics
//   toolkit:  loadCampaign, cold (every row checked, Arrow cache written) and cached, + the same arquero rollup;
//             and cached + the rollup grouped by the loader's one `cell` column (dictionary-encoded, so
//             arquero takes its precomputed groups; values of rows that are not ok are null, which every
//             aggregate skips, so no filter is needed). The means are checked equal across the paths.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { loadCampaign } from '../src/dataset/load.js';
import { synthesiseCampaign } from './synthetic-campaign.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const rowsWanted = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
const realDir = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? join(root, 'data/raw/2026-11-23T2034Z-nb');

// ---- synthesise
const { dir, file, rows: written } = await synthesiseCampaign(realDir, rowsWanted);

type R = Record<string, unknown>;

// ---- measure
const KEYS = ['experiment', 'metric', 'runtime', 'client_driver', 'server_driver', 'load'];
const rollup = (t: aq.ColumnTable) =>
  t
    .filter((d: R) => d.status === 'ok')
    .groupby(...KEYS)
    .rollup({
      n: aq.op.count(),
      mean: aq.op.mean('value'),
      sd: aq.op.stdev('value'),
      median: aq.op.median('value'),
      min: aq.op.min('value'),
      max: aq.op.max('value'),
    });

async function time(label: string, f: () => Promise<number>): Promise<{ label: string; medianS: number; cells: number }> {
  const ts: number[] = [];
  let cells = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    cells = await f();
    ts.push((performance.now() - t0) / 1000);
  }
  ts.sort((a, b) => a - b);
  console.error(`${label}: ${ts.map((t) => t.toFixed(2)).join(' / ')} s`);
  return { label, medianS: ts[1]!, cells };
}

const arquero = await time('arquero', async () => {
  const t = aq.fromCSV(readFileSync(file, 'utf8'), { parse: { value: Number, rep: Number } });
  return rollup(t).numRows();
});
const dfd = await import('danfojs-node');
const danfo = await time('danfojs', async () => {
  const df = (await dfd.readCSV(file)) as InstanceType<typeof dfd.DataFrame>;
  const ok = df.query(df['status'].eq('ok'));
  const g = ok.groupby(KEYS).agg({ value: ['count', 'mean', 'std', 'median', 'min', 'max'] });
  return g.shape[0] ?? 0;
});
// The toolkit's loader: cold = parse and check every row, then write the Arrow cache (a fresh
// cache directory each time); cached = the same campaign loaded again (what every later analyse,
// figures, paper or notebook run does), each followed by the same arquero rollup.
const cacheRoot = mkdtempSync(join(tmpdir(), 'nb1m-cache-'));
let coldRun = 0;
const toolkitCold = await time('toolkit loader, cold (parse + check every row + write cache) + arquero rollup', async () => {
  process.env.NETBENCH_CACHE_DIR = join(cacheRoot, String(coldRun++));
  const c = await loadCampaign(dir);
  return rollup(c.table).numRows();
});
const toolkitCached = await time('toolkit loader, cached (Arrow) + arquero rollup', async () => {
  const c = await loadCampaign(dir);
  return rollup(c.table).numRows();
});
// The same statistics grouped by the one `cell` column; n is the count of values (null = not ok).
const rollupByCell = (t: aq.ColumnTable) =>
  t
    .groupby('cell')
    .rollup({
      n: aq.op.valid('value'),
      mean: aq.op.mean('value'),
      sd: aq.op.stdev('value'),
      median: aq.op.median('value'),
      min: aq.op.min('value'),
      max: aq.op.max('value'),
    })
    .filter((d: R) => (d.n as number) > 0);
const toolkitByCell = await time('toolkit loader, cached (Arrow) + arquero rollup by cell', async () => {
  const c = await loadCampaign(dir);
  return rollupByCell(c.table).numRows();
});
{
  // the same work: the cells and their means agree between the 6-key rollup and the one by cell
  const c = await loadCampaign(dir);
  const a = rollup(c.table).objects() as R[];
  const b = rollupByCell(c.table).objects() as R[];
  const sum = (rs: R[]) => rs.reduce((x, r) => x + (r.mean as number) * (r.n as number), 0);
  const rel = Math.abs(sum(a) - sum(b)) / Math.abs(sum(a));
  if (a.length !== b.length || !(rel < 1e-9)) throw new Error(`rollups disagree: ${a.length} vs ${b.length} cells, sums off by ${rel}`);
}
const cachedOnly = await time('toolkit loader, cached, load only', async () => (await loadCampaign(dir)).table.numRows());
console.log(
  JSON.stringify(
    {
      rows: written,
      cells: arquero.cells,
      danfoCells: danfo.cells,
      arqueroS: arquero.medianS,
      danfojsS: danfo.medianS,
      danfojsOverArquero: danfo.medianS / arquero.medianS,
      toolkitColdS: toolkitCold.medianS,
      toolkitCachedS: toolkitCached.medianS,
      toolkitCachedLoadOnlyS: cachedOnly.medianS,
      toolkitCachedByCellS: toolkitByCell.medianS,
      toolkitCells: toolkitCached.cells,
    },
    null,
    2,
  ),
);
