// The manuscript's paragraph "What a byte costs", from the three committed CPU cost campaigns
// (their NOTES.md has the same numbers, worked out from the same data with `netbench analyse`).
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { cpuModel } from '../../../src/analysis/cpu-model.js';
import { loadCampaign } from '../../../src/dataset/load.js';
import { rateBits } from '../../../src/model/link-rate.js';
import { byLink, costTex, leadConfig, type CostCampaign } from '../../../src/paper/cost.js';
import type { GvisorGuide } from '../../../src/paper/gvisor-guide.js';

const RAW = new URL('../../../data/raw/', import.meta.url).pathname;
const GUIDE: GvisorGuide = {
  source: 's',
  setup: 's',
  iperf_bandwidth: { download: { runc: 746386000, runsc: 640303500 }, upload: { runc: 709808000, runsc: 482254000 } },
  node_requests_per_second: { runc: 885.81, runsc: 375.13 },
};

async function costCampaign(id: string): Promise<CostCampaign> {
  const c = await loadCampaign(RAW + id);
  const { summary, comparisons } = analysisTables(c.table);
  const rate = c.manifest.lab.linkRate;
  return { id, linkBps: rate ? rateBits(rate) : undefined, linkRate: rate, summary, comparisons };
}

/** Rows of one idle bridge,bridge configuration: its bandwidth and CPU metrics, one value per repetition. */
const rowsOf = (runtime: string, gbit: number, costs: Record<string, number>) =>
  [{ metric: 'bandwidth', unit: 'bit/s', value: gbit * 1e9 }, ...Object.entries(costs).map(([metric, value]) => ({ metric, unit: metric.endsWith('cores') ? 'cores' : 's/GB', value }))].flatMap(
    ({ metric, unit, value }) =>
      [0.98, 1, 1.02].map((f, i) => ({
        runtime,
        pair: 'bridge,bridge',
        metric,
        value: value * f,
        rep: i + 1,
        warnings: '',
        experiment: 'bandwidth',
        unit,
        load: 'idle',
        status: 'ok',
        reason: '',
        started_at: '',
      })),
  );

