// The campaign's figures as plotly specs in the house style (pure: typed summaries and the loaded
// table in, specs out).
// Cells that could not run are labelled "unsupported" (or "failed") where their bar would be,
// never drawn as 0.
import type { ColumnTable } from 'arquero';
import type { Annotations, Data, Layout } from 'plotly.js';
import { baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';
import { byRuntime } from '../model/runtimes.js';
import { unitOf } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import type { CellSummary, ComparisonRow } from '../analysis/cells.js';
import { measurementRows, type Measurement } from '../analysis/load.js';

export interface PubFigure {
  /** File name without extension, e.g. fig3a-bandwidth-idle. */
  name: string;
  /** One line saying what the figure shows (used as the caption source). */
  caption: string;
  size: FigureSize;
  data: Data[];
  layout: Partial<Layout>;
}

/** The fields of the loaded rows the figures draw: every repetition as a point. */
type Point = Pick<Measurement, 'experiment' | 'metric' | 'unit' | 'runtime' | 'pair' | 'load' | 'status' | 'value'>;
const pointsOf = (values: ColumnTable): Point[] =>
  measurementRows(values, ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value']);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * One runtime's bars (the cells' mean or median with its 95 % CI as error bars, at the categories
 * `x`) and its repetitions as points on them. `axes` places both on a subplot.
 */
function barsWithPoints(
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

/**
 * Grouped bars (mean, 95 % CI of the mean) per driver pair, one colour and pattern per runtime,
 * every repetition as a point on its bar. The paper's Figures 3 (idle) and 4 (stress).
 */
export function cellBars(
  summary: readonly CellSummary[],
  values: ColumnTable,
  o: { name: string; caption: string; metric: string; load: string; yTitle: string; size?: FigureSize },
): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const cells = summary.filter((r) => r.metric === o.metric && r.load === o.load);
  if (!cells.length) throw new Error(`no ${o.metric} ${o.load} cells in this campaign`);
  const unit = unitOf(String(cells[0]!.unit));
  const runtimes = [...new Set(cells.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(cells.map((r) => String(r.pair)))].sort(byPair);
  const points = pointsOf(values).filter((r) => r.metric === o.metric && r.load === o.load && r.status === 'ok');
  const data: Data[] = runtimes.flatMap((rt) =>
    barsWithPoints(rt, 'mean', unit.scale, pairs, pairs.map((p) => cells.find((c) => c.runtime === rt && c.pair === p && c.status === 'ok')), {
      points: points.filter((r) => r.runtime === rt),
      xOf: (r) => String(r.pair),
    }),
  );
  const layout = baseLayout(size);
  const bargap = 0.18;
  return pubFigure(o, size, data, {
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
  const m = layout.margin as { l: number; r: number };
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

/** Every repetition per cell as a box with its points, idle and stress side by side. */
export function distribution(values: ColumnTable, o: { name: string; caption: string; metric: string; yTitle: string; size?: FigureSize }): PubFigure {
  const size = o.size ?? sizeOf('double', 2.6);
  const rows = pointsOf(values).filter((r) => r.metric === o.metric && r.status === 'ok');
  if (!rows.length) throw new Error(`no ${o.metric} values in this campaign`);
  const unit = unitOf(String(rows[0]!.unit));
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
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
        line: { color: st.color, width: 1 },
        fillcolor: 'rgba(0,0,0,0)',
      });
    }
  }
  return pubFigure(o, size, data, {
      ...layout,
      boxmode: 'group',
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      xaxis: { ...layout.xaxis, domain: [0, 0.48], title: { text: 'idle' } },
      xaxis2: { ...layout.xaxis, domain: [0.52, 1], title: { text: 'server under stress-ng' } },
      yaxis: { ...layout.yaxis, title: { text: `${o.yTitle} (${unit.label})` }, rangemode: 'tozero' },
    });
}

/** Ratios with their 95 % CIs (comparison or degradation tables): one marker per runtime and pair, a line at 1. */
export function ratios(
  t: readonly ComparisonRow[],
  o: { name: string; caption: string; metric: string; load?: string; yTitle: string; asPercent?: boolean; size?: FigureSize },
): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const rows = t.filter((r) => r.metric === o.metric && (o.load === undefined || r.load === o.load));
  if (!rows.length) throw new Error(`no ${o.metric} comparisons in this campaign`);
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  const k = (v: unknown) => (num(v) === null ? null : o.asPercent ? (num(v)! - 1) * 100 : num(v)!);
  const data: Data[] = runtimes.map((rt) => {
    const st = runtimeStyle(rt);
    const at = pairs.map((p) => rows.find((r) => r.runtime === rt && r.pair === p && r.status === 'ok'));
    const y = at.map((r) => (r ? k(r.ratio) : null));
    return {
      type: 'scatter',
      mode: 'markers',
      name: st.label,
      offsetgroup: rt,
      x: pairs,
      y,
      marker: { color: st.color, symbol: st.symbol, size: 6, line: { color: '#000000', width: 0.5 } },
      error_y: {
        type: 'data',
        symmetric: false,
        array: at.map((r, i) => (r && k(r.ratio_ci_hi) !== null ? k(r.ratio_ci_hi)! - y[i]! : null)),
        arrayminus: at.map((r, i) => (r && k(r.ratio_ci_lo) !== null ? y[i]! - k(r.ratio_ci_lo)! : null)),
        color: st.color,
        thickness: 1,
        width: 2,
      },
    };
  });
  const layout = baseLayout(size);
  return pubFigure(o, size, data, {
      ...layout,
      scattermode: 'group',
      yaxis: { ...layout.yaxis, title: { text: o.yTitle } },
      xaxis: pairAxis(layout, pairs),
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: o.asPercent ? 0 : 1, y1: o.asPercent ? 0 : 1, line: { color: '#555555', width: 0.75, dash: 'dot' } }],
    });
}

