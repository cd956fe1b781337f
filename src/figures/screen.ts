// Figures at screen size (the report, the notebooks): the print figure's sizes, margins, fonts and
// markers scaled up, so that a figure drawn 3.5 in wide for a column reads on a screen. Pure.
import type { PlotSpec } from './parts.js';

/** How much larger than in print a figure is drawn on screen. */
export const ENLARGE = 1.8;

const SCALED = ['size', 'width', 'height', 'l', 'r', 't', 'b', 'pad', 'standoff', 'ticklen', 'xshift', 'yshift'];

/** A figure's data or layout with its sizes, margins, fonts and markers scaled by `k` (lines and error bars kept thin). */
export function enlarged(spec: object, k = ENLARGE): unknown {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'number') return SCALED.includes(key) ? v * k : v;
    if (Array.isArray(v)) return key === 'size' ? v.map((x) => (typeof x === 'number' ? x * k : x)) : v.map((x) => walk(x, ''));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, kk === 'line' || kk === 'error_y' ? vv : walk(vv, kk)]));
    return v;
  };
  return walk(spec, '');
}

/**
 * A figure for a notebook: enlarged, the notebook's width (plotly sizes it to its container),
 * its print height enlarged, and its legend from the plot's left edge (in print it
 * starts left of the plot, over the axis title, measured for the print width).
 */
export function onScreen(fig: PlotSpec, k = ENLARGE): { data: unknown; layout: unknown; height: number } {
  const layout = fig.layout;
  const legend = layout.legend ? { legend: { ...layout.legend, x: Math.max(0, layout.legend.x ?? 0) } } : {};
  const printHeight = layout.height ?? 420 / k;
  // width undefined: JSON leaves it out, and plotly takes the notebook's
  const screen = enlarged({ ...layout, ...legend, autosize: true, height: printHeight, width: undefined }, k);
  return { data: enlarged(fig.data, k), layout: screen, height: Math.round(printHeight * k) };
}