describe('the paragraph on what a byte costs', () => {
  it('reads the gVisor configuration at both ends that was also measured at one end', () => {
    expect(leadConfig(['runc', 'runsc-2024', 'runsc-2024-hostinet', 'runsc-2024@server', 'runsc-2024@client'])).toBe('runsc-2024');
    expect(leadConfig(['runc', 'runsc', 'runsc-2024'])).toBe('runsc');
    expect(leadConfig(['runc', 'crun'])).toBeUndefined();
  });

  it('states the cost, where it goes, the model and the guide beside ours, from the committed campaigns', async () => {
    const campaigns = await Promise.all(['2026-12-05T1854Z-nb', '2026-12-05T1838Z-nb', '2026-12-05T1846Z-nb'].map(costCampaign));
    expect(byLink(campaigns).map((c) => c.linkRate ?? 'unshaped')).toEqual(['unshaped', '2gbit', '750mbit']);
    const rows = cpuModel(campaigns);
    const t = costTex(campaigns, rows, GUIDE, { reps: '6 repetitions', cpus: '2' });
    expect(t).toContain('\\newcommand{\\nbcostcampaigns}{2026-12-05T1838Z-nb 2026-12-05T1846Z-nb 2026-12-05T1854Z-nb}');
    expect(t).toContain('(unshaped link), \\texttt{2026-12-05T1846Z-nb} (2 Gbit/s) and \\texttt{2026-12-05T1854Z-nb} (750 Mbit/s) (6 repetitions each; idle)');
    expect(t).toContain('keeps between 1.4 and 1.6 of the 2 CPUs busy');
    expect(t).toContain("\\texttt{runsc-2024} at both ends spends 5.64 (CI 4.9--6.42) times runc's (4.39 against 0.806 CPU~s/GB, medians) and moves 0.194 (CI 0.171--0.219)");
    expect(t).toContain('predicts its median bandwidth there within 1.9\\% (measured over predicted 0.981--1.01)');
    expect(t).toContain('it calls 10 of 10 configurations bound by the link, and they move 0.94--0.956 of the prediction, about what TCP carries');
    // softirq per GB: the same as runc's (its CI spans 1), so the extra is the sandbox's
    expect(t).toContain("The extra time is the sandbox's: per GB, the host kernel's packet path (softirq) costs \\texttt{runsc-2024} 0.974 (CI 0.799--1.16) times");
    expect(t).toContain("the server's cgroup accounts for 2.29 CPU~s/GB, against 0.318 with runc");
    expect(t).toContain('spends 4.39, 6.79 and 11 CPU~s/GB over the unshaped, 2 Gbit/s and 750 Mbit/s links, runc 0.806, 1.23 and 1.58');
    expect(t).toContain("times runc's CPU per byte, 0.98 CPUs busy against runc's 0.14");
    expect(t).toContain('runc at 0.746 and 0.71~Gbit/s and gVisor at 0.64 with it at the server (download) and 0.482 at the client (upload)');
    expect(t).toContain('runc moves 0.715, gVisor at the server 0.717 and at the client 0.716~Gbit/s');
    expect(t).toContain("Every gVisor configuration measured here moves more than the guide's gVisor did.");
    expect(t).toContain('gVisor at one end loses nothing');
    expect(t).toContain('What stays unexplained');
    // the table: a line per configuration and link, runc without a ratio to itself
    expect(t.match(/ \\\\$/gm)).toHaveLength(rows.length);
    expect(rows).toHaveLength(15);
    expect(t).toContain('\\texttt{runc} & bridge,bridge & unshaped & 14.5 & 14.7 & 0.806 [0.786, 0.865] &  & 1.5 \\\\');
    expect(t).toContain('\\texttt{runsc-2024@server} & bridge,bridge & 750 Mbit/s & 0.717 & 0.75 & 6.91 [5.94, 7.63] & 4.28 [3.49, 5.33] & 0.61 \\\\');
    expect(t).toContain('generated/figures/cost-split.pdf');
  });

  it('claims only what the numbers show: a dearer kernel path, a guide it does not beat, a one-end loss', () => {
    const costs = (c: number, softirq: number, cores: number) => ({
      cpu_s_per_gb: c,
      cpu_softirq_s_per_gb: softirq,
      cpu_user_s_per_gb: c / 3,
      cpu_system_s_per_gb: c / 3,
      cpu_cores: cores,
    });
    const free = from([...rowsOf('runc', 10, costs(1, 0.3, 1.25)), ...rowsOf('runsc', 0.5, costs(5, 1.5, 0.3125)), ...rowsOf('runsc@server', 0.6, costs(3, 0.6, 0.225))]);
    const slow = from([...rowsOf('runc', 0.3, costs(2, 0.6, 0.075)), ...rowsOf('runsc', 0.3, costs(6, 1.5, 0.225)), ...rowsOf('runsc@server', 0.2, costs(4, 1, 0.1))]);
    const campaigns: CostCampaign[] = [
      { id: 'free', linkBps: undefined, linkRate: undefined, ...analysisTables(free) },
      { id: 'slow', linkBps: 3e8, linkRate: '300mbit', ...analysisTables(slow) },
    ];
    const t = costTex(campaigns, cpuModel(campaigns), GUIDE, { reps: '3 repetitions', cpus: '2' });
    expect(t).toContain("\\texttt{runsc} at both ends spends 5 (CI");
    expect(t).toContain("Per GB, the host kernel's packet path (softirq) costs \\texttt{runsc} 5 (CI");
    expect(t).not.toContain("The extra time is the sandbox's");
    expect(t).not.toContain('moves more than the guide');
    expect(t).not.toContain('loses nothing');
    expect(t).toContain('(300 Mbit/s)');
  });

  it('says nothing but its campaigns without one over the unshaped link', () => {
    const t = costTex([{ id: 'x', linkBps: 1e9, linkRate: '1gbit', summary: [], comparisons: [] }], [], GUIDE, {});
    expect(t).toBe('% no campaign over the unshaped link with the CPU cost of its runs\n\\newcommand{\\nbcostcampaigns}{x}\n');
  });
});
