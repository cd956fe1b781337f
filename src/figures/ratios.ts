// Ratios with their 95 % CIs (against runc, or stress against idle). Pure.
import type { Metric } from '../model/metrics.js';
import type { Data } from 'plotly.js';
import type { ComparisonRow } from '../analysis/cells.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { ciMarkers, num, pairAxis, pubFigure, type PubFigure } from './parts.js';
import { baseLayout, sizeOf, type FigureSize } from './style.js';

/** Ratios with their 95 % CIs (comparison or degradation tables): one marker per runtime and pair, a line at 1. */
export function ratios(
  t: readonly ComparisonRow[],
  o: {
    name: string;
    caption: string;
    metric: Metric;
    load?: string;
    yTitle: string;
    asPercent?: boolean;
    size?: FigureSize;
    /** only these runtimes (e.g. the gVisor variants) */
    runtimes?: readonly string[];
    /** a log y axis: ratios from 0.01 to 1 side by side */
    logY?: boolean;
  },
): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const rows = t.filter(
    (r) => r.metric === o.metric && (o.load === undefined || r.load === o.load) && (o.runtimes === undefined || o.runtimes.includes(r.runtime)),
  );
  if (!rows.length) throw new Error(`no ${o.metric} comparisons in this campaign`);
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  const k = (v: unknown) => (num(v) === null ? null : o.asPercent ? (num(v)! - 1) * 100 : num(v)!);
  const data: Data[] = runtimes.map((rt) => {
    const at = pairs.map((p) => rows.find((r) => r.runtime === rt && r.pair === p && r.status === 'ok'));
    return ciMarkers(
      rt,
      pairs,
      at.map((r) => (r ? k(r.ratio) : null)),
      at.map((r) => (r ? k(r.ratio_ci_lo) : null)),
      at.map((r) => (r ? k(r.ratio_ci_hi) : null)),
    );
  });
  const layout = baseLayout(size);
  return pubFigure(o, size, data, {
      ...layout,
      scattermode: 'group',
      yaxis: { ...layout.yaxis, title: { text: o.yTitle }, ...(o.logY ? logAxis(rows) : {}) },
      xaxis: pairAxis(layout, pairs),
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: o.asPercent ? 0 : 1, y1: o.asPercent ? 0 : 1, line: { color: '#555555', width: 0.75, dash: 'dot' } }],
    });
}

/**
 * A log axis labelled at 1, 2 and 5 of each decade that the ratios, their CIs and the line at 1
 * span, as plain numbers: plotly's own labels of a log axis are bare digits ("2", "5") between
 * its powers of ten, which read as values.
 */
function logAxis(rows: readonly ComparisonRow[]) {
  const values = [1, ...rows.flatMap((r) => [num(r.ratio), num(r.ratio_ci_lo), num(r.ratio_ci_hi)])].filter((v): v is number => v !== null && v > 0);
  const ticks = logTicks(Math.min(...values), Math.max(...values));
  return { type: 'log' as const, tickmode: 'array' as const, tickvals: ticks, ticktext: ticks.map((v) => String(v)) };
}

/** 1, 2 and 5 times the powers of ten from the one at or below `lo` to the one at or above `hi` (pure). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(1));
      if (v >= lo / 2.5 && v <= hi * 2.5) ticks.push(v);
    }
  return ticks;
}
