// Benchmark (not a test): `report` and `export` (Parquet, Arrow, CSV) of the default campaign and
// of the 1,000,000-row synthetic one (bench/synthetic-campaign.ts): time (median of 3) and size. Beside it,
// the 1M-row first load: the toolkit's checking loader (Papa Parse, every row checked, into
// arquero) against DuckDB's CSV reader (read_csv into DuckDB, then every column into JavaScript
// arrays, which is what arquero would need), to tell whether DuckDB would pay for loading.
//   node --import tsx bench/share-1m.ts [--rows 1000000]
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadCampaign } from '../src/dataset/load.js';
import { EXPORT_FORMATS, writeExport } from '../src/export/write-export.js';
import { reportModel } from '../src/report/report-model.js';
import { readBlogTable } from '../src/analysis/blog-table.js';
import { writeReport } from '../src/report/write-report.js';
import { synthesiseCampaign } from './synthetic-campaign.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const rowsWanted = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
const out = mkdtempSync(join(tmpdir(), 'nb-export-'));

async function median3(label: string, f: () => Promise<void>, times = 3): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await f();
    ts.push((performance.now() - t0) / 1000);
  }
  ts.sort((a, b) => a - b);
  console.error(`${label}: ${ts.map((t) => t.toFixed(2)).join(' / ')} s`);
  return ts[Math.floor(ts.length / 2)]!;
}

/** The exports and the report of one campaign, each timed 3 times (median). */
async function exports(name: string, dir: string) {
  const c = await loadCampaign(dir); // cached after the first load: the export alone is timed
  const result: Record<string, { s: number; mb: number }> = {};
  for (const format of EXPORT_FORMATS) {
    const file = join(out, `${name}.${format}`);
    const s = await median3(`${name} ${format}`, async () => {
      await writeExport(file, format, { table: c.table, campaigns: [c], includeWarmup: false });
    });
    result[format] = { s, mb: statSync(file).size / 1e6 };
  }
  // the report: statistics, figures and the page (the seeded bootstrap included), written
  const blog = await readBlogTable(join(root, 'paper'));
  const html = join(out, `${name}.html`);
  const s = await median3(`${name} report`, async () => {
    await writeReport(html, reportModel([c], c.table, blog));
  });
  result.report = { s, mb: statSync(html).size / 1e6 };
  return { rows: c.table.numRows(), csvMb: statSync(join(dir, 'measurements.csv')).size / 1e6, ...result };
}

const defaultCampaign = await exports('default', join(root, 'data/raw/2026-11-23T2034Z-nb'));
const synth = await synthesiseCampaign(join(root, 'data/raw/2026-11-23T2034Z-nb'), rowsWanted);
const big = await exports('synthetic', synth.dir);

// first loads of the 1M-row CSV
let coldRun = 0;
const cacheRoot = mkdtempSync(join(tmpdir(), 'nb-export-cache-'));
const toolkitCold = await median3('toolkit loader, cold (parse + check every row + write cache)', async () => {
  process.env.NETBENCH_CACHE_DIR = join(cacheRoot, String(coldRun++));
  await loadCampaign(synth.dir);
});
const db = await (await DuckDBInstance.create(':memory:')).connect();
const duckRead = await median3('DuckDB read_csv into a DuckDB table', async () => {
  await db.run(`CREATE OR REPLACE TABLE m AS SELECT * FROM read_csv('${synth.file}', header = true, all_varchar = false)`);
});
const duckToJs = await median3('DuckDB read_csv, then every column into JavaScript arrays', async () => {
  const r = await db.runAndReadAll(`SELECT * FROM read_csv('${synth.file}', header = true)`);
  if (r.getColumnsJS().length !== 21) throw new Error('columns');
});
console.log(
  JSON.stringify(
    {
      default: defaultCampaign,
      synthetic: big,
      firstLoad1M: { toolkitColdS: toolkitCold, duckdbReadCsvS: duckRead, duckdbReadCsvToJsS: duckToJs },
    },
    null,
    2,
  ),
);
