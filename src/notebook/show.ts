// Rich output in the tslab kernel: arquero tables as HTML, plotly figures as interactive charts
// (zoom, hover). plotly.js is sent once per kernel session, inline: no network is needed. The
// kernel runs from the project root (scripts/install-kernel.sh), where plotly.js is resolved; no
// import.meta here, as tslab runs modules as CommonJS.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import * as tslab from 'tslab';
import type { PlotSpec } from '../figures/parts.js';

let plotlySent = false;
let next = 0;

/** An arquero table as an HTML table (the first `limit` rows). */
export function showTable(t: ColumnTable, limit = 25): void {
  tslab.display.html(t.toHTML({ limit, format: Object.fromEntries(t.columnNames().map((c) => [c, (v: unknown) => fmt(v)])) }));
}

/** A cell's text: numbers to 5 significant digits, no value (null, or a pivot's missing cell) as —. */
const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : v === null || v === undefined ? '—' : String(v);

/** A plotly figure, interactive, in the notebook. */
export function showPlot(fig: PlotSpec, height = 420): void {
  if (!plotlySent) {
    const src = readFileSync(createRequire(join(process.cwd(), 'package.json')).resolve('plotly.js-dist-min'), 'utf8');
    tslab.display.html(`<script>${src.replaceAll('</script', '<\\/script')}</script>`);
    plotlySent = true;
  }
  const id = `netbench-plot-${process.pid}-${next++}`;
  tslab.display.html(
    `<div id="${id}" style="height:${height}px"></div><script>Plotly.newPlot(${JSON.stringify(id)}, ${JSON.stringify(fig.data)}, ${JSON.stringify(
      fig.layout,
    )}, {responsive: true});</script>`,
  );
}
