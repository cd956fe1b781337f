// Ratios with their 95 % CIs (against runc, or stress against idle). Pure.
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
    metric: string;
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
      yaxis: { ...layout.yaxis, title: { text: o.yTitle }, ...(o.logY ? { type: 'log' as const } : {}) },
      xaxis: pairAxis(layout, pairs),
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: o.asPercent ? 0 : 1, y1: o.asPercent ? 0 : 1, line: { color: '#555555', width: 0.75, dash: 'dot' } }],
    });
}
