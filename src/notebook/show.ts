// Rich output in the tslab kernel: arquero tables as HTML, plotly figures as interactive charts
// (zoom, hover) in every front end. plotly.js (the toolkit's, figures/plotly-file.ts) is sent once per
// kernel session, inline: no network is needed.
import { readFileSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import * as tslab from 'tslab';
import * as jupyter from 'tslab/dist/jupyter.js';
import type { PlotSpec } from '../figures/parts.js';
import { plotlyFile } from '../figures/plotly-file.js';

let plotlySent = false;
let next = 0;

/** An arquero table as an HTML table (the first `limit` rows). */
export function showTable(t: ColumnTable, limit = 25): void {
  tslab.display.html(t.toHTML({ limit, format: Object.fromEntries(t.columnNames().map((c) => [c, (v: unknown) => fmt(v)])) }));
}

/** A cell's text: numbers to 5 significant digits, no value (null, or a pivot's missing cell) as —. */
const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : v === null || v === undefined ? '—' : String(v);

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
export function showPlot(fig: PlotSpec, height = 420): void {
  if (!plotlySent) {
    const src = readFileSync(plotlyFile(), 'utf8');
    tslab.display.html(`<script>${src.replaceAll('</script', '<\\/script')}</script>`);
    plotlySent = true;
  }
  const id = `netbench-plot-${process.pid}-${next++}`;
  const html = `<div id="${id}" style="height:${height}px"></div><script>Plotly.newPlot(${JSON.stringify(id)}, ${JSON.stringify(fig.data)}, ${JSON.stringify(
    fig.layout,
  )}, {responsive: true});</script>`;
  // tslab's display sends one MIME type per output; its kernel's writer takes a whole bundle. (Its
  // types allow only text or bytes per MIME type; the protocol takes JSON for +json types, which is
  // what plotly's front ends read.)
  const write = jupyter.lastWriteDisplayData as BundleWriter | null;
  if (!write) return tslab.display.html(html);
  write(
    {
      data: {
        [PLOTLY_MIME]: { data: fig.data, layout: { height, ...fig.layout }, config: { responsive: true } },
        'text/html': html,
        'text/plain': `plotly figure${typeof fig.layout.title === 'object' && fig.layout.title.text ? `: ${fig.layout.title.text}` : ''}`,
      },
      metadata: {},
      transient: {},
    },
    false,
  );
}
