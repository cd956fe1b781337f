// A metric's history across campaigns: (a) each runtime's median with its 95 % CI per campaign,
// (b) each runtime's ratio to runc in the same campaign, both on log axes; a change point is a
// dashed line in the runtime's colour between the two campaigns it falls between. Pure.
import type { Data, Shape } from 'plotly.js';
import { unitOf } from '../model/metrics.js';
import { byRuntime } from '../model/runtimes.js';
import type { HistorySeries } from '../history/series.js';
import { ciMarkers, pubFigure, type PubFigure } from './parts.js';
import { logTicks } from './ratios.js';
import { baseLayout, runtimeStyle, sizeOf } from './style.js';

/** A campaign id as a two-line tick: "2026-12-02" over "1215Z". */
const tick = (id: string): string => id.replace(/^(\d{4}-\d{2}-\d{2})T(\d{4}Z).*$/, '$1<br>$2');

/**
 * The figure of one metric, pair, load and link: the raw series (top) and the ratio series
 * (bottom) of every runtime that has one. Undefined when none does.
 */
export function historyFigure(
  all: readonly HistorySeries[],
  o: { name: string; metric: string; pair: string; load: string; link?: string },
): PubFigure | undefined {
  const link = o.link ?? 'unshaped';
  const mine = all.filter((s) => s.cell.metric === o.metric && s.cell.load === o.load && s.link === link && (s.cell.pair === o.pair || s.cell.runtime === 'bare'));
  const raw = mine.filter((s) => s.kind === 'raw').sort((a, b) => byRuntime(a.cell.runtime, b.cell.runtime));
  const ratio = mine.filter((s) => s.kind === 'ratio').sort((a, b) => byRuntime(a.cell.runtime, b.cell.runtime));
  if (!raw.length) return undefined;
  const campaigns = [...new Set(mine.flatMap((s) => s.points.map((p) => `${p.startedAt}\u0000${p.campaign}`)))].sort().map((k) => k.split('\u0000')[1]!);
  const x = campaigns.map(tick);
  const unit = unitOf(raw[0]!.unit);
  const size = sizeOf('double', 4);
  const layout = baseLayout(size);
  const traces = (series: readonly HistorySeries[], axis: '' | '2', scale: number): Data[] =>
    series.map((s) => {
      const at = campaigns.map((c) => s.points.find((p) => p.campaign === c));
      const v = (f: (p: NonNullable<(typeof at)[number]>) => number | null) => at.map((p) => (p ? f(p) : null)).map((y) => (y === null ? null : y * scale));
      const t = ciMarkers(s.cell.runtime, x, v((p) => p.value), v((p) => p.lo), v((p) => p.hi));
      return { ...t, mode: 'lines+markers', connectgaps: true, line: { color: runtimeStyle(s.cell.runtime).color, width: 1 }, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: axis === '' };
    });
  const marks = (series: readonly HistorySeries[], axis: '' | '2'): Array<Partial<Shape>> =>
    series.flatMap((s) =>
      s.changes.map((c) => {
        const i = campaigns.indexOf(c.at) - 0.5;
        return { type: 'line', xref: `x${axis}`, yref: `y${axis} domain`, x0: i, x1: i, y0: 0, y1: 1, line: { color: runtimeStyle(s.cell.runtime).color, width: 1.5, dash: 'dash' } } as const;
      }),
    );
  const axisOf = (series: readonly HistorySeries[], scale: number, title: string, domain: [number, number], anchor: 'x' | 'x2') => {
    const vs = series.flatMap((s) => s.points.flatMap((p) => [p.value, p.lo, p.hi])).flatMap((v) => (v !== null && v > 0 ? [v * scale] : []));
    const ticks = vs.length ? logTicks(Math.min(...vs), Math.max(...vs)) : [];
    return { ...layout.yaxis, type: 'log' as const, tickvals: ticks, ticktext: ticks.map(String), title: { text: title }, domain, anchor };
  };
  const changes = mine.reduce((n, s) => n + s.changes.length, 0);
  const caption =
    `${o.metric}, ${o.pair}, ${o.load}${link === 'unshaped' ? '' : `, over ${link}`}, across campaigns: (a) median and 95% CI per campaign, ` +
    `(b) ratio to runc in the same campaign (Fieller 95% CI); dashed: ${changes ? `the ${changes} change point(s) found` : 'no change point found'} ` +
    '(E-divisive means, sessions permuted, p < 0.05)';
  return pubFigure({ name: o.name, caption }, size, [...traces(raw, '', unit.scale), ...traces(ratio, '2', 1)], {
    ...layout,
    margin: { ...layout.margin, b: 48 },
    xaxis: { ...layout.xaxis, categoryorder: 'array', categoryarray: x, anchor: 'y', showticklabels: false },
    xaxis2: { ...layout.xaxis, categoryorder: 'array', categoryarray: x, anchor: 'y2', matches: 'x' },
    yaxis: axisOf(raw, unit.scale, `(a) ${o.metric} (${unit.label})`, [0.45, 1], 'x'),
    yaxis2: axisOf(ratio, 1, '(b) / runc', [0, 0.38], 'x2'),
    shapes: [...marks(raw, ''), ...marks(ratio, '2')],
  });
}

/** A figure per metric and load (bridge,bridge, with the bare host; unshaped link) that has a series. */
export function historyFigures(series: readonly HistorySeries[]): PubFigure[] {
  const keys = new Map(
    series
      .filter((s) => s.link === 'unshaped')
      .map((s) => [`${s.cell.metric}|${s.cell.load}`, { metric: s.cell.metric, load: s.cell.load }]),
  );
  return [...keys.keys()].sort().flatMap((k) => {
    const { metric, load } = keys.get(k)!;
    const f = historyFigure(series, { name: `history-${metric}-${load}`, metric, load, pair: 'bridge,bridge' });
    return f ? [f] : [];
  });
}
