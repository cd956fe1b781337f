// Every figure builder pinned on a small real campaign (test/fixtures/campaigns/): the plotly spec
// (traces and layout) it returns is compared with the committed JSON under snapshots/, so a change
// in a figure shows up as a diff a person can read. The rendered SVG of the same specs is pinned by
// the browser tests. A deliberate change: `npx vitest run --project unit -u`, then read the diff.
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../src/dataset/load.js';
import { repetitionsFigure, VIEWS } from '../../../src/figures/repetitions.js';
import { FIGURES, campaignFigures } from '../../../src/figures/campaign-figures.js';
import { analysisTables } from '../../../src/analysis/cells.js';

const fixture = (name: string) => loadCampaign(new URL(`../../fixtures/campaigns/${name}`, import.meta.url).pathname);
const snapshot = (name: string) => new URL(`snapshots/${name}.json`, import.meta.url).pathname;
const spec = (f: { data: unknown; layout: unknown }) => JSON.stringify({ data: f.data, layout: f.layout }, null, 1) + '\n';

describe('figure specs on the fixture campaigns', () => {
  it('bandwidth and latency campaign: every figure of `netbench figures`', async () => {
    const figs = campaignFigures((await fixture('2034Z-small')).table);
    expect(figs.map((f) => f.name)).toEqual([
      'fig3a-bandwidth-idle',
      'fig3b-latency-idle',
      'fig4a-bandwidth-stress',
      'fig4b-latency-stress',
      'dist-bandwidth',
      'dist-latency',
      'overhead-bandwidth-idle',
      'overhead-bandwidth-stress',
      'degradation-bandwidth',
      'latency-percentiles-idle',
      'latency-percentiles-stress',
    ]);
    for (const f of figs) await expect(spec(f)).toMatchFileSnapshot(snapshot(f.name));
  });
  it('HTTP campaign: the four panels', async () => {
    const figs = campaignFigures((await fixture('1437Z-small')).table);
    expect(figs.map((f) => f.name)).toEqual(['http-bridge-bridge']);
    await expect(spec(figs[0]!)).toMatchFileSnapshot(snapshot('http-bridge-bridge'));
  });
  it('loops over FIGURES: each figure a fixture can show matches its snapshot and carries its entry\'s name', async () => {
    let drawn = 0;
    // (cost-small for the CPU-cost figures only: the others are pinned on the first two)
    for (const [name, only] of [
      ['2034Z-small', /./],
      ['1437Z-small', /./],
      ['cost-small', /^cpu-cost-/],
    ] as const) {
      const values = (await fixture(name)).table;
      const x = { values, tables: analysisTables(values) };
      for (const f of FIGURES.filter((d) => only.test(d.name) && d.when(x))) {
        const fig = f.build(x);
        expect(fig.name).toBe(f.name);
        await expect(spec(fig)).toMatchFileSnapshot(snapshot(f.name));
        drawn++;
      }
    }
    expect(drawn).toBe(14);
  });
  it("notebook 01's repetitions figure", async () => {
    const t = (await fixture('2034Z-small')).table;
    await expect(spec(repetitionsFigure(t, VIEWS.bandwidth!, 'idle'))).toMatchFileSnapshot(snapshot('repetitions-bandwidth-idle'));
  });
});
