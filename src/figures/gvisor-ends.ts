// gVisor at both ends, at the server only and at the client only, each as a ratio to runc at both
// ends, over the unshaped link and a bounded one, beside the ratios gVisor's Performance Guide
// publishes for one end: the measurements the manuscript's gVisor explanation rests on. Pure.
import type { Data } from 'plotly.js';
import { ciMarkers, pubFigure, type PubFigure } from './parts.js';
import { logTicks } from './ratios.js';
import { baseLayout, runtimeStyle, sizeOf } from './style.js';

/** A ratio to runc with its 95 % CI (null where it could not be computed). */
export interface RatioCI {
  ratio: number | null;
  lo: number | null;
  hi: number | null;
}

/** One gVisor configuration over one link: its ratios at both ends and at each end alone. */
export interface EndsSeries {
  config: string;
  /** 'unshaped', or the bounded link's rate in words ("5 Gbit/s") */
  link: string;
  both?: RatioCI;
  server?: RatioCI;
  client?: RatioCI;
}

const ENDS = [
  ['both', 'both ends'],
  ['server', 'server only'],
  ['client', 'client only'],
] as const;

/**
 * The figure: one marker series per configuration and link (a bounded link's markers open), the
 * guide's download (server only) and upload (client only) in black crosses, a line at 1, a log axis.
 */
export function gvisorEnds(series: readonly EndsSeries[], guide: { download: number; upload: number } | undefined, o: { name: string; caption: string }): PubFigure {
  const size = sizeOf('single', 2.8);
  const x = ENDS.map(([, label]) => label);
  const data: Data[] = series.map((s) => {
    const at = ENDS.map(([end]) => s[end]);
    const trace = ciMarkers(
      s.config,
      x,
      at.map((r) => r?.ratio ?? null),
      at.map((r) => r?.lo ?? null),
      at.map((r) => r?.hi ?? null),
    );
    const st = runtimeStyle(s.config);
    const open = s.link !== 'unshaped';
    return {
      ...trace,
      name: `${st.label}, ${open ? `${s.link} link` : 'unshaped'}`,
      offsetgroup: `${s.config}|${s.link}`,
      marker: { ...trace.marker, symbol: open ? `${st.symbol}-open` : st.symbol, line: { color: open ? st.color : '#000000', width: open ? 1.2 : 0.5 } },
    };
  });
  if (guide)
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: "gVisor's guide",
      x: ['server only', 'client only'],
      y: [guide.download, guide.upload],
      marker: { color: '#000000', symbol: 'x-thin', size: 9, line: { color: '#000000', width: 1.5 } },
    });
  const values = [
    1,
    ...series.flatMap((s) => ENDS.flatMap(([end]) => [s[end]?.lo, s[end]?.hi, s[end]?.ratio])),
    ...(guide ? [guide.download, guide.upload] : []),
  ].filter((v): v is number => typeof v === 'number' && v > 0);
  const ticks = logTicks(Math.min(...values), Math.max(...values));
  const layout = baseLayout(size);
  return pubFigure(o, size, data, {
    ...layout,
    scattermode: 'group',
    yaxis: { ...layout.yaxis, type: 'log', tickvals: ticks, ticktext: ticks.map(String), title: { text: 'bandwidth / runc (log scale)' } },
    xaxis: { ...layout.xaxis, categoryorder: 'array', categoryarray: x },
    shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, line: { color: '#555555', width: 0.75, dash: 'dot' } }],
  });
}
