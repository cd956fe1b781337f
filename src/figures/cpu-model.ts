// The CPU model's two figures (analysis/cpu-model.ts): bandwidth measured against min(link, C / c)
// for every configuration and link, and bandwidth against the link's rate, one line per
// configuration. Pure.
import type { Data } from 'plotly.js';
import type { ModelRow } from '../analysis/cpu-model.js';
import { byRuntime } from '../model/runtimes.js';
import { pubFigure, type PubFigure } from './parts.js';
import { logTicks } from './ratios.js';
import { baseLayout, runtimeStyle, sizeOf } from './style.js';

const gbit = (bps: number | null): number | null => (bps === null ? null : bps / 1e9);
const configurations = (rows: readonly ModelRow[]): string[] => [...new Set(rows.map((r) => r.runtime))].sort(byRuntime);
const linkLabel = (bps: number | null): string => (bps === null ? 'unshaped' : `${+(bps / 1e9).toPrecision(3)}`);

/** Measured against predicted, log-log, with the line where they agree; error bars: the measured median's 95 % CI. */
export function modelFit(rows: readonly ModelRow[], o: { name: string; caption?: string }): PubFigure {
  const fig = {
    name: o.name,
    caption:
      o.caption ??
      'Bandwidth measured (median, 95% CI) against min(link, C / c): c, the CPU seconds per GB, and C, the CPUs busy, of each configuration over the unshaped link',
  };
  const size = sizeOf('single', 3.2);
  const layout = baseLayout(size);
  const all = rows.flatMap((r) => [r.predictedBps, r.measuredBps]).map((x) => x / 1e9);
  const [lo, hi] = [Math.min(...all) / 1.5, Math.max(...all) * 1.5];
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'measured = predicted',
      x: [lo, hi],
      y: [lo, hi],
      line: { color: '#888888', dash: 'dash', width: 1 },
    },
    ...configurations(rows).map((rt): Data => {
      const mine = rows.filter((r) => r.runtime === rt);
      const st = runtimeStyle(rt);
      return {
        type: 'scatter',
        mode: 'markers',
        name: st.label,
        x: mine.map((r) => r.predictedBps / 1e9),
        y: mine.map((r) => r.measuredBps / 1e9),
        text: mine.map((r) => `link ${linkLabel(r.linkBps)}, ${r.bound}-bound`),
        marker: { color: st.color, symbol: st.symbol, size: 7, line: { color: '#000000', width: 0.5 } },
        error_y: {
          type: 'data',
          symmetric: false,
          array: mine.map((r) => (r.measuredHi === null ? null : (r.measuredHi - r.measuredBps) / 1e9)),
          arrayminus: mine.map((r) => (r.measuredLo === null ? null : (r.measuredBps - r.measuredLo) / 1e9)),
          color: st.color,
          thickness: 1,
          width: 2,
        },
      };
    }),
  ];
  const ticks = logTicks(lo, hi).filter((t) => t >= lo && t <= hi);
  const axis = (title: string) => ({
    type: 'log' as const,
    tickmode: 'array' as const,
    tickvals: ticks,
    ticktext: ticks.map(String),
    range: [Math.log10(lo), Math.log10(hi)],
    title: { text: title },
  });
  return pubFigure(fig, size, data, {
    ...layout,
    xaxis: { ...layout.xaxis, ...axis('predicted: min(link, C / c) (Gbit/s)') },
    yaxis: { ...layout.yaxis, ...axis('measured (Gbit/s)') },
  });
}

/** The link rates of the rows, slowest first, unshaped last, and their axis labels. */
const linkAxis = (rows: readonly ModelRow[]) => {
  const rates = [...new Set(rows.map((r) => r.linkBps))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  return { rates, x: rates.map(linkLabel) };
};

/** One line per configuration over the link rates, of `y` (a row's value, or null). */
const perConfiguration = (rows: readonly ModelRow[], y: (r: ModelRow) => number | null): Data[] => {
  const { rates, x } = linkAxis(rows);
  return configurations(rows).map((rt): Data => {
    const st = runtimeStyle(rt);
    const at = rates.map((rate) => rows.find((r) => r.runtime === rt && r.linkBps === rate));
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: st.label,
      x,
      y: at.map((r) => (r ? y(r) : null)),
      line: { color: st.color, width: 1 },
      marker: { color: st.color, symbol: st.symbol, size: 6, line: { color: '#000000', width: 0.5 } },
    };
  });
};

/**
 * CPU seconds per GB against the link's rate, one line per configuration (log axis): whether a
 * configuration's cost per byte is its own, or grows as the link holds it back.
 */
export function linkCost(rows: readonly ModelRow[], o: { name: string; caption?: string }): PubFigure {
  const fig = { name: o.name, caption: o.caption ?? 'CPU seconds per GB received (median, whole machine net of idle) against the link rate, one line per configuration' };
  const size = sizeOf('single', 2.8);
  const layout = baseLayout(size);
  const { x } = linkAxis(rows);
  const costs = rows.map((r) => r.cpuSPerGb).filter((v): v is number => v !== null && v > 0);
  const ticks = costs.length ? logTicks(Math.min(...costs), Math.max(...costs)) : [];
  return pubFigure(fig, size, perConfiguration(rows, (r) => r.cpuSPerGb), {
    ...layout,
    xaxis: { ...layout.xaxis, type: 'category', categoryorder: 'array', categoryarray: x, title: { text: 'link rate (Gbit/s)' } },
    yaxis: { ...layout.yaxis, type: 'log', tickmode: 'array', tickvals: ticks, ticktext: ticks.map(String), title: { text: 'CPU per GB, median (s/GB)' } },
  });
}

/** Bandwidth against the link's rate (unshaped last), one line per configuration, and the link itself. */
export function linkCap(rows: readonly ModelRow[], o: { name: string; caption?: string }): PubFigure {
  const fig = { name: o.name, caption: o.caption ?? 'Bandwidth (median) against the link rate, one line per configuration; dotted: the link' };
  const size = sizeOf('single', 2.8);
  const layout = baseLayout(size);
  const { rates, x } = linkAxis(rows);
  const shaped = rates.filter((r) => r !== null);
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'the link',
      x: shaped.map(linkLabel),
      y: shaped.map(gbit),
      line: { color: '#888888', dash: 'dot', width: 1 },
    },
    ...perConfiguration(rows, (r) => gbit(r.measuredBps)),
  ];
  return pubFigure(fig, size, data, {
    ...layout,
    xaxis: { ...layout.xaxis, type: 'category', categoryorder: 'array', categoryarray: x, title: { text: 'link rate (Gbit/s)' } },
    yaxis: { ...layout.yaxis, title: { text: 'bandwidth, median (Gbit/s)' }, rangemode: 'tozero' },
  });
}
