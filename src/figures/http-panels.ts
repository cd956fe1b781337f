// The HTTP experiment as small multiples, after the blog post's table. Pure.
import type { ColumnTable } from 'arquero';
import type { Annotations, Data } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { byRuntime } from '../model/runtimes.js';
import { barsWithPoints, pointsOf, pubFigure, smallNNote, type PubFigure } from './parts.js';
import { MARGIN, TEXT_PX, baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

/** The blog post's comparison as small multiples: one panel per quantity, idle and stress per runtime. */
export const HTTP_PANELS: ReadonlyArray<{ metric: Metric; title: string }> = [
  { metric: 'http_transaction_rate', title: 'transaction rate' },
  { metric: 'http_response_time', title: 'response time' },
  { metric: 'server_cpu_mean', title: 'server CPU (mean)' },
  { metric: 'server_mem_max', title: 'server memory (max)' },
];

/**
 * The HTTP experiment (siege against nginx) for one driver pair: per panel, the median and its 95 %
 * CI per runtime, idle and under stress, every repetition as a point. Unmeasured cells are labelled.
 */
export function httpPanels(summary: readonly CellSummary[], values: ColumnTable, o: { name: string; caption: string; pair?: string; size?: FigureSize }): PubFigure {
  const size = o.size ?? sizeOf('double', 2);
  const pair = o.pair ?? 'bridge,bridge';
  const cells = summary.filter((r) => r.experiment === 'http' && r.pair === pair);
  if (!cells.length) throw new Error(`no HTTP cells for the pair ${pair} in this campaign`);
  const points = pointsOf(values).filter((r) => r.experiment === 'http' && r.pair === pair && r.status === 'ok');
  const runtimes = [...new Set(cells.map((r) => String(r.runtime)))].sort(byRuntime);
  const loads = ['idle', 'stress'].filter((l) => cells.some((c) => c.load === l));
  const layout = baseLayout(size);
  const data: Data[] = [];
  const axes: Record<string, unknown> = {};
  const annotations: Partial<Annotations>[] = [];
  const gap = 0.07;
  const w = (1 - gap * (HTTP_PANELS.length - 1)) / HTTP_PANELS.length;
  HTTP_PANELS.forEach((p, i) => {
    const ax = i === 0 ? '' : String(i + 1);
    const mine = cells.filter((c) => c.metric === p.metric);
    const unit = unitOf(String(mine[0]?.unit ?? ''));
    for (const rt of runtimes) {
      const st = runtimeStyle(rt);
      const at = loads.map((l) => mine.find((c) => c.runtime === rt && c.load === l && c.status === 'ok'));
      data.push(
        ...barsWithPoints(rt, 'median', unit.scale, loads, at, {
          points: points.filter((r) => r.runtime === rt && r.metric === p.metric),
          xOf: (r) => String(r.load),
          unitLabel: unit.label,
          axes: { xaxis: `x${ax}`, yaxis: `y${ax}` },
          showlegend: i === 0,
        }),
      );
      loads.forEach((l, k) => {
        const c = mine.find((x) => x.runtime === rt && x.load === l);
        if (at[k] || !c) return;
        annotations.push({
          x: l,
          y: 0,
          // `x${ax}` is x, x2, x3 or x4 (one per panel); TypeScript sees a string there
          xref: `x${ax}` as Annotations['xref'],
          yref: `y${ax}` as Annotations['yref'],
          yanchor: 'bottom',
          xshift: (runtimes.indexOf(rt) - (runtimes.length - 1) / 2) * 12,
          text: String(c.status),
          textangle: '-90',
          showarrow: false,
          font: { size: TEXT_PX, color: st.color },
        });
      });
    }
    axes[`xaxis${ax}`] = { ...layout.xaxis, domain: [i * (w + gap), i * (w + gap) + w], anchor: `y${ax}`, categoryorder: 'array', categoryarray: loads };
    axes[`yaxis${ax}`] = {
      ...layout.yaxis,
      anchor: `x${ax}`,
      rangemode: 'tozero',
      title: { text: `${p.title} (${unit.label})`, font: { size: TEXT_PX }, standoff: 2 },
    };
  });
  return pubFigure({ name: o.name, caption: o.caption + smallNNote(cells.filter((c) => HTTP_PANELS.some((p) => p.metric === c.metric))) }, size, data, {
      ...layout,
      margin: { ...MARGIN, l: 40 },
      barmode: 'group',
      scattermode: 'group',
      bargap: 0.2,
      ...axes,
      annotations,
    });
}
