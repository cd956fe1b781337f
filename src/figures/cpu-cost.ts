// Where the CPU per byte goes: for every configuration (runtime, pair, load) of one experiment, the
// CPU seconds the machine spent per GB received, stacked into the server's container, the client's
// container and the rest (the host kernel's softirq on veth and bridge, the engines), with the 95 %
// CI of the whole. Medians: a run that stalled moved almost nothing for its CPU, and its cost per
// byte, hundreds of times the others', would pull a mean anywhere. Pure.
import type { Data } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import type { Experiment } from '../model/experiments.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { num, pubFigure, type PubFigure } from './parts.js';
import { baseLayout, runtimeStyle, sizeOf } from './style.js';

/** The parts a configuration's CPU per GB is stacked from, bottom up, each in a gray a print tells apart. */
const PARTS: ReadonlyArray<{ metric: Metric; label: string; color: string }> = [
  { metric: 'server_cpu_s_per_gb', label: "server's container", color: '#404040' },
  { metric: 'client_cpu_s_per_gb', label: "client's container", color: '#9a9a9a' },
  { metric: 'host_cpu_s_per_gb', label: 'outside both (host kernel, engines)', color: '#e0e0e0' },
];

/** The configurations of an experiment whose whole-machine CPU per GB was measured, in runtime, pair, load order. */
export const costConfigurations = (summary: readonly CellSummary[], experiment: Experiment): CellSummary[] =>
  summary
    .filter((r) => r.experiment === experiment && r.metric === 'cpu_s_per_gb' && r.status === 'ok')
    .sort((a, b) => byRuntime(a.runtime, b.runtime) || byPair(a.pair, b.pair) || a.load.localeCompare(b.load));

export function cpuCost(summary: readonly CellSummary[], o: { name: string; caption: string; experiment: Experiment }): PubFigure {
  const totals = costConfigurations(summary, o.experiment);
  if (!totals.length) throw new Error(`no ${o.experiment} cell with a measured CPU cost in this campaign`);
  const loads = new Set(totals.map((t) => t.load));
  const pairs = new Set(totals.map((t) => t.pair));
  // one category per configuration, saying only what differs between them; a one-end label
  // ("gVisor 2024 (systrap), server only") on two lines, so that neighbours do not run together
  const label = (c: CellSummary) =>
    [(runtimeStyle(c.runtime).label || c.runtime).replace(', ', '<br>'), ...(pairs.size > 1 ? [c.pair] : []), ...(loads.size > 1 ? [c.load] : [])].join('<br>');
  const x = totals.map(label);
  const cellOf = (t: CellSummary, metric: Metric) =>
    summary.find((r) => r.metric === metric && r.experiment === t.experiment && r.runtime === t.runtime && r.pair === t.pair && r.load === t.load);
  const unit = unitOf(String(totals[0]!.unit));
  const parts: Data[] = PARTS.map((p) => ({
    type: 'bar',
    name: p.label,
    x,
    y: totals.map((t) => num(cellOf(t, p.metric)?.median)),
    marker: { color: p.color, line: { color: '#000000', width: 0.5 } },
  }));
  const whole: Data = {
    type: 'scatter',
    mode: 'markers',
    name: 'whole machine, median and 95% CI',
    x,
    y: totals.map((t) => num(t.median)),
    marker: { color: '#000000', symbol: 'line-ew-open', size: 10 },
    error_y: {
      type: 'data',
      symmetric: false,
      array: totals.map((t) => (num(t.ci_median_hi) ?? num(t.median)!) - num(t.median)!),
      arrayminus: totals.map((t) => num(t.median)! - (num(t.ci_median_lo) ?? num(t.median)!)),
      color: '#000000',
      thickness: 1,
      width: 3,
    },
  };
  const size = sizeOf(totals.length > 4 ? 'double' : 'single', 2.2);
  const layout = baseLayout(size);
  return pubFigure(o, size, [...parts, whole], {
    ...layout,
    barmode: 'stack',
    yaxis: { ...layout.yaxis, title: { text: `CPU per GB received (${unit.label.replace(/^CPU /, '')})` }, rangemode: 'tozero' },
    xaxis: { ...layout.xaxis, tickangle: 0, categoryorder: 'array', categoryarray: x },
  });
}
