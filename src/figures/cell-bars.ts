// The paper's Figures 3 and 4: grouped bars per driver pair, a cell that could not run labelled in its slot. Pure.
import type { ColumnTable } from 'arquero';
import type { Annotations, Data, Layout } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { logTicks } from './ratios.js';
import { barsWithPoints, pairAxis, pointsOf, pubFigure, smallNNote, stalledNote, type Point, type PubFigure } from './parts.js';
import { MARGIN, TEXT_PX, baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

/**
 * Grouped bars (median, 95 % percentile-bootstrap CI of the median: within the values, so never
 * below 0 for a positive quantity, and the statistic the text quotes) per driver pair, one colour
 * and pattern per runtime, every repetition as a point on its bar. The paper's Figures 3 (idle) and
 * 4 (stress).
 */
export function cellBars(
  summary: readonly CellSummary[],
  values: ColumnTable,
  o: { name: string; caption: string; metric: Metric; load: string; yTitle: string; size?: FigureSize },
): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const cells = summary.filter((r) => r.metric === o.metric && r.load === o.load);
  if (!cells.length) throw new Error(`no ${o.metric} ${o.load} cells in this campaign`);
  const unit = unitOf(String(cells[0]!.unit));
  const runtimes = [...new Set(cells.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(cells.map((r) => String(r.pair)))].sort(byPair);
  const points = pointsOf(values).filter((r) => r.metric === o.metric && r.load === o.load && r.status === 'ok');
  const data: Data[] = runtimes.flatMap((rt) =>
    barsWithPoints(rt, 'median', unit.scale, pairs, pairs.map((p) => cells.find((c) => c.runtime === rt && c.pair === p && c.status === 'ok')), {
      points: points.filter((r) => r.runtime === rt),
      xOf: (r) => String(r.pair),
      unitLabel: unit.label,
    }),
  );
  const layout = baseLayout(size);
  const bargap = 0.18;
  // one scale for the metric's idle and stress figures, so that they read side by side
  const log = logScaleFor(summary.filter((r) => r.metric === o.metric)) ? logAxis(cells, points, unit.scale) : undefined;
  const note = [
    log ? `log scale${log.below ? `, ${log.below === 1 ? 'one repetition' : `${log.below} repetitions`} below its range not drawn` : ''}` : '',
    smallNNote(cells),
    stalledNote(points, { one: 'a cross', many: 'crosses' }),
  ]
    .map((x) => x.replace(/^; /, ''))
    .filter(Boolean)
    .join('; ');
  return pubFigure({ name: o.name, caption: o.caption + (note ? `; ${note}` : ''), note }, size, data, {
      ...layout,
      barmode: 'group',
      scattermode: 'group',
      bargap,
      yaxis: log
        ? { ...layout.yaxis, title: { text: `${o.yTitle} (${unit.label}, log scale)` }, type: 'log', range: log.range, tickvals: log.ticks, ticktext: log.ticks.map(String) }
        : { ...layout.yaxis, title: { text: `${o.yTitle} (${unit.label})` }, rangemode: 'tozero' },
      xaxis: pairAxis(layout, pairs),
      annotations: missingLabels(cells, runtimes, pairs, size, layout, bargap),
    });
}

/**
 * Where a metric's medians span this factor or more (gVisor's bandwidth sits 20 to 40 times below
 * runc's), the lowest bars would be slivers of 4 % of a linear axis or less: the axis is
 * logarithmic instead.
 */
export const LOG_SPREAD = 25;

/** Do the cells' positive medians span LOG_SPREAD or more? */
export function logScaleFor(cells: readonly CellSummary[]): boolean {
  const medians = cells.flatMap((c) => (c.status === 'ok' && c.median !== null && c.median > 0 ? [c.median] : []));
  return medians.length > 1 && Math.max(...medians) / Math.min(...medians) >= LOG_SPREAD;
}

/**
 * A log axis's range (log10 of display units): from a quarter of the lowest median (a stalled
 * transfer near 0 would otherwise stretch it over decades) to above the highest point or interval;
 * its ticks at 1, 2 and 5 of each decade; and how many repetitions fall below it, for the caption.
 */
export function logAxis(cells: readonly CellSummary[], points: readonly Point[], scale: number): { range: [number, number]; ticks: number[]; below: number } {
  const ok = cells.filter((c) => c.status === 'ok');
  const medians = ok.flatMap((c) => (c.median !== null && c.median > 0 ? [c.median * scale] : []));
  const tops = [...medians, ...ok.flatMap((c) => (c.ci_median_hi === null ? [] : [c.ci_median_hi * scale])), ...points.flatMap((p) => (p.value === null ? [] : [p.value * scale]))];
  const bottom = Math.min(...medians) / 4;
  const top = Math.max(...tops) * 1.3;
  return {
    range: [Math.log10(bottom), Math.log10(top)],
    // labelled like the other ticks: plotly's own labels between powers of ten are smaller digits
    ticks: logTicks(bottom, top).filter((t) => t >= bottom && t <= top),
    below: points.filter((p) => p.value !== null && p.value * scale < bottom).length,
  };
}

/** "unsupported"/"failed" written upright in the slot where the runtime's bar would stand. */
function missingLabels(cells: readonly CellSummary[], runtimes: string[], pairs: string[], size: FigureSize, layout: Partial<Layout>, bargap: number): Partial<Annotations>[] {
  const m = MARGIN;
  const plotW = size.widthIn * 96 - m.l - m.r;
  const slot = ((plotW / pairs.length) * (1 - bargap)) / runtimes.length;
  const out: Partial<Annotations>[] = [];
  for (const c of cells) {
    if (c.status === 'ok') continue;
    const i = runtimes.indexOf(String(c.runtime));
    out.push({
      x: String(c.pair),
      y: 0,
      xref: 'x',
      yref: 'y domain',
      yanchor: 'bottom',
      xshift: (i - (runtimes.length - 1) / 2) * slot,
      text: String(c.status),
      textangle: '-90',
      showarrow: false,
      font: { size: TEXT_PX, color: runtimeStyle(String(c.runtime)).color },
    });
  }
  return out;
}
