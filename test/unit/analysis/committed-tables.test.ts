// The derived files committed under figures/<campaign>/tables are what `netbench analyse` writes
// from the committed data today: a change to the statistics or the tables' format shows up here
// until they are written again (`./netbench analyse <campaign>`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { analysisTableFiles } from '../../../src/analysis/write-tables.js';
import { cpuModel, linkCampaignOf, modelFiles } from '../../../src/analysis/cpu-model.js';
import { loadCampaign, loadCampaigns } from '../../../src/dataset/load.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const withSub = (sub: string) =>
  readdirSync(join(ROOT, 'figures'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'figures', d.name)).includes(sub))
    .map((d) => d.name);
const committedModels = withSub('model');
const committed = readdirSync(join(ROOT, 'figures'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'figures', d.name)).includes('tables'))
  .map((d) => d.name);

describe('committed analysis tables', () => {
  it('are committed for the campaigns the docs show', () => {
    expect(committed).toEqual(expect.arrayContaining(['2026-11-23T1437Z-nb', '2026-11-23T2034Z-nb']));
  });

  it.each(committed)('figures/%s/tables equal a fresh analyse of the committed data, and hold no NaN or Infinity', async (id) => {
    const { table } = await loadCampaigns(id.split('+').map((c) => join(ROOT, 'data/raw', c)));
    const dir = join(ROOT, 'figures', id, 'tables');
    const files = analysisTableFiles(analysisTables(table), 'runc');
    expect(readdirSync(dir).sort()).toEqual(files.map(([name]) => name).sort());
    for (const [name, text] of files) {
      const onDisk = readFileSync(join(dir, name), 'utf8');
      expect(onDisk, `${id}/tables/${name}: run ./netbench analyse ${id.split('+').join(' ')}`).toBe(text);
      expect(onDisk).not.toMatch(/\bNaN\b|Infinity/);
    }
  });

  it.each(committedModels)('figures/%s/model holds what netbench model computes from the committed data today', async (ids) => {
    const rows = cpuModel(
      await Promise.all(ids.split('+').map(async (id) => linkCampaignOf(await loadCampaign(join(ROOT, 'data/raw', id))))),
    );
    for (const [name, text] of modelFiles(rows))
      expect(
        readFileSync(join(ROOT, 'figures', ids, 'model', name), 'utf8'),
        `${ids}/model/${name}: run ./netbench model ${ids.split('+').join(' ')}`,
      ).toBe(text);
  });
});
