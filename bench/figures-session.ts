// Benchmark (not a test): exporting every figure of a campaign in one browser session (what
// `netbench figures` does) against one Chromium launch per figure.
//   node --import tsx bench/figures-session.ts [<campaign dir>]
import { join } from 'node:path';
import { loadCampaign } from '../src/dataset/load.js';
import { campaignFigures } from '../src/figures/campaign-figures.js';
import { FigureRenderer } from '../src/figures/render.js';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? join(root, 'data/raw/2026-11-23T2034Z-nb');
const figs = campaignFigures((await loadCampaign(dir)).table);

let t0 = performance.now();
const one = await FigureRenderer.open();
for (const f of figs) await one.render(f, new Date(0));
await one.close();
const sessionS = (performance.now() - t0) / 1000;

t0 = performance.now();
for (const f of figs) {
  const r = await FigureRenderer.open();
  await r.render(f, new Date(0));
  await r.close();
}
const perFigureS = (performance.now() - t0) / 1000;

console.log(
  JSON.stringify({ figures: figs.length, oneSessionS: sessionS, launchPerFigureS: perFigureS, ratio: perFigureS / sessionS }, null, 2),
);
