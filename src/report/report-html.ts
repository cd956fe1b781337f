// The report as one HTML file (pure): facts, tables and figure placeholders as HTML, the figures'
// plotly specs as JSON, plotly.js and a small script (sorting, filtering, drawing) inlined, so the
// file opens offline in any browser and asks no host for anything.
import { enlarged } from '../figures/screen.js';
import { seriesTitle } from '../history/history-format.js';
import type { CellSummary, ComparisonRow } from '../analysis/cells.js';
import { unitOf } from '../model/metrics.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { MIN_SESSION_N, type SessionMedians } from '../analysis/sessions.js';
import type { CampaignFacts, Problem, ReportModel } from './report-model.js';

/** A session median this far from another of the same cell is marked as drift. */
export const DRIFT = 1.1;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A number for a table: 4 significant digits, small p-values in exponent form, '' for none. */
export function fmt(v: number | null | undefined, kind: 'value' | 'p' = 'value'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  if (kind === 'p' && v !== 0 && v < 1e-3) return v.toExponential(1);
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** A table cell: its text and the value it sorts by. */
const td = (text: string, sortBy?: number | string | null, cls?: string): string =>
  `<td${sortBy !== undefined && sortBy !== null && sortBy !== '' ? ` data-v="${esc(String(sortBy))}"` : ''}${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`;

const withCi = (v: number | null, lo: number | null, hi: number | null, k = 1): string =>
  v === null ? '' : `${fmt(v * k)} [${lo === null ? '--' : fmt(lo * k)}, ${hi === null ? '--' : fmt(hi * k)}]`;

interface Filterable {
  runtime: string;
  pair: string;
  load: string;
  metric: string;
}
const FILTERS = ['runtime', 'pair', 'load', 'metric'] as const;

/** The selects above a table, one per key, from the values its rows have. */
function filterBar(id: string, rows: readonly Filterable[]): string {
  const order = {
    runtime: byRuntime,
    pair: byPair,
    load: (a: string, b: string) => a.localeCompare(b),
    metric: (a: string, b: string) => a.localeCompare(b),
  };
  const selects = FILTERS.map((k) => {
    const values = [...new Set(rows.map((r) => r[k]))].sort(order[k]);
    return `<label>${k} <select name="${k}"><option value="">all</option>${values.map((v) => `<option>${esc(v)}</option>`).join('')}</select></label>`;
  });
  return `<div class="filters" data-for="${id}">${selects.join(' ')} <span class="count"></span></div>`;
}

const rowAttrs = (r: Filterable): string => FILTERS.map((k) => ` data-${k}="${esc(r[k])}"`).join('');

function dataTable<R extends Filterable>(id: string, caption: string, head: string[], rows: readonly R[], cells: (r: R) => string): string {
  return `${filterBar(id, rows)}
<table class="data" id="${id}"><caption>${esc(caption)}</caption>
<thead><tr>${head.map((h) => `<th title="click to sort">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr${rowAttrs(r)}>${cells(r)}</tr>`).join('\n')}
</tbody></table>`;
}

/** The columns that name a cell, first in every table. */
const KEY_HEAD = ['experiment', 'metric', 'runtime', 'pair', 'load'] as const;
const keyCells = (r: Filterable & { experiment: string }): string => KEY_HEAD.map((k) => td(r[k])).join('');

function summaryTable(rows: readonly CellSummary[]): string {
  const head = [...KEY_HEAD, 'unit', 'n', 'median [95% CI]', 'mean [95% CI]', 'CV', 'failed', 'unsupported', 'stalled', 'status'];
  return dataTable(
    'cells',
    'Per cell: the ok values (warm-ups left out); CI of the median by seeded bootstrap, of the mean by Student t',
    head,
    rows,
    (r: CellSummary) => {
      const u = unitOf(r.unit);
      return [
        keyCells(r),
        td(u.label),
        td(String(r.n), r.n),
        td(withCi(r.median, r.ci_median_lo, r.ci_median_hi, u.scale), r.median === null ? null : r.median * u.scale),
        td(withCi(r.mean, r.ci_mean_lo, r.ci_mean_hi, u.scale), r.mean === null ? null : r.mean * u.scale),
        td(fmt(r.cv), r.cv),
        td(String(r.failed), r.failed),
        td(String(r.unsupported), r.unsupported),
        td(String(r.stalled), r.stalled),
        td(r.status === 'ok' ? 'ok' : `${r.status}: ${r.reason}`, r.status, r.status === 'ok' ? '' : 'bad'),
      ].join('');
    },
  );
}

function comparisonTable(rows: readonly ComparisonRow[]): string {
  const head = [
    ...KEY_HEAD,
    'against',
    'n / n ref',
    'ratio [95% CI]',
    'change % [95% CI]',
    'Welch p (Holm)',
    'Mann-Whitney p (Holm)',
    "Hedges' g",
    "Cliff's δ",
    'status',
  ];
  return dataTable(
    'comparisons',
    "Each runtime against runc in the same cell: ratio of means with Fieller's CI; p-values Holm-adjusted per metric",
    head,
    rows,
    (r: ComparisonRow) =>
      [
        keyCells(r),
        td(r.reference === r.runtime ? '' : `${r.reference}${r.reference_pair !== r.pair ? ` (${r.reference_pair})` : ''}`),
        td(`${r.n} / ${r.n_ref}`, r.n),
        td(withCi(r.ratio, r.ratio_ci_lo, r.ratio_ci_hi), r.ratio),
        td(withCi(r.change_pct, r.change_pct_ci_lo, r.change_pct_ci_hi), r.change_pct),
        td(r.welch_p === null ? '' : `${fmt(r.welch_p, 'p')} (${fmt(r.welch_p_holm, 'p')})`, r.welch_p_holm),
        td(r.mw_p === null ? '' : `${fmt(r.mw_p, 'p')} (${fmt(r.mw_p_holm, 'p')})`, r.mw_p_holm),
        td(fmt(r.hedges_g), r.hedges_g),
        td(fmt(r.cliffs_delta), r.cliffs_delta),
        td(
          r.status === 'ok' ? (r.reason ? `ok; ${r.reason}` : 'ok') : `${r.status}: ${r.reason}`,
          r.status,
          r.status === 'ok' ? '' : 'bad',
        ),
      ].join(''),
  );
}

function sessionTable(rows: readonly SessionMedians[], sessions: number): string {
  const ns = Array.from({ length: sessions }, (_, i) => String(i + 1));
  const head = ['campaign', ...KEY_HEAD, 'unit', ...ns.map((s) => `session ${s} median (n)`), 'largest / smallest'];
  return dataTable(
    'sessions',
    `Medians per session (a run of collect): a cell whose medians differ by more than ${Math.round((DRIFT - 1) * 100)} % between sessions of ${MIN_SESSION_N} values or more is marked`,
    head,
    rows,
    (r: SessionMedians) => {
      const u = unitOf(r.unit);
      const drift = r.spread !== null && r.spread > DRIFT;
      return [
        td(r.campaign),
        keyCells(r),
        td(u.label),
        ...ns.map((s) => {
          const x = r.sessions[s];
          return x ? td(`${fmt(x.median * u.scale)} (${x.n})`, x.median * u.scale) : td('');
        }),
        td(fmt(r.spread), r.spread, drift ? 'drift' : ''),
      ].join('');
    },
  );
}

const kv = (rows: ReadonlyArray<readonly [string, string]>): string =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;

const problem = (p: Problem): string => `${p.cell} (${p.probe}), ${p.runs} run(s), ${p.metrics.join(', ')}: ${p.reason}`;

function factsSection(c: CampaignFacts): string {
  const machine = `<table class="plain"><thead><tr><th>host</th><th>CPU</th><th>CPUs</th><th>memory</th><th>kernel</th><th>OS</th><th>engine</th><th>runtimes</th></tr></thead><tbody>${c.machine
    .map(
      (h) =>
        `<tr><td>${h.host}</td><td>${esc(h.cpuModel)}</td><td>${h.cpus}</td><td>${h.memoryGiB} GiB</td><td>${esc(h.kernel)}</td><td>${esc(h.os)}</td><td>${esc(h.engine)}</td><td>${esc(h.runtimes.join(', '))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const sessions = `<table class="plain"><thead><tr><th>session</th><th>started</th><th>ended</th><th>status</th><th>tasks run (manifest)</th><th>repetitions in the data</th><th>differs from the first</th></tr></thead><tbody>${c.sessions
    .map(
      (s) =>
        `<tr><td>${s.n}</td><td>${esc(s.startedAt)}</td><td>${esc(s.endedAt)}</td><td>${esc(s.status)}</td><td>${s.tasksRun}</td><td>${s.repetitions}</td><td>${esc(s.differs.join(', '))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p>none</p>');
  return `<section class="facts" id="facts-${esc(c.id)}"><h3>Campaign ${esc(c.id)}</h3>
${kv([
  ['status', c.status],
  ['profile', c.profile === 'paper' ? 'paper (the full protocol)' : `${c.profile} (short runs: an illustration, not evidence)`],
  ['seed', String(c.seed)],
  ['toolkit commit', c.commit],
  ['image', c.image],
  ...c.config,
  ...c.toolVersions.map(([k, v]): [string, string] => [`${k} version`, v]),
  ...(c.files
    ? ([
        ['sha256 of measurements.csv', c.files.sha256.measurements],
        ['sha256 of manifest.json', c.files.sha256.manifest],
      ] satisfies Array<[string, string]>)
    : []),
])}
${c.files?.notes !== undefined ? `<details class="notes"><summary>NOTES.md (the campaign's own notes)</summary><pre>${esc(c.files.notes)}</pre></details>` : ''}
<h4>Machine</h4>${machine}
<h4>Sessions</h4>${sessions}<p class="note">Tasks run: the manifest's count (warm-ups included); a session that was killed leaves it at what it last wrote. Repetitions in the data: the rows themselves (warm-ups left out), by their start time.</p>
<details><summary>Unsupported: ${c.unsupported.length} cell(s) and probe(s)</summary>${list(c.unsupported.map(problem))}</details>
<details><summary>Failed: ${c.failed.reduce((n, f) => n + f.runs, 0)} run(s)</summary>${list(c.failed.map(problem))}</details>
</section>`;
}

function httpSection(m: ReportModel): string {
  if (!m.http) return '';
  const { table, blog } = m.http;
  const blogKeys: Record<string, string> = {
    Availability: 'availability_pct',
    Transactions: 'transactions',
    Response: 'response_time_s',
    Rate: 'transaction_rate',
    Concurrency: 'concurrency',
    'CPU (mean)': 'cpu_approx_pct',
    'RAM (max)': 'ram_approx_mib',
  };
  const blogRts = blog?.runtimes ?? [];
  const head = ['', 'unit', ...table.runtimes.map((r) => `${r}: median [95% CI] (n)`), ...blogRts.map((r) => `blog, ${r}`)];
  const body = table.rows
    .map((row) => {
      const ours = table.runtimes.map((rt) => {
        const c = row.cells[rt]!;
        return `<td>${c.median === null ? esc(c.status) : `${esc(withCi(c.median, c.lo, c.hi))} (${c.n})`}</td>`;
      });
      const theirs = blogRts.map((rt) => `<td>${fmt(blog?.rows[blogKeys[row.label] ?? '']?.[rt])}</td>`);
      return `<tr><th>${esc(row.label)}</th><td>${esc(row.unit)}</td>${ours.join('')}${theirs.join('')}</tr>`;
    })
    .join('\n');
  return `<section id="http"><h2>HTTP service (the blog post)</h2>
<p>siege against nginx on bridge,bridge, server idle: the post's table with our medians${blog ? `, and the post's published values (${esc(blog.command)}; ${esc(blog.source)})` : ''}.</p>
<table class="plain" id="http-table"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const STYLE = `
.notes pre { white-space: pre-wrap; max-height: 30em; overflow: auto; font-size: 12px; background: #f7f7f7; padding: 0.5em; }
.made { color: #555; }
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0 auto;max-width:1400px;padding:0 1.5em 3em;color:#111;font-size:14px}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
table.data th{cursor:pointer;background:#f3f3f3;position:sticky;top:0}table.data th[data-dir=asc]::after{content:" ▲"}table.data th[data-dir=desc]::after{content:" ▼"}
table.data td[data-v]{font-variant-numeric:tabular-nums}
table.kv th{font-weight:normal;color:#555}
td.bad{color:#a33}td.drift{background:#fde3c8;font-weight:bold}
.filters{margin-top:1em}.filters label{margin-right:1em}.count{color:#555}
.figs{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}figcaption{max-width:640px;font-size:.9em;color:#333}
.scroll{max-height:70vh;overflow:auto;border:1px solid #ddd}
`;

/** The page's own script: draws the figures, sorts a table by a clicked column, filters rows by the selects. */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  data.figures.forEach(function (f) {
    Plotly.newPlot('fig-' + f.name, f.data, f.layout, { displaylogo: false, responsive: false, showLink: false, showSendToCloud: false });
  });
  var num = function (s) { return s !== undefined && s !== '' && !isNaN(Number(s)) ? Number(s) : null; };
  document.querySelectorAll('table.data').forEach(function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener('click', function () {
        var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
        th.setAttribute('data-dir', dir);
        var key = function (r) { var c = r.cells[i]; return c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent; };
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a), y = key(b), nx = num(x), ny = num(y), s;
          if (x === '' || y === '') s = x === '' ? (y === '' ? 0 : 1) : -1; // empty cells last either way
          else { s = nx !== null && ny !== null ? nx - ny : String(x).localeCompare(String(y)); if (dir === 'desc') s = -s; }
          return s;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var bar = document.querySelector('.filters[data-for="' + table.id + '"]');
    var selects = bar.querySelectorAll('select');
    var apply = function () {
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = Array.prototype.every.call(selects, function (s) { return !s.value || r.getAttribute('data-' + s.name) === s.value; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      bar.querySelector('.count').textContent = shown + ' of ' + body.rows.length + ' rows';
    };
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    apply();
  });
})();
`;

/** Every cell across the campaigns: the change points found, what changed there, and a figure per metric and load. */
function historySection(m: ReportModel): string {
  if (!m.history) return '';
  const { series, figures } = m.history;
  const rows = series.flatMap((s) =>
    s.changes.map(
      (c) =>
        `<tr><td>${esc(seriesTitle(s))}</td><td>${esc(c.at)}</td><td>${esc(c.before)}</td><td data-v="${c.step ?? ''}">${c.step === null ? '–' : `×${c.step.toPrecision(3)}`}</td><td data-v="${c.p}">${c.p.toFixed(3)}</td><td>${c.changed.length ? c.changed.map((d) => `${esc(d.what)}: ${esc(d.before)} → ${esc(d.after)}`).join('<br>') : 'no difference in the manifests'}</td></tr>`,
    ),
  );
  return `<section id="history"><h2>History across campaigns</h2>
<p>${series.length} series (a cell, or its ratio to runc, in two campaigns or more), ${series.filter((s) => s.changes.length).length} with a change point: E-divisive means on the repetitions, whole sessions permuted, p &lt; 0.05 (netbench history gives every series).</p>
${rows.length ? `<div class="scroll"><table class="data" id="history-table"><thead><tr><th>series</th><th>change at</th><th>after</th><th>step</th><th>p</th><th>what changed in the manifests</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>` : '<p>No series changed.</p>'}
<div class="figs">
${figures.map((f) => `<figure><div class="plot" id="fig-${esc(f.name)}"></div><figcaption><b>${esc(f.name)}</b>: ${esc(f.caption)}</figcaption></figure>`).join('\n')}
</div></section>`;
}

/** A JSON value inside a script element: `</script>` and `<!--` cannot end or comment it. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

export function reportHtml(m: ReportModel, plotlyJs: string): string {
  const figures = [...m.figures, ...(m.history?.figures ?? [])].map((f) => ({
    name: f.name,
    data: enlarged(f.data),
    layout: enlarged(f.layout),
  }));
  const drift = m.sessions.filter((s) => s.spread !== null && s.spread > DRIFT).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${esc(m.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(m.title)}</h1>
${m.made ? `<p class="made">Made ${esc(m.made.at)} by toolkit commit ${esc(m.made.commit)}.</p>` : ''}
<nav><a href="#campaigns">campaigns</a><a href="#figures">figures</a><a href="#cells-section">cells</a><a href="#comparisons-section">against runc</a><a href="#sessions-section">sessions</a>${m.http ? '<a href="#http">HTTP</a>' : ''}${m.history ? '<a href="#history">history</a>' : ''}</nav>
<section id="campaigns"><h2>Campaigns</h2>
${m.campaigns.map(factsSection).join('\n')}
</section>
<section id="figures"><h2>Figures</h2>
<p>Hover a point for its repetition, session and start time; drag to zoom, double-click to zoom out.</p>
<div class="figs">
${m.figures.map((f) => `<figure><div class="plot" id="fig-${esc(f.name)}"></div><figcaption><b>${esc(f.name)}</b>: ${esc(f.caption)}</figcaption></figure>`).join('\n')}
</div></section>
<section id="cells-section"><h2>Cells</h2>
<div class="scroll">${summaryTable(m.summary)}</div></section>
<section id="comparisons-section"><h2>Against runc</h2>
<div class="scroll">${comparisonTable(m.comparisons)}</div></section>
<section id="sessions-section"><h2>Sessions</h2>
<p>${m.sessionCount > 1 ? `${drift} cell(s) moved more than ${Math.round((DRIFT - 1) * 100)} % between sessions.` : 'Each campaign ran in one session.'}</p>
<div class="scroll">${sessionTable(m.sessions, m.sessionCount)}</div></section>
${httpSection(m)}
${historySection(m)}
<footer><p>Made by runtime-netbench (netbench report)${m.made ? ` on ${esc(m.made.at)}, toolkit commit ${esc(m.made.commit)},` : ''} from ${m.campaigns.map((c) => esc(c.id)).join(', ')}; plotly.js inlined. Opens offline.</p></footer>
<script>${plotlyJs}</script>
<script type="application/json" id="report-data">${scriptJson({ figures })}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
