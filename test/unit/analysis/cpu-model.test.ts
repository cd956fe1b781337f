// The CPU model's arithmetic: B = min(link, C / c), c and C from the unshaped campaign.
import { describe, expect, it } from 'vitest';
import type { CellSummary } from '../../../src/analysis/cells.js';
import { analysisTables } from '../../../src/analysis/cells.js';
import { cpuModel } from '../../../src/analysis/cpu-model.js';
import { loadCampaign } from '../../../src/dataset/load.js';
import { rateBits } from '../../../src/model/link-rate.js';

/** A cell's summary with only what the model reads. */
const cell = (runtime: string, metric: string, median: number): CellSummary => ({
  experiment: 'bandwidth',
  metric,
  unit: '',
  runtime,
  pair: 'bridge,bridge',
  load: 'idle',
  status: 'ok',
  n: 6,
  failed: 0,
  unsupported: 0,
  stalled: 0,
  reason: '',
  mean: median,
  sd: null,
  median,
  q1: null,
  q3: null,
  iqr: null,
  min: null,
  max: null,
  cv: null,
  ci_mean_lo: null,
  ci_mean_hi: null,
  ci_median_lo: median * 0.9,
  ci_median_hi: median * 1.1,
});
const configuration = (runtime: string, bps: number, cpuSPerGb: number, cores: number) => [
  cell(runtime, 'bandwidth', bps),
  cell(runtime, 'cpu_s_per_gb', cpuSPerGb),
  cell(runtime, 'cpu_cores', cores),
];

describe('the CPU model', () => {
  // runc: 1.5 CPUs at 0.8 s/GB moves 1.875 GB/s = 15 Gbit/s; gVisor: 1.6 CPUs at 6.4 s/GB, 2 Gbit/s
  const free = {
    id: 'free',
    linkBps: undefined,
    summary: [...configuration('runc', 15e9, 0.8, 1.5), ...configuration('runsc', 2e9, 6.4, 1.6)],
  };
  const capped = {
    id: 'cap',
    linkBps: 5e9,
    summary: [...configuration('runc', 4.7e9, 0.9, 0.5), ...configuration('runsc', 1.9e9, 6.5, 1.55)],
  };

  it("predicts min(link, C / c) from the unshaped campaign's CPU per GB and CPUs busy", () => {
    const rows = cpuModel([free, capped]);
    expect(rows.map((r) => [r.campaign, r.runtime, r.bound])).toEqual([
      ['free', 'runc', 'cpu'],
      ['free', 'runsc', 'cpu'],
      ['cap', 'runc', 'link'],
      ['cap', 'runsc', 'cpu'],
    ]);
    expect(rows[0]!.cpuBoundBps).toBeCloseTo(15e9, 0);
    expect(rows[1]!.predictedBps).toBeCloseTo(2e9, 0);
    expect(rows[2]!.predictedBps).toBe(5e9);
    expect(rows[3]).toMatchObject({ predictedBps: 2e9, measuredBps: 1.9e9, cpuSPerGb: 6.5, cores: 1.55, linkBps: 5e9 });
  });

  it('needs an unshaped campaign, and leaves out what it did not measure with its cost', () => {
    expect(() => cpuModel([capped])).toThrow(/unshaped link/);
    const noCost = { ...free, summary: free.summary.filter((r) => !(r.runtime === 'runsc' && r.metric === 'cpu_s_per_gb')) };
    expect(cpuModel([noCost, capped]).map((r) => r.runtime)).toEqual(['runc', 'runc']);
  });
});

describe('the CPU model on the committed campaigns over three links (data/raw/2026-12-05T18*)', () => {
  const ids = ['2026-12-05T1838Z-nb', '2026-12-05T1846Z-nb', '2026-12-05T1854Z-nb'];
  const model = async () => {
    const linked = [];
    for (const id of ids) {
      const c = await loadCampaign(new URL(`../../../data/raw/${id}`, import.meta.url).pathname);
      const rate = c.manifest.lab.linkRate;
      linked.push({ id, linkBps: rate ? rateBits(rate) : undefined, summary: analysisTables(c.table).summary });
    }
    return cpuModel(linked);
  };

  it('predicts every configuration: C / c over the unshaped link, the link over 2 and 0.75 Gbit/s', async () => {
    const rows = await model();
    expect(rows).toHaveLength(15); // 5 configurations x 3 links
    for (const r of rows) {
      const ratio = r.measuredBps / r.predictedBps;
      if (r.linkBps === null) {
        expect(r.bound, r.runtime).toBe('cpu');
        expect(ratio, r.runtime).toBeGreaterThan(0.95);
        expect(ratio, r.runtime).toBeLessThan(1.05);
      } else {
        expect(r.bound, `${r.runtime} ${r.linkBps}`).toBe('link');
        // TCP's payload per Ethernet frame at MTU 1500 with timestamps: 1448 / 1514 = 0.956
        expect(ratio, `${r.runtime} ${r.linkBps}`).toBeGreaterThan(0.9);
        expect(ratio, `${r.runtime} ${r.linkBps}`).toBeLessThan(1);
      }
    }
  });

  it("shows gVisor's cost per byte several times runc's, and every configuration's growing as the link holds it back", async () => {
    const rows = await model();
    const cost = (rt: string, link: number | null) => rows.find((r) => r.runtime === rt && r.linkBps === link)!.cpuSPerGb!;
    expect(cost('runsc-2024', null) / cost('runc', null)).toBeGreaterThan(3);
    for (const rt of new Set(rows.map((r) => r.runtime))) expect(cost(rt, 750e6), rt).toBeGreaterThan(cost(rt, null));
  });
});
