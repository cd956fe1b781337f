// Two campaigns compared (netbench compare): B/A per runtime and pair with its 95 % CI, the
// tolerance band shaded around 1, the verdict in each point's hover. Pure.
import type { Metric } from '../model/metrics.js';
import type { Data } from 'plotly.js';
import type { CellChange } from '../compare/campaign-compare.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { ciMarkers, pairAxis, pubFigure, type PubFigure } from './parts.js';
import { baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

/** The cells of one metric and load of a comparison: a marker per runtime and pair at B/A, its 95 % CI, the band 1 ± tolerance. */
export function compareRatios(
  cells: readonly CellChange[],
  o: { name: string; caption: string; metric: Metric; load: string; tolerance: number; yTitle?: string; size?: FigureSize },
): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const rows = cells.filter((c) => c.metric === o.metric && c.load === o.load && c.ratio !== null);
  if (!rows.length) throw new Error(`no compared ${o.metric} ${o.load} cells with a ratio`);
  const runtimes = [...new Set(rows.map((r) => r.runtime))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => r.pair))].sort(byPair);
  const data: Data[] = runtimes.map((rt) => {
    const at = pairs.map((p) => rows.find((r) => r.runtime === rt && r.pair === p));
    return {
      ...ciMarkers(
        rt,
        pairs,
        at.map((r) => r?.ratio ?? null),
        at.map((r) => r?.lo ?? null),
        at.map((r) => r?.hi ?? null),
      ),
      text: at.map((r) => (r ? `${r.verdict}${r.reason ? ` (${r.reason})` : ''}` : '')),
      hovertemplate: `${runtimeStyle(rt).label} %{x}<br>B/A %{y:.3f}<br>%{text}<extra></extra>`,
    };
  });
  const layout = baseLayout(size);
  return pubFigure(o, size, data, {
    ...layout,
    scattermode: 'group',
    yaxis: { ...layout.yaxis, title: { text: o.yTitle ?? 'B / A' } },
    xaxis: pairAxis(layout, pairs),
    shapes: [
      {
        type: 'rect',
        xref: 'paper',
        x0: 0,
        x1: 1,
        y0: 1 - o.tolerance,
        y1: 1 + o.tolerance,
        fillcolor: '#000000',
        opacity: 0.07,
        line: { width: 0 },
        layer: 'below',
      },
      { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, line: { color: '#555555', width: 0.75, dash: 'dot' } },
    ],
  });
}
