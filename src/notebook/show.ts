// Rich output in the tslab kernel: arquero tables as HTML, plotly figures as interactive charts
// (zoom, hover) in every front end. plotly.js (the toolkit's, figures/plotly-file.ts) is sent once per
// kernel session, inline: no network is needed. A page that did not receive it (reloaded, or a
// second tab on the same kernel) loads it from the notebook server, where scripts/install-kernel.sh
// puts it (/nbextensions/runtime-netbench/plotly.min.js).
import { readFileSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import * as tslab from 'tslab';
import * as jupyter from 'tslab/dist/jupyter.js';
import type { PlotSpec } from '../figures/parts.js';
import { plotlyFile } from '../figures/plotly-file.js';
import { onScreen } from '../figures/screen.js';
import { humanNumber } from '../analysis/display-units.js';

let plotlySent = false;
let next = 0;

/** An arquero table as an HTML table (the first `limit` rows). */
export function showTable(t: ColumnTable, limit = 25): void {
  tslab.display.html(t.toHTML({ limit, format: Object.fromEntries(t.columnNames().map((c) => [c, (v: unknown) => fmt(v)])) }));
}

/** A cell's text: numbers in plain notation to 4 significant digits (humanNumber), no value (null, or a pivot's missing cell) as —. */
const fmt = (v: unknown): string => (typeof v === 'number' ? humanNumber(v) : v === null || v === undefined ? '—' : String(v));

type BundleWriter = (
  d: { data: Record<string, unknown>; metadata: Record<string, never>; transient: Record<string, never> },
  update: boolean,
) => void;

/** The MIME type of a plotly figure's JSON, which JupyterLab, Notebook 7 with plotly, VS Code and nteract draw themselves. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * A plotly figure, interactive, in the notebook: one output that holds the figure twice, as HTML
 * with an inline script (the classic notebook and nbconvert run it) and as plotly's JSON (front ends
 * that do not run inline scripts draw that); each front end shows the richest it can.
 */
export function showPlot(fig: PlotSpec): void {
  // at screen size: enlarged from print, as wide as the notebook
  const { data, layout, height } = onScreen(fig);
  if (!plotlySent) {
    const src = readFileSync(plotlyFile(), 'utf8');
    tslab.display.html(`<script>${src.replaceAll('</script', '<\\/script')}</script>`);
    plotlySent = true;
  }
  const id = `netbench-plot-${process.pid}-${next++}`;
  const draw = `Plotly.newPlot(${JSON.stringify(id)}, ${JSON.stringify(data)}, ${JSON.stringify(layout)}, {responsive: true})`;
  const html = `<div id="${id}" style="height:${height}px"></div><script>${withPlotly(id, draw)}</script>`;
  // tslab's display sends one MIME type per output; its kernel's writer takes a whole bundle. (Its
  // types allow only text or bytes per MIME type; the protocol takes JSON for +json types, which is
  // what plotly's front ends read.)
  const write = jupyter.lastWriteDisplayData as BundleWriter | null;
  if (!write) return tslab.display.html(html);
  write(
    {
      data: {
        [PLOTLY_MIME]: { data, layout, config: { responsive: true } },
        'text/html': html,
        'text/plain': `plotly figure${typeof fig.layout.title === 'object' && fig.layout.title.text ? `: ${fig.layout.title.text}` : ''}`,
      },
      metadata: {},
      transient: {},
    },
    false,
  );
}

/** Where the classic notebook serves plotly.js (scripts/install-kernel.sh copies it there), under its base URL. */
export const PLOTLY_EXTENSION_PATH = 'nbextensions/runtime-netbench/plotly.min.js';

/**
 * A plot's script: `draw` at once when the page has plotly.js, else after the page loaded it (once,
 * for every plot of the page) from the notebook server; if it cannot, the plot says so.
 */
export function withPlotly(id: string, draw: string): string {
  return (
    `(function () { var draw = function () { ${draw}; };` +
    ' if (window.Plotly) return draw();' +
    ' window.netbenchPlotly = window.netbenchPlotly || new Promise(function (resolve, reject) {' +
    " var base = (document.body && document.body.getAttribute('data-base-url')) || '/';" +
    ` var s = document.createElement('script'); s.src = base + ${JSON.stringify(PLOTLY_EXTENSION_PATH)};` +
    ' s.onload = resolve; s.onerror = reject; document.head.appendChild(s); });' +
    ` window.netbenchPlotly.then(draw, function () { document.getElementById(${JSON.stringify(id)}).textContent =` +
    " 'plotly.js is not on this page: open the notebook with netbench notebook, or restart the kernel and run the cells again'; }); })();"
  );
}
