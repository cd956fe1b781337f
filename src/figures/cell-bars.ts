// The paper's Figures 3 and 4: grouped bars per driver pair, a cell that could not run labelled in its slot. Pure.
import type { ColumnTable } from 'arquero';
import type { Annotations, Data, Layout } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { barsWithPoints, pairAxis, pointsOf, pubFigure, smallNNote, stalledNote, type PubFigure } from './parts.js';
import { MARGIN, baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

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
  const caption = o.caption + smallNNote(cells) + stalledNote(points, { one: 'a cross', many: 'crosses' });
  return pubFigure({ name: o.name, caption }, size, data, {
      ...layout,
      barmode: 'group',
      scattermode: 'group',
      bargap,
      yaxis: { ...layout.yaxis, title: { text: `${o.yTitle} (${unit.label})` }, rangemode: 'tozero' },
      xaxis: pairAxis(layout, pairs),
      annotations: missingLabels(cells, runtimes, pairs, size, layout, bargap),
    });
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
      yref: 'y',
      yanchor: 'bottom',
      xshift: (i - (runtimes.length - 1) / 2) * slot,
      text: String(c.status),
      textangle: '-90',
      showarrow: false,
      font: { size: 7, color: runtimeStyle(String(c.runtime)).color },
    });
  }
  return out;
}
