// What every figure builder shares: the figure record, the repetitions as points, a runtime's bars
// with their CI and points, the driver-pair axis. Pure.
import type { ColumnTable } from 'arquero';
import type { Data, Layout, PlotData, PlotMarker } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { measurementRows, warningsOf, type Measurement } from '../dataset/load.js';
import { isStalled } from '../model/warnings.js';
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
  /** What the caption adds from the data (a log scale, points not drawn, cells without an interval, stalls): the manuscript quotes it. */
  note?: string;
  size: FigureSize;
}

/** The fields of the loaded rows the figures draw: every repetition as a point, marked when its run stalled. */
export type Point = Pick<
  Measurement,
  'experiment' | 'metric' | 'unit' | 'runtime' | 'pair' | 'load' | 'status' | 'value' | 'rep' | 'session' | 'started_at'
> & {
  stalled: boolean;
};
const POINTS = new WeakMap<ColumnTable, readonly Point[]>();

/**
 * Every row of a loaded table as a Point, read once per table: a campaign's figures each take
 * theirs from it (at a million rows, reading them again for each figure took most of a report's
 * time). The points are shared: figures filter them, never change them.
 */
export function pointsOf(values: ColumnTable): readonly Point[] {
  const known = POINTS.get(values);
  if (known) return known;
  const stalled = stalledOf(values);
  const points = measurementRows(values, ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value', 'rep', 'session', 'started_at']).map(
    (r, i) => ({ ...r, stalled: stalled[i] ?? false }),
  );
  POINTS.set(values, points);
  return points;
}

/** A repetition's hover label: which repetition, its session and start time (and a stall). */
export const pointLabel = (p: Point): string =>
  `rep ${p.rep}, session ${p.session}<br>${p.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}${p.stalled ? '<br>stalled' : ''}`;

/** The hover of repetitions' points: the runtime, the value in its display unit and pointLabel. */
export const pointHover = (points: readonly Point[], runtimeLabel: string, unitLabel: string): Partial<PlotData> => ({
  text: points.map(pointLabel),
  hovertemplate: `${runtimeLabel}: %{y:.4g} ${unitLabel}<br>%{text}<extra></extra>`,
});

/** Per row: did its run stall (the probe's `stalled:` warning)? */
export const stalledOf = (t: ColumnTable): boolean[] => warningsOf(t).map(isStalled);

/** How a stalled repetition is drawn: a black cross, larger than the other points. */
export const STALLED_MARK = { symbol: 'x', size: 6, color: '#000000' } as const;

/**
 * A box trace's stalled points, larger and black. A box's points take one symbol, so they are
 * drawn as selected points; nothing when no point stalled.
 */
export const stalledPointsOfBox = (points: ReadonlyArray<{ stalled: boolean }>): Partial<PlotData> =>
  points.some((r) => r.stalled)
    ? {
        selectedpoints: points.flatMap((r, i) => (r.stalled ? [i] : [])),
        selected: { marker: { color: STALLED_MARK.color, size: STALLED_MARK.size } },
        unselected: { marker: { opacity: 1 } },
      }
    : {};

/** The caption's sentence about stalled repetitions, when the figure shows any: `mark` is how one is drawn. */
export const stalledNote = (points: readonly Point[], mark: { one: string; many: string }): string => {
  const n = points.filter((p) => p.stalled).length;
  if (!n) return '';
  return n === 1 ? `; ${mark.one} marks the repetition whose transfer stalled` : `; ${mark.many} mark the ${n} repetitions whose transfers stalled`;
};
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Cells with fewer repetitions than this get no interval in a figure: their points alone are drawn. */
export const MIN_INTERVAL_N = 3;

