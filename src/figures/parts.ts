// What every figure builder shares: the figure record, the repetitions as points, a runtime's bars
// with their CI and points, the driver-pair axis. Pure.
import type { ColumnTable } from 'arquero';
import type { Data, Layout } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { measurementRows, type Measurement } from '../analysis/load.js';
import './plotly-attributes.js';
import { runtimeStyle, type FigureSize } from './style.js';

/** A plotly figure: what the renderer, the notebooks and the report take. */
export interface PlotSpec {
  data: Data[];
  layout: Partial<Layout>;
}

export interface PubFigure extends PlotSpec {
  /** File name without extension, e.g. fig3a-bandwidth-idle. */
  name: string;
  /** One line saying what the figure shows (used as the caption source). */
  caption: string;
  size: FigureSize;
}

/** The fields of the loaded rows the figures draw: every repetition as a point. */
export type Point = Pick<Measurement, 'experiment' | 'metric' | 'unit' | 'runtime' | 'pair' | 'load' | 'status' | 'value'>;
export const pointsOf = (values: ColumnTable): Point[] =>
  measurementRows(values, ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value']);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/**
 * One runtime's bars (the cells' mean or median with its 95 % CI as error bars, at the categories
 * `x`) and its repetitions as points on them. `axes` places both on a subplot.
 */
export function barsWithPoints(
  rt: string,
  stat: 'mean' | 'median',
  scale: number,
  x: string[],
  at: Array<CellSummary | undefined>,
  o: { points: Point[]; xOf: (r: Point) => string; axes?: { xaxis: string; yaxis: string }; showlegend?: boolean },
): Data[] {
  const st = runtimeStyle(rt);
  const y = at.map((c) => (c ? num(c[stat])! * scale : null));
  const ci = (c: CellSummary | undefined, end: 'lo' | 'hi') => (c ? num(c[`ci_${stat}_${end}` as const]) : null);
  return [
    {
      type: 'bar',
      name: st.label,
      legendgroup: rt,
      ...(o.showlegend === false ? { showlegend: false } : {}),
      offsetgroup: rt,
      ...o.axes,
      x,
      y,
      marker: { color: st.color, line: { color: '#000000', width: 0.5 } },
      error_y: {
        type: 'data',
        symmetric: false,
        array: at.map((c, i) => (ci(c, 'hi') !== null ? ci(c, 'hi')! * scale - y[i]! : null)),
        arrayminus: at.map((c, i) => (ci(c, 'lo') !== null ? y[i]! - ci(c, 'lo')! * scale : null)),
        color: '#000000',
        thickness: 1,
        width: 2,
      },
    },
    {
      type: 'scatter',
      mode: 'markers',
      name: `${st.label} (repetitions)`,
      legendgroup: rt,
      showlegend: false,
      offsetgroup: rt,
      ...o.axes,
      x: o.points.map(o.xOf),
      y: o.points.map((r) => Number(r.value) * scale),
      marker: { color: rt === 'bare' ? '#888888' : '#000000', size: 2.5, opacity: 0.6, symbol: 'circle' },
    },
  ];
}

/** The figure record: its name and caption from the builder's options, its size, traces and layout. */
export const pubFigure = (o: { name: string; caption: string }, size: FigureSize, data: Data[], layout: Partial<Layout>): PubFigure => ({
  name: o.name,
  caption: o.caption,
  size,
  data,
  layout,
});

/** Driver pairs as two-line ticks (client over server): they fit a single column upright. */
export function pairAxis(layout: Partial<Layout>, pairs: string[]): Partial<Layout['xaxis']> {
  return {
    ...layout.xaxis,
    categoryorder: 'array',
    categoryarray: pairs,
    tickmode: 'array',
    tickvals: pairs,
    ticktext: pairs.map((p) => p.replace(',', ',<br>')),
    tickangle: 0,
  };
}