/** sockperf p50 and p99 medians per runtime and pair (latency percentiles), log scale. */
export function percentiles(summary: readonly CellSummary[], o: { name: string; caption: string; load: string; size?: FigureSize }): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const rows = summary.filter((r) => (r.metric === 'sockperf_rtt_p50' || r.metric === 'sockperf_rtt_p99') && r.load === o.load && r.status === 'ok');
  if (!rows.length) throw new Error('no sockperf percentiles in this campaign');
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  const data: Data[] = runtimes.flatMap((rt) =>
    (['sockperf_rtt_p50', 'sockperf_rtt_p99'] as const).map((m) => {
      const st = runtimeStyle(rt);
      const p99 = m.endsWith('p99');
      return {
        type: 'scatter',
        mode: 'markers',
        name: `${st.label} ${p99 ? 'p99' : 'p50'}`,
        offsetgroup: rt,
        x: pairs,
        y: pairs.map((p) => num(rows.find((r) => r.runtime === rt && r.pair === p && r.metric === m)?.median)),
        marker: { color: p99 ? '#ffffff' : st.color, symbol: st.symbol, size: 6, line: { color: st.color, width: 1.2 } },
      };
    }),
  );
  const layout = baseLayout(size);
  return pubFigure(o, size, data, {
      ...layout,
      scattermode: 'group',
      legend: { ...layout.legend, font: { size: 7 } },
      yaxis: { ...layout.yaxis, type: 'log', title: { text: 'round-trip time (µs)' } },
      xaxis: pairAxis(layout, pairs),
    });
}

/** The figure record: its name and caption from the builder's options, its size, traces and layout. */
const pubFigure = (o: { name: string; caption: string }, size: FigureSize, data: Data[], layout: Partial<Layout>): PubFigure => ({
  name: o.name,
  caption: o.caption,
  size,
  data,
  layout,
});

/** Driver pairs as two-line ticks (client over server): they fit a single column upright. */
function pairAxis(layout: Partial<Layout>, pairs: string[]): Partial<Layout['xaxis']> {
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

/** The blog post's comparison as small multiples: one panel per quantity, idle and stress per runtime. */
export const HTTP_PANELS: ReadonlyArray<{ metric: string; title: string }> = [
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
  const size = o.size ?? sizeOf('double', 2.4);
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
          font: { size: 7, color: st.color },
        });
      });
    }
    axes[`xaxis${ax}`] = { ...layout.xaxis, domain: [i * (w + gap), i * (w + gap) + w], anchor: `y${ax}`, categoryorder: 'array', categoryarray: loads };
    axes[`yaxis${ax}`] = {
      ...layout.yaxis,
      anchor: `x${ax}`,
      rangemode: 'tozero',
      title: { text: `${p.title} (${unit.label})`, font: { size: 8 }, standoff: 2 },
    };
  });
  return pubFigure(o, size, data, {
      ...layout,
      margin: { ...(layout.margin as object), l: 40 },
      barmode: 'group',
      scattermode: 'group',
      bargap: 0.2,
      ...axes,
      annotations,
    });
}