/** A caption's words on the cells left without an interval (fewer than MIN_INTERVAL_N repetitions), e.g. "; no interval where n < 3 (here n = 2)". */
export function smallNNote(cells: readonly CellSummary[]): string {
  const small = [...new Set(cells.flatMap((c) => (c.status === 'ok' && c.n < MIN_INTERVAL_N ? [c.n] : [])))].sort((a, b) => a - b);
  return small.length ? `; no interval where n < ${MIN_INTERVAL_N} (here n = ${small.join(', ')})` : '';
}
/**
 * One runtime's bars (the cells' mean or median with its 95 % CI as error bars, at the categories
 * `x`) and its repetitions as points on them. `axes` places both on a subplot. A cell with fewer
 * than MIN_INTERVAL_N repetitions has no error bar (its points say what there is).
 */
export function barsWithPoints(
  rt: string,
  stat: 'mean' | 'median',
  scale: number,
  x: string[],
  at: Array<CellSummary | undefined>,
  o: { points: Point[]; xOf: (r: Point) => string; unitLabel: string; axes?: { xaxis: string; yaxis: string }; showlegend?: boolean },
): Data[] {
  const st = runtimeStyle(rt);
  const y = at.map((c) => (c ? num(c[stat])! * scale : null));
  const ci = (c: CellSummary | undefined, end: 'lo' | 'hi') => (c && c.n >= MIN_INTERVAL_N ? num(c[`ci_${stat}_${end}` as const]) : null);
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
      // hover: the statistic in its unit to 3 significant digits, and its interval named as such
      customdata: at.map((c) => [ci(c, 'lo'), ci(c, 'hi')].map((v) => (v === null ? null : v * scale))),
      hovertemplate: `${st.label}, %{x}: ${stat} %{y:.3~g} ${o.unitLabel}<br>95% CI of the ${stat} %{customdata[0]:.3~g} to %{customdata[1]:.3~g}<extra></extra>`,
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
      ...pointHover(o.points, st.label, o.unitLabel),
      marker: pointMarker(o.points, rt === 'bare' ? '#888888' : '#000000'),
    },
  ];
}

/** Repetitions' markers: small dots, and a stalled run's cross (per-point arrays only when there is one). */
function pointMarker(points: readonly Point[], color: string): Partial<PlotMarker> {
  const dot = { color, size: 2.5, opacity: 0.6, symbol: 'circle' };
  if (!points.some((r) => r.stalled)) return dot;
  const pick = <T>(ok: T, stalled: T): T[] => points.map((r) => (r.stalled ? stalled : ok));
  return {
    color: pick(dot.color, STALLED_MARK.color),
    size: pick(dot.size, STALLED_MARK.size),
    opacity: pick(dot.opacity, 1),
    symbol: pick(dot.symbol, STALLED_MARK.symbol),
  };
}

/** The figure record: its name and caption from the builder's options, its size, traces and layout. */
export const pubFigure = (o: { name: string; caption: string; note?: string }, size: FigureSize, data: Data[], layout: Partial<Layout>): PubFigure => ({
  name: o.name,
  caption: o.caption,
  ...(o.note ? { note: o.note } : {}),
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

/** A runtime's markers at y over the pairs, with asymmetric error bars to lo and hi (null: no bar), grouped beside the others. */
export function ciMarkers(runtime: string, pairs: string[], y: Array<number | null>, lo: Array<number | null>, hi: Array<number | null>): Partial<PlotData> {
  const st = runtimeStyle(runtime);
  return {
    type: 'scatter',
    mode: 'markers',
    name: st.label,
    offsetgroup: runtime,
    x: pairs,
    y,
    marker: { color: st.color, symbol: st.symbol, size: 6, line: { color: '#000000', width: 0.5 } },
    error_y: {
      type: 'data',
      symmetric: false,
      array: y.map((v, i) => (v !== null && hi[i] != null ? hi[i]! - v : null)),
      arrayminus: y.map((v, i) => (v !== null && lo[i] != null ? v - lo[i]! : null)),
      color: st.color,
      thickness: 1,
      width: 2,
    },
  };
}

