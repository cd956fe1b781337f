// Every figure of a campaign, built from the analysis tables and written in one browser session.
import type { Metric } from '../model/metrics.js';
import { makeDir, writeFileAtomic } from '../base/fsx.js';

import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { analysisTables, type AnalysisTables, type ComparisonRow } from '../analysis/cells.js';
import { FigureRenderer } from './render.js';
import { sizeOf } from './style.js';
import { cellBars } from './cell-bars.js';
import { distribution } from './distribution.js';
import { httpPanels } from './http-panels.js';
import { percentiles } from './percentiles.js';
import { ratios } from './ratios.js';
import { stalledRepetitions, stallText } from '../analysis/stalls.js';
import { baseRuntime } from '../model/runtimes.js';
import type { PubFigure } from './parts.js';

/** The figure specs of one campaign table (pure, apart from the statistics' seeded bootstrap); pass the tables if already computed. */
export function campaignFigures(values: ColumnTable, tables: AnalysisTables = analysisTables(values)): PubFigure[] {
  const { summary, comparisons: vsRunc, degradation } = tables;
  const figs: PubFigure[] = [];
  // A figure is made only when it has something to show: a campaign may lack a load (--loads idle),
  // a runtime to compare with runc (--runtimes runc) or values that could be measured.
  const cells = (m: Metric, load?: string) => summary.some((r) => r.metric === m && (load === undefined || r.load === load));
  const measured = (m: Metric, load?: string) => summary.some((r) => r.metric === m && r.status === 'ok' && (load === undefined || r.load === load));
  const compared = (t: readonly ComparisonRow[], m: Metric, load?: string) => t.some((r) => r.metric === m && (load === undefined || r.load === load));
  for (const [fig, load, what] of [
    ['fig3', 'idle', 'idle'],
    ['fig4', 'stress', 'server under stress-ng'],
  ] as const) {
    if (cells('bandwidth', load))
      figs.push(
        cellBars(summary, values, {
          name: `${fig}a-bandwidth-${load}`,
          caption: `TCP bandwidth (iperf3, received), ${what}: mean and 95% CI per runtime and driver pair; dots are repetitions`,
          metric: 'bandwidth',
          load,
          yTitle: 'bandwidth',
        }),
      );
    if (cells('sockperf_rtt_p50', load))
      figs.push(
        cellBars(summary, values, {
          name: `${fig}b-latency-${load}`,
          caption: `Round-trip latency (sockperf UDP ping-pong, median of each run), ${what}: mean and 95% CI; dots are repetitions`,
          metric: 'sockperf_rtt_p50',
          load,
          yTitle: 'round-trip time',
        }),
      );
  }
  if (measured('bandwidth'))
    figs.push(distribution(values, { name: 'dist-bandwidth', caption: 'TCP bandwidth: every repetition per cell, idle and under stress', metric: 'bandwidth', yTitle: 'bandwidth' }));
  if (measured('sockperf_rtt_p50'))
    figs.push(distribution(values, { name: 'dist-latency', caption: 'sockperf median RTT: every repetition per cell', metric: 'sockperf_rtt_p50', yTitle: 'round-trip time' }));
  for (const load of ['idle', 'stress'])
    if (compared(vsRunc, 'bandwidth', load))
      figs.push(
        ratios(vsRunc, {
          name: `overhead-bandwidth-${load}`,
          caption: `TCP bandwidth relative to runc, ${load}: change in % with Fieller 95% CI`,
          metric: 'bandwidth',
          load,
          yTitle: 'bandwidth vs runc (%)',
          asPercent: true,
        }),
      );
  // gVisor across versions and platforms: each gVisor configuration against runc, per pair
  for (const load of ['idle', 'stress'])
    for (const metric of ['bandwidth', 'sockperf_rtt_p50'] as const) {
      const fig = gvisorVariantsFigure(tables, metric, load);
      if (fig) figs.push(fig);
    }
  if (compared(degradation, 'bandwidth'))
    figs.push(
      ratios(degradation, {
        name: 'degradation-bandwidth',
        caption: 'TCP bandwidth under stress-ng relative to idle, per runtime and pair: change in % with 95% CI',
        metric: 'bandwidth',
        yTitle: 'stress vs idle (%)',
        asPercent: true,
        size: sizeOf('double', 2.4),
      }),
    );
  for (const load of ['idle', 'stress'])
    if (measured('sockperf_rtt_p50', load) || measured('sockperf_rtt_p99', load))
      figs.push(percentiles(summary, { name: `latency-percentiles-${load}`, caption: `sockperf round-trip p50 (filled) and p99 (open), ${load}`, load }));
  const httpPairs = [...new Set(summary.filter((r) => r.experiment === 'http').map((r) => r.pair))];
  for (const pair of httpPairs.sort())
    figs.push(
      httpPanels(summary, values, {
        name: `http-${pair.replace(',', '-')}`,
        caption: `HTTP service (nginx) under siege, ${pair}: median and 95% CI per runtime, idle and server under stress-ng; dots are repetitions`,
        pair,
      }),
    );
  return figs;
}

/**
 * Render every figure (SVG, PDF, PNG) into outDir in one browser session; returns the files
 * written. `date` is the data's (manifest.ts dataDate), which the PDFs carry.
 */
export async function writeFigures(figs: PubFigure[], outDir: string, date: Date, onFigure?: (name: string) => void): Promise<string[]> {
  await makeDir(outDir);
  const r = await FigureRenderer.open();
  const files: string[] = [];
  try {
    for (const f of figs) {
      const out = await r.render(f, date);
      for (const [ext, body] of [
        ['svg', out.svg],
        ['pdf', out.pdf],
        ['png', out.png],
      ] as const) {
        const p = join(outDir, `${f.name}.${ext}`);
        await writeFileAtomic(p, body);
        files.push(p);
      }
      await writeFileAtomic(join(outDir, `${f.name}.txt`), f.caption + '\n');
      onFigure?.(f.name);
    }
  } finally {
    await r.close();
  }
  return files;
}

/**
 * "gVisor across versions and platforms": each gVisor configuration's ratio to runc per pair (log
 * scale, Fieller CI), with its stalled repetitions named for bandwidth; none unless the campaign
 * compares two or more gVisor configurations with runc on this metric and load.
 */
export function gvisorVariantsFigure(tables: AnalysisTables, metric: Extract<Metric, 'bandwidth' | 'sockperf_rtt_p50'>, load: string): PubFigure | undefined {
  const { summary, comparisons: vsRunc } = tables;
  const gvisor = [...new Set(vsRunc.filter((r) => baseRuntime(r.runtime) === 'runsc').map((r) => r.runtime))];
  if (gvisor.length < 2 || !vsRunc.some((r) => r.metric === metric && r.load === load)) return undefined;
  const [what, short] = metric === 'bandwidth' ? ['TCP bandwidth', 'bandwidth'] : ['sockperf median round-trip time', 'latency'];
  const stalls = metric === 'bandwidth' ? stalledRepetitions(summary, { load }).filter((x) => gvisor.includes(x.runtime)) : [];
  return ratios(vsRunc, {
    name: `gvisor-variants-${short}-${load}`,
    caption:
      `gVisor across versions and platforms, ${load}: ${what} of each gVisor configuration relative to runc ` +
      `(ratio of means, Fieller 95% CI, log scale)` +
      (metric === 'bandwidth' ? `; stalled repetitions: ${stalls.length ? stalls.map(stallText).join(', ') : 'none'}` : ''),
    metric,
    load,
    runtimes: gvisor,
    logY: true,
    yTitle: `${short} / runc`,
    size: sizeOf('double', 2.6),
  });
}
