// Every figure of a campaign, built from the analysis tables and written in one browser session.
import { join } from 'node:path';
import { makeDir, writeFileAtomic } from '../base/fsx.js';
import type { Metric } from '../model/metrics.js';
import type { ColumnTable } from 'arquero';
import { analysisTables, type AnalysisTables, type CellSummary, type ComparisonRow } from '../analysis/cells.js';
import { FigureRenderer } from './render.js';
import { sizeOf } from './style.js';
import { cellBars } from './cell-bars.js';
import { costConfigurations, cpuCost } from './cpu-cost.js';
import { distribution } from './distribution.js';
import { httpPanels } from './http-panels.js';
import { percentiles } from './percentiles.js';
import { ratios } from './ratios.js';
import { stalledRepetitions, stallText } from '../analysis/stalls.js';
import { gvisorConfigs } from '../model/runtimes.js';
import { LOADS } from '../model/experiments.js';
import { DRIVERS, pairId } from '../model/pairs.js';
import type { PubFigure } from './parts.js';

/** What a figure is drawn from: a campaign's values and its analysis tables. */
export interface FigureInputs {
  values: ColumnTable;
  tables: AnalysisTables;
}

/**
 * One figure a campaign may have: its name, whether the campaign has something for it to show (a
 * campaign may lack a load (--loads idle), a runtime to compare with runc (--runtimes runc) or
 * values that could be measured), and its builder (pure, apart from the statistics' seeded bootstrap).
 */
export interface FigureDef {
  name: string;
  when(x: FigureInputs): boolean;
  build(x: FigureInputs): PubFigure;
}

const cells = ({ tables }: FigureInputs, m: Metric, load?: string) => tables.summary.some((r) => r.metric === m && (load === undefined || r.load === load));
const measured = ({ tables }: FigureInputs, m: Metric, load?: string) =>
  tables.summary.some((r) => r.metric === m && r.status === 'ok' && (load === undefined || r.load === load));
const compared = (t: readonly ComparisonRow[], m: Metric, load?: string) => t.some((r) => r.metric === m && (load === undefined || r.load === load));
const LOAD_FIGURES = [
  ['fig3', 'idle', 'idle'],
  ['fig4', 'stress', 'server under stress-ng'],
] as const;

/** Whether the campaign compares two or more gVisor configurations with runc on this metric and load. */
const hasGvisorVariants = ({ comparisons: vsRunc }: AnalysisTables, metric: Metric, load: string): boolean =>
  gvisorConfigs(vsRunc.map((r) => r.runtime)).length >= 2 && vsRunc.some((r) => r.metric === metric && r.load === load);
const gvisorVariantsName = (metric: 'bandwidth' | 'sockperf_rtt_p50', load: string): string =>
  `gvisor-variants-${metric === 'bandwidth' ? 'bandwidth' : 'latency'}-${load}`;

