import { utimesSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../src/dataset/load.js';
import { cachedTable } from '../../../src/dataset/table-cache.js';
import { tempDir } from '../../temp-dir.js';

const DIR = new URL('../../../data/raw/2026-11-23T0915Z-nb', import.meta.url).pathname;

describe('checked tables cached as Arrow', () => {
  it('builds once, reads back the same table, and builds again when an input changes', async () => {
    const env = { NETBENCH_CACHE_DIR: tempDir('nbcache') };
    const input = join(tempDir('nbin'), 'in.txt');
    writeFileSync(input, 'a');
    let builds = 0;
    const build = async () => (builds++, table({ x: [1, null, 3], s: ['a', 'b', 'a'], ok: [true, false, true] }));
    const first = await cachedTable('v1', [input], build, env);
    const second = await cachedTable('v1', [input], build, env);
    expect([first.hit, second.hit, builds]).toEqual([false, true, 1]);
    expect(second.table.objects()).toEqual(first.table.objects());
    expect((await cachedTable('v2', [input], build, env)).hit).toBe(false); // another loader version
    utimesSync(input, new Date(), new Date(Date.now() + 5000));
    expect((await cachedTable('v1', [input], build, env)).hit).toBe(false); // the input changed
    expect((await cachedTable('v1', [input], build, { ...env, NETBENCH_CACHE: 'off' })).hit).toBe(false);
    expect(builds).toBe(4);
  });

  it('gives loadCampaign the same rows from the cache as from the CSV, and checks an edited copy again', async () => {
    process.env.NETBENCH_CACHE_DIR = tempDir('nbcache');
    try {
      const fresh = await loadCampaign(DIR);
      const again = await loadCampaign(DIR);
      expect(again.table.numRows()).toBe(fresh.table.numRows());
      expect(again.table.columnNames()).toEqual(fresh.table.columnNames());
      expect(again.table.objects()).toEqual(fresh.table.objects());
      // both dictionary-encoded: grouping by cell takes arquero's precomputed groups (no key per row)
      for (const t of [fresh.table, again.table]) {
        const cell = t.column('cell') as unknown as { groups?: unknown };
        expect(typeof cell.groups).toBe('function');
        const byCell = t.groupby('cell').count().objects() as Array<{ cell: string; count: number }>;
        const byKeys = t.groupby('experiment', 'runtime', 'pair', 'load', 'metric').count().numRows();
        expect(byCell.length).toBe(byKeys);
        expect(byCell.reduce((a, r) => a + r.count, 0)).toBe(t.numRows());
      }
      // a copy edited after it was loaded is parsed and checked again, not served from the cache
      const copy = tempDir('nbcopy');
      cpSync(join(DIR, 'measurements.csv'), join(copy, 'measurements.csv'));
      cpSync(join(DIR, 'manifest.json'), join(copy, 'manifest.json'));
      await loadCampaign(copy);
      writeFileSync(join(copy, 'measurements.csv'), 'campaign_id\n');
      await expect(loadCampaign(copy)).rejects.toThrow(/measurements\.csv:1: missing column/);
    } finally {
      delete process.env.NETBENCH_CACHE_DIR;
    }
  });
});
