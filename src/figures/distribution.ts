// Every repetition per cell as a box with its points, idle and stress side by side. Pure.
import type { ColumnTable } from 'arquero';
import type { Data } from 'plotly.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { pairAxis, pointHover, pointsOf, stalledPointsOfBox, pubFigure, stalledNote, type PubFigure } from './parts.js';
import { MARGIN, baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

/** Every repetition per cell as a box with its points, idle and stress side by side. */
export function distribution(values: ColumnTable, o: { name: string; caption: string; metric: Metric; yTitle: string; size?: FigureSize }): PubFigure {
  const size = o.size ?? sizeOf('double', 2.6);
  const rows = pointsOf(values).filter((r) => r.metric === o.metric && r.status === 'ok');
  if (!rows.length) throw new Error(`no ${o.metric} values in this campaign`);
  const unit = unitOf(String(rows[0]!.unit));
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  const layout = baseLayout(size);
  const data: Data[] = [];
  for (const [k, load] of ['idle', 'stress'].entries()) {
    for (const rt of runtimes) {
      const st = runtimeStyle(rt);
      const rs = rows.filter((r) => r.runtime === rt && r.load === load);
      data.push({
        type: 'box',
        name: st.label,
        legendgroup: rt,
        showlegend: k === 0,
        xaxis: k === 0 ? 'x' : 'x2',
        yaxis: 'y',
        x: rs.map((r) => String(r.pair)),
        y: rs.map((r) => Number(r.value) * unit.scale),
        boxpoints: 'all',
        jitter: 0.5,
        pointpos: 0,
        marker: { color: st.color, size: 2.5, symbol: st.symbol },
        ...stalledPointsOfBox(rs),
        ...pointHover(rs, st.label, unit.label),
        line: { color: st.color, width: 1 },
        fillcolor: 'rgba(0,0,0,0)',
      });
    }
  }
  return pubFigure({ name: o.name, caption: o.caption + stalledNote(rows, { one: 'a large black point', many: 'large black points' }) }, size, data, {
      ...layout,
      boxmode: 'group',
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      // (the same pairs in the same order on both panels, as two-line ticks that leave room for the titles)
      // room under the two-line ticks for each panel's title
      margin: { ...MARGIN, b: 56 },
      xaxis: { ...pairAxis(layout, pairs), domain: [0, 0.48], title: { text: 'idle', standoff: 4 } },
      xaxis2: { ...pairAxis(layout, pairs), domain: [0.52, 1], title: { text: 'server under stress-ng', standoff: 4 } },
      yaxis: { ...layout.yaxis, title: { text: `${o.yTitle} (${unit.label})` }, rangemode: 'tozero' },
    });
}