/** Every figure the toolkit draws, in the order `netbench figures`, the report and the manuscript list them. */
export const FIGURES: readonly FigureDef[] = [
  ...LOAD_FIGURES.flatMap(([fig, load, what]): FigureDef[] => [
    {
      name: `${fig}a-bandwidth-${load}`,
      when: (x) => cells(x, 'bandwidth', load),
      build: ({ tables, values }) =>
        cellBars(tables.summary, values, {
          name: `${fig}a-bandwidth-${load}`,
          caption: `TCP bandwidth (iperf3, received), ${what}: median and its 95% CI (percentile bootstrap) per runtime and driver pair; dots are repetitions`,
          metric: 'bandwidth',
          load,
          yTitle: 'bandwidth',
        }),
    },
    {
      name: `${fig}b-latency-${load}`,
      when: (x) => cells(x, 'sockperf_rtt_p50', load),
      build: ({ tables, values }) =>
        cellBars(tables.summary, values, {
          name: `${fig}b-latency-${load}`,
          caption: `Round-trip latency (sockperf UDP ping-pong, median of each run), ${what}: median of the runs and its 95% CI (percentile bootstrap); dots are repetitions`,
          metric: 'sockperf_rtt_p50',
          load,
          yTitle: 'round-trip time',
        }),
    },
  ]),
  {
    name: 'dist-bandwidth',
    when: (x) => measured(x, 'bandwidth'),
    build: ({ values }) =>
      distribution(values, { name: 'dist-bandwidth', caption: 'TCP bandwidth: every repetition per cell, idle and under stress', metric: 'bandwidth', yTitle: 'bandwidth' }),
  },
  {
    name: 'dist-latency',
    when: (x) => measured(x, 'sockperf_rtt_p50'),
    build: ({ values }) =>
      distribution(values, { name: 'dist-latency', caption: 'sockperf median RTT: every repetition per cell', metric: 'sockperf_rtt_p50', yTitle: 'round-trip time' }),
  },
  ...LOADS.map(
    (load): FigureDef => ({
      name: `overhead-bandwidth-${load}`,
      when: ({ tables }) => compared(tables.comparisons, 'bandwidth', load),
      build: ({ tables }) =>
        ratios(tables.comparisons, {
          name: `overhead-bandwidth-${load}`,
          caption: `TCP bandwidth relative to runc, ${load}: change in % with Fieller 95% CI`,
          metric: 'bandwidth',
          load,
          yTitle: 'bandwidth vs runc (%)',
          asPercent: true,
        }),
    }),
  ),
  // gVisor across versions and platforms: each gVisor configuration against runc, per pair
  ...LOADS.flatMap((load) =>
    (['bandwidth', 'sockperf_rtt_p50'] as const).map(
      (metric): FigureDef => ({
        name: gvisorVariantsName(metric, load),
        when: ({ tables }) => hasGvisorVariants(tables, metric, load),
        build: ({ tables }) => gvisorVariantsFigure(tables, metric, load)!, // defined where `when` holds
      }),
    ),
  ),
  // what a byte costs in CPU, and where it goes
  ...(['bandwidth', 'http'] as const).map(
    (experiment): FigureDef => ({
      name: `cpu-cost-${experiment}`,
      when: ({ tables }) => costConfigurations(tables.summary, experiment).length > 0,
      build: ({ tables }) => cpuCostFigure(tables.summary, experiment),
    }),
  ),
  {
    name: 'degradation-bandwidth',
    when: ({ tables }) => compared(tables.degradation, 'bandwidth'),
    build: ({ tables }) =>
      ratios(tables.degradation, {
        name: 'degradation-bandwidth',
        caption: 'TCP bandwidth under stress-ng relative to idle, per runtime and pair: change in % with 95% CI',
        metric: 'bandwidth',
        yTitle: 'stress vs idle (%)',
        asPercent: true,
        size: sizeOf('double', 2.4),
      }),
  },
  ...LOADS.map(
    (load): FigureDef => ({
      name: `latency-percentiles-${load}`,
      when: (x) => measured(x, 'sockperf_rtt_p50', load) || measured(x, 'sockperf_rtt_p99', load),
      build: ({ tables }) =>
        percentiles(tables.summary, { name: `latency-percentiles-${load}`, caption: `sockperf round-trip p50 (filled) and p99 (open), ${load}`, load }),
    }),
  ),
  // one HTTP figure per driver pair the campaign served HTTP on, pairs in text order
  ...DRIVERS.flatMap((client) =>
    DRIVERS.map((server): FigureDef => {
      const pair = pairId({ client, server });
      return {
        name: `http-${pair.replace(',', '-')}`,
        when: ({ tables }) => tables.summary.some((r) => r.experiment === 'http' && r.pair === pair),
        build: ({ tables, values }) =>
          httpPanels(tables.summary, values, {
            name: `http-${pair.replace(',', '-')}`,
            caption: `HTTP service (nginx) under siege, ${pair}: median and 95% CI per runtime, idle and server under stress-ng; dots are repetitions`,
            pair,
          }),
      };
    }),
  ),
];

/** Where a campaign's CPU per byte goes (figures/cpu-cost.ts), for one experiment, named `name`. */
export const cpuCostFigure = (summary: readonly CellSummary[], experiment: 'bandwidth' | 'http', name = `cpu-cost-${experiment}`): PubFigure =>
  cpuCost(summary, {
    name,
    caption:
      `CPU seconds per GB received (${experiment === 'bandwidth' ? 'iperf3' : 'siege'}), whole machine net of its idle baseline: ` +
      "median per configuration, split into the server's and the client's container cgroups and the rest (host kernel, engines), with the 95% CI of the whole's median",
    experiment,
  });

/** The figures of one campaign table that have something to show, in FIGURES' order; pass the tables if already computed. */
export function campaignFigures(values: ColumnTable, tables: AnalysisTables = analysisTables(values)): PubFigure[] {
  const x = { values, tables };
  return FIGURES.filter((f) => f.when(x)).map((f) => f.build(x));
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
  const gvisor = gvisorConfigs(vsRunc.map((r) => r.runtime));
  if (!hasGvisorVariants(tables, metric, load)) return undefined;
  const [what, short] = metric === 'bandwidth' ? ['TCP bandwidth', 'bandwidth'] : ['sockperf median round-trip time', 'latency'];
  const name = gvisorVariantsName(metric, load);
  const stalls = metric === 'bandwidth' ? stalledRepetitions(summary, { load }).filter((x) => gvisor.includes(x.runtime)) : [];
  return ratios(vsRunc, {
    name,
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
