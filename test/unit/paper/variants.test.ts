import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { analysisTables } from '../../../src/analysis/cells.js';
import { NetbenchError } from '../../../src/base/errors.js';
import { guideFacts, readGvisorGuide } from '../../../src/paper/gvisor-guide.js';
import { variantFacts, variantsTex } from '../../../src/paper/variants.js';
import { gvisorConfigs } from '../../../src/model/runtimes.js';
import { idleRows } from './idle-rows.js';
import { tempDir } from '../../temp-dir.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe("gVisor's published numbers (paper/literature/gvisor-guide.json)", () => {
  it('gives the guide’s gVisor / runc ratios: iperf download and upload, node requests', async () => {
    const f = guideFacts(await readGvisorGuide(join(ROOT, 'paper')));
    // iperf.csv: 640303500 / 746386000 and 482254000 / 709808000; applications.csv: 375.13 / 885.81
    expect(f).toEqual({ guideDownload: '0.86', guideUpload: '0.68', guideNode: '0.42' });
  });

  it('a missing or damaged file is an error that says how to restore it', async () => {
    const dir = tempDir('nbguide');
    await expect(readGvisorGuide(dir)).rejects.toThrow(/gvisor-guide\.json is missing/);
    cpSync(join(ROOT, 'paper/literature'), join(dir, 'literature'), { recursive: true });
    writeFileSync(join(dir, 'literature/gvisor-guide.json'), '{"source": "x", "setup": "y", "iperf_bandwidth": {}}');
    const e = await readGvisorGuide(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetbenchError);
    expect(String(e)).toMatch(/not gVisor's published numbers/);
    expect((e as NetbenchError).hint).toContain('git checkout paper/literature/gvisor-guide.json');
  });
});

describe('the gVisor variants section of the manuscript', () => {
  const rows = idleRows;
  const table = () =>
    from([
      ...rows('runc', 'bridge,bridge', 'bandwidth', [10e9, 10e9, 10e9]),
      ...rows('runsc', 'bridge,bridge', 'bandwidth', [0.5e9, 0.5e9, 0.5e9], ['', 'stalled: 3 of 10 intervals at 0 bytes', '']),
      ...rows('runsc-2024-ptrace', 'bridge,bridge', 'bandwidth', [2e9, 2e9, 2e9]),
      ...rows('runsc-2024', 'bridge,bridge', 'bandwidth', [2.5e9, 2.5e9, 2.5e9]),
      ...rows('crun', 'bridge,bridge', 'bandwidth', [9e9, 9e9, 9e9]),
      ...rows('runc', 'bridge,bridge', 'sockperf_rtt_p50', [50, 50, 50]),
      ...rows('runsc-2024', 'bridge,bridge', 'sockperf_rtt_p50', [400, 400, 400]),
    ]);

  it('tells gVisor configurations (runsc and its variants) from other runtimes', () => {
    expect(gvisorConfigs(['runc', 'runsc-2024', 'crun', 'runsc', 'bare', 'runsc-2024-ptrace', 'runsc'])).toEqual(['runsc', 'runsc-2024', 'runsc-2024-ptrace']);
  });

  it('derives the build and platform factors and the stalled repetitions from the numbers', () => {
    const { summary, comparisons } = analysisTables(table());
    const f = variantFacts(summary, comparisons, ['runsc', 'runsc-2024', 'runsc-2024-ptrace']);
    expect(f).toEqual({ configs: 'runsc, runsc-2024, runsc-2024-ptrace', stalls: 'runsc 1 of 3', buildGain: '4', platformGain: '1.25' });
    // a factor whose configurations were not both measured is left out, so main.tex names it as missing
    const without = variantFacts(summary, comparisons.filter((r) => r.runtime !== 'runsc'), ['runsc-2024', 'runsc-2024-ptrace']);
    expect(without.buildGain).toBeUndefined();
    expect(without.platformGain).toBe('1.25');
  });

  it('writes ratios to runc with their CIs and medians in display units, for gVisor configurations and runc only', () => {
    const { summary, comparisons } = analysisTables(table());
    const tex = variantsTex(summary, comparisons, { campaign: '2026-12-02T1215Z-nb', stalls: 'none' });
    expect(tex).toContain('\\nbset{varfact}{campaign}{2026-12-02T1215Z-nb}');
    expect(tex).toContain('\\nbset{var}{bandwidth|runsc-2024|bridge,bridge|ratio}{0.25}');
    expect(tex).toContain('\\nbset{var}{bandwidth|runc|bridge,bridge|median}{10}'); // Gbit/s
    expect(tex).toContain('\\nbset{var}{sockperf_rtt_p50|runsc-2024|bridge,bridge|ratio}{8}');
    expect(tex).toMatch(/\\nbset\{var\}\{bandwidth\|runsc\|bridge,bridge\|lo\}\{0\.\d+\}/);
    expect(tex).not.toContain('|crun|');
  });
});
