// The manuscript's paragraph on gVisor's hostinet as a server, from the committed hostinet campaign
// (its NOTES.md has the same ratios, worked out from the same data).
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { loadCampaign, measurementColumn } from '../../../src/dataset/load.js';
import { hostinetConfigs, hostinetRows, hostinetTex } from '../../../src/paper/hostinet.js';

const HOSTINET = new URL('../../../data/raw/2026-12-02T1944Z-nb', import.meta.url).pathname;

const variant = (name: string, sha256: string, args: string[], base = 'runsc') => ({
  name,
  base,
  binary: `/bin/${name}`,
  version: `runsc version ${sha256}`,
  sha256,
  args,
  source: 'host',
});

describe('the paragraph on gVisor hostinet as a server', () => {
  it('takes the hostinet variants the campaign ran, each with the same binary on its own stack', () => {
    const variants = [
      variant('runsc-2024', 'new', []),
      variant('runsc-2024-ptrace', 'new', ['--platform=ptrace']),
      variant('runsc-2024-hostinet', 'new', ['--network=host']),
      variant('runsc-hostinet', 'old', ['--network=host']),
      variant('crun-x', 'c', ['--network=host'], 'crun'),
    ];
    expect(hostinetConfigs(variants, ['runc', 'runsc-2024', 'runsc-2024-hostinet', 'runsc-hostinet', 'crun-x'])).toEqual([
      { config: 'runsc-2024-hostinet', version: 'runsc version new', netstack: 'runsc-2024' },
      { config: 'runsc-hostinet', version: 'runsc version old' },
    ]);
    // registered by `lab up --variants` but not run (the variants campaign 2026-12-02T1215Z-nb): not a hostinet campaign
    expect(hostinetConfigs(variants, ['runc', 'runsc-2024', 'runsc-2024-ptrace'])).toEqual([]);
    // the sibling counts only when it ran
    expect(hostinetConfigs(variants, ['runsc-2024-hostinet'])).toEqual([{ config: 'runsc-2024-hostinet', version: 'runsc version new' }]);
  });

  it('reads the ratios on hostinet against the own stack, and names the build that failed with its reason', async () => {
    const c = await loadCampaign(HOSTINET);
    const { summary, comparisons } = analysisTables(c.table);
    const configs = hostinetConfigs(c.manifest.variants ?? [], measurementColumn(c.table, 'runtime'));
    expect(configs.map((x) => [x.config, x.netstack])).toEqual([
      ['runsc-2024-hostinet', 'runsc-2024'],
      ['runsc-hostinet', undefined],
    ]);
    const rows = hostinetRows(summary, comparisons, configs);
    expect(rows.map((r) => `${r.config} ${r.pair}`)).toEqual([
      'runsc-2024-hostinet bridge,bridge',
      'runsc-2024-hostinet macvlan,macvlan',
      'runsc-2024-hostinet overlay,overlay',
      'runsc-hostinet bridge,bridge',
      'runsc-hostinet macvlan,macvlan',
      'runsc-hostinet overlay,overlay',
    ]);
    const bridge = rows[0]!;
    expect(bridge.hostinet!.ratio).toBeCloseTo(0.356, 3);
    expect(bridge.netstack!.ratio).toBeCloseTo(0.214, 3);
    expect(bridge.hostinet!.lo).toBeCloseTo(0.3275, 3);
    expect(rows[1]!.hostinet!.ratio).toBeCloseTo(0.329, 3);
    for (const r of rows.slice(3)) {
      expect(r.hostinet).toMatchObject({ status: 'failed', failed: 15, ratio: null });
      expect(r.netstack).toBeUndefined();
    }
    const tex = hostinetTex(rows, { campaign: c.id, reps: '15 repetitions' });
    expect(tex).toContain('\\newcommand{\\nbhostinetcampaign}{2026-12-02T1944Z-nb}');
    expect(tex).toMatch(/Campaign \\texttt\{2026-12-02T1944Z-nb\} \(15 repetitions; idle\) runs gVisor with \\texttt\{-\{\}-network=host\}/);
    expect(tex).toMatch(
      /On bridge,bridge, \\texttt\{runsc-2024-hostinet\} keeps 0\.356 \(CI 0\.3\d+--0\.3\d+\) of runc's bandwidth against 0\.214 \(CI 0\.\d+--0\.\d+\) on its own network stack \(\\texttt\{runsc-2024\}\), a factor of 1\.6\d\./,
    );
    expect(tex).toContain(
      '\\texttt{runsc-hostinet} (runsc 0.0\\textasciitilde{}20221219.0) failed every repetition as a server on every pair: \\emph{iperf3: error - unable to receive parameters from client: Resource temporarily unavailable}.',
    );
    expect(tex).toMatch(/\\texttt\{runsc-hostinet\} & 0\.0\\textasciitilde\{\}20221219\.0 & overlay,overlay & failed \(15\) & -- \\\\/);
    expect(tex).toContain('\\label{tab:hostinet}');
    expect(hostinetTex([], { campaign: 'c1' })).toBe('% no gVisor configuration on hostinet in this campaign\n\\newcommand{\\nbhostinetcampaign}{c1}\n');
  });
});
