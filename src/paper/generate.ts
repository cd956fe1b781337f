// The manuscript's numbers and tables as LaTeX, generated from a campaign (pure: tables and
// manifest in, .tex text out). paper/main.tex types no number: it reads these macros and tables.
//   \nbval{metric}{runtime}{pair}{load}{stat}  a per-cell statistic (median, mean, ci_lo, ...) in display units
//   \nbratio{metric}{runtime}{pair}{load}{what} runtime / runc: ratio, lo, hi, pct
//   \nbdeg{metric}{runtime}{pair}{what}         stress vs idle change in %: pct, lo, hi
//   \nbfact{name}                                a fact of the setup (kernel, engine, CPU, repetitions, ...)
import type { CellSummary, ComparisonRow } from '../analysis/cells.js';
import type { BlogTable } from '../analysis/blog-table.js';
import type { HttpTable } from '../analysis/http-table.js';
import type { Manifest } from '../dataset/manifest.js';
import { unitOf, type Metric } from '../model/metrics.js';
import { pingOn } from '../probes/ping.js';

/** LaTeX-safe text. */
export const tex = (s: string): string =>
  s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));

/** A number with `digits` significant digits, in LaTeX ('--' when missing). */
export function fmt(v: unknown, digits = 3): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '--';
  const a = Math.abs(v);
  // thousands read better whole (3680 transactions/s, not 3.68 x 10^3)
  if (a >= 10 ** digits && a < 1e6) return `${v < 0 ? '$-$' : ''}${Math.round(Number(a.toPrecision(digits)))}`;
  if (a !== 0 && (a >= 10 ** digits || a < 10 ** -(digits - 1))) return `$${v.toPrecision(digits).replace(/e\+?(-?)(\d+)/, '\\times10^{$1$2}')}$`;
  const s = Number(v.toPrecision(digits)).toString();
  return v < 0 ? `$-$${s.slice(1)}` : s;
}

/** One generated value, `\nbset{kind}{key|key...}{value}`, that main.tex reads with `\nbget`. */
export const defs = (kind: string, key: string[], value: string) => `\\nbset{${kind}}{${key.join('|')}}{${value}}\n`;

export interface Facts {
  [name: string]: string;
}

/** Setup facts from the manifest (first session's provenance), in text. */
export function factsOf(manifest: Manifest): Facts {
  const A = manifest.hosts.A;
  const cfg = manifest.config;
  const sessions = manifest.sessions;
  const otherMachine = sessions.filter((s) => (s.differsFromFirst ?? []).some((d) => d.includes('kernel'))).length;
  return {
    campaign: manifest.campaignId,
    status: manifest.status,
    kernel: A.kernel,
    engine: A.engineVersion,
    os: A.os,
    cpus: String(A.cpus),
    memGiB: (A.memoryBytes / 2 ** 30).toFixed(1),
    cpuModel: manifest.cpuModel.A ?? '',
    reps: String(cfg.reps),
    warmup: String(cfg.warmup),
    seed: String(manifest.seed),
    iperfS: String(cfg.iperf3.durationS),
    iperfOmitS: String(cfg.iperf3.omitS),
    sockperfS: String(cfg.sockperf.durationS),
    // the latency sentence's ending: a campaign without ping (the demo's) has none
    pingClause: pingOn(cfg.ping) ? ` and ping (${cfg.ping.count} echoes)` : '',
    sessions: String(sessions.length),
    sessionsOtherMachine: String(otherMachine),
    sessionsMachines:
      otherMachine === 0
        ? 'all on the same machine'
        : `${otherMachine} of them on another machine of the same kind (same kernel version, another build)`,
    image: manifest.image.tag,
    iperf3Version: manifest.toolVersions.iperf3 ?? '',
    commit: manifest.toolkit.gitCommit.slice(0, 12) || 'not recorded',
  };
}

/** The HTTP campaign's protocol (its manifest's config), prefixed `http`: concurrency, duration, repetitions, pair, campaign. */
export function httpFactsOf(manifest: Manifest): Facts {
  const cfg = manifest.config;
  return {
    httpCampaign: manifest.campaignId,
    httpConcurrency: String(cfg.http.concurrency),
    httpDurationS: String(cfg.http.durationS),
    httpReps: String(cfg.reps),
    httpPairs: cfg.http.pairs.join('; '),
    httpRuntimes: (cfg.runtimes ?? []).join(', '),
  };
}

/** The blog post's published table (paper/literature/blog-siege.json) turned into facts, with Kata / runc ratios. */
export function blogFacts(lit: Pick<BlogTable, 'rows'>): Facts {
  const v = (row: string, rt: string): number => {
    const x = lit.rows[row]?.[rt];
    if (typeof x !== 'number') throw new Error(`blog-siege.json: no ${row} for ${rt}`);
    return x;
  };
  return {
    blogRuncRate: fmt(v('transaction_rate', 'runc'), 3),
    blogKataRate: fmt(v('transaction_rate', 'kata'), 3),
    blogRateRatio: fmt(v('transaction_rate', 'kata') / v('transaction_rate', 'runc'), 2),
    blogRuncResponseMs: fmt(v('response_time_s', 'runc') * 1000, 3),
    blogKataResponseMs: fmt(v('response_time_s', 'kata') * 1000, 3),
    blogRuncRamMiB: fmt(v('ram_approx_mib', 'runc'), 2),
    blogKataRamMiB: fmt(v('ram_approx_mib', 'kata'), 2),
  };
}

// A missing CI bound of a compared row is an unbounded interval on that side (Fieller's, when the
// reference mean is not clearly different from 0): never 0.
const lowEnd = (v: number | null): number => v ?? -Infinity;
const highEnd = (v: number | null): number => v ?? Infinity;
const rangeOf = (xs: Array<number | null>): { min: number | null; max: number | null } => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? { min: Math.min(...known), max: Math.max(...known) } : { min: null, max: null };
};

/** Counts behind the text's claims, so that no claim is typed by hand. */
export function derivedFacts(vsRunc: readonly ComparisonRow[], degradation: readonly ComparisonRow[]): Facts {
  const cmp = vsRunc.filter((r) => r.status === 'ok');
  const deg = degradation.filter((r) => r.status === 'ok');
  const out: Facts = {};
  for (const rt of [...new Set(cmp.map((r) => r.runtime))]) {
    const bw = cmp.filter((r) => r.runtime === rt && r.metric === 'bandwidth');
    out[`${rt}BwCells`] = String(bw.length);
    // (a cell without a ratio, e.g. a reference mean of 0, says nothing about where runc's value lies)
    out[`${rt}BwCiSpansOne`] = String(bw.filter((r) => r.ratio !== null && lowEnd(r.ratio_ci_lo) <= 1 && highEnd(r.ratio_ci_hi) >= 1).length);
    out[`${rt}BwBelowRunc`] = String(bw.filter((r) => highEnd(r.ratio_ci_hi) < 1).length);
    const ratios = rangeOf(bw.map((r) => r.ratio));
    out[`${rt}BwRatioMin`] = fmt(ratios.min);
    out[`${rt}BwRatioMax`] = fmt(ratios.max);
  }
  const by = (metric: Metric) => deg.filter((r) => r.metric === metric);
  const lower = (metric: Metric) => by(metric).filter((r) => highEnd(r.change_pct_ci_hi) < 0).length;
  const higher = (metric: Metric) => by(metric).filter((r) => lowEnd(r.change_pct_ci_lo) > 0).length;
  out.stressCells = String(by('bandwidth').length);
  out.stressBwLower = String(lower('bandwidth'));
  out.stressLatCells = String(by('sockperf_rtt_p50').length);
  out.stressLatLower = String(lower('sockperf_rtt_p50'));
  out.stressLatHigher = String(higher('sockperf_rtt_p50'));
  return out;
}

/** numbers.tex: every per-cell statistic, ratio to runc, stress degradation and setup fact as a macro entry. */
export function numbersTex(
  summary: readonly CellSummary[],
  vsRunc: readonly ComparisonRow[],
  degradation: readonly ComparisonRow[],
  facts: Facts,
): string {
  let out = '% Generated by `netbench paper` from the campaign; do not edit.\n';
  for (const [k, v] of Object.entries(facts)) out += defs('fact', [k], tex(v));
  for (const r of summary) {
    const u = unitOf(r.unit);
    const key = [r.metric, r.runtime, r.pair, r.load];
    for (const stat of ['median', 'mean', 'sd', 'ci_mean_lo', 'ci_mean_hi', 'ci_median_lo', 'ci_median_hi', 'min', 'max'] as const) {
      const v = r[stat];
      out += defs('val', [...key, stat], r.status === 'ok' ? fmt(typeof v === 'number' ? v * u.scale : null) : tex(r.status));
    }
    out += defs('val', [...key, 'n'], String(r.n));
    out += defs('val', [...key, 'cv'], fmt(r.cv, 2));
  }
  for (const r of vsRunc) {
    const key = [r.metric, r.runtime, r.pair, r.load];
    out += defs('ratio', [...key, 'ratio'], fmt(r.ratio));
    out += defs('ratio', [...key, 'lo'], fmt(r.ratio_ci_lo));
    out += defs('ratio', [...key, 'hi'], fmt(r.ratio_ci_hi));
    out += defs('ratio', [...key, 'pct'], fmt(r.change_pct, 2));
    out += defs('ratio', [...key, 'p'], fmt(r.welch_p_holm, 2));
  }
  for (const r of degradation) {
    const key = [r.metric, r.runtime, r.pair];
    out += defs('deg', [...key, 'pct'], fmt(r.change_pct, 2));
    out += defs('deg', [...key, 'lo'], fmt(r.change_pct_ci_lo, 2));
    out += defs('deg', [...key, 'hi'], fmt(r.change_pct_ci_hi, 2));
  }
  return out;
}

/** A booktabs-free table (only base LaTeX): median [95% CI] per runtime and pair, idle and stress. */
export function cellTableTex(summary: readonly CellSummary[], metric: Metric, caption: string, label: string): string {
  const rows = summary.filter((r) => r.metric === metric);
  if (!rows.length) return `% no ${metric} in this campaign\n`;
  const u = unitOf(rows[0]!.unit);
  const cells = new Map(rows.map((r) => [`${r.runtime}|${r.pair}|${r.load}`, r]));
  const keys = [...new Map(rows.map((r) => [`${r.runtime}|${r.pair}`, { rt: r.runtime, pair: r.pair }])).values()];
  const scaled = (v: number | null) => (v === null ? null : v * u.scale);
  const cell = (r: CellSummary | undefined) =>
    !r ? '--' : r.status !== 'ok' ? `\\emph{${tex(r.status)}}` : `${fmt(scaled(r.median))} [${fmt(scaled(r.ci_median_lo))}, ${fmt(scaled(r.ci_median_hi))}] (${r.n})`;
  const body = keys
    .map(({ rt, pair }) => {
      const k = `${rt}|${pair}`;
      return `${tex(rt)} & ${tex(pair)} & ${cell(cells.get(`${k}|idle`))} & ${cell(cells.get(`${k}|stress`))} \\\\`;
    })
    .join('\n');
  return [
    '% Generated by `netbench paper`; do not edit.',
    '\\begin{table*}[t]\\centering\\small',
    `\\caption{${caption} Median [95\\% CI] (n) in ${tex(u.label)}.}\\label{${label}}`,
    '\\begin{tabular}{llll}\\hline',
    'runtime & pair & idle & stress \\\\ \\hline',
    body,
    '\\hline\\end{tabular}',
    '\\end{table*}',
    '',
  ].join('\n');
}

/** The blog post's table: one row per quantity, median [95% CI] (n) per runtime, idle and stress. */
export function httpTableTex(byLoad: Record<string, HttpTable>, caption: string, label: string): string {
  const loads = Object.keys(byLoad).filter((l) => byLoad[l]!.runtimes.length);
  if (!loads.length) return '% no HTTP cells in these campaigns\n';
  const cols = loads.flatMap((l) => byLoad[l]!.runtimes.map((rt) => ({ l, rt })));
  const first = byLoad[loads[0]!]!;
  const cell = (l: string, rt: string, i: number) => {
    const c = byLoad[l]!.rows[i]?.cells[rt];
    if (!c || c.median === null) return `\\emph{${tex(c?.status ?? 'missing')}}`;
    return `${fmt(c.median)} [${fmt(c.lo)}, ${fmt(c.hi)}] (${c.n})`;
  };
  const body = first.rows
    .map((r, i) => `${tex(r.label)}${r.unit ? ` (${tex(r.unit)})` : ''} & ${cols.map(({ l, rt }) => cell(l, rt, i)).join(' & ')} \\\\`)
    .join('\n');
  return [
    '% Generated by `netbench paper`; do not edit.',
    // a median, its CI and n in each of four runtime x load columns: footnotesize and narrower gaps fit the text width
    '\\begin{table*}[t]\\centering\\footnotesize\\setlength{\\tabcolsep}{3pt}',
    `\\caption{${caption} Median [95\\% CI] (n).}\\label{${label}}`,
    `\\begin{tabular}{l${'l'.repeat(cols.length)}}\\hline`,
    ` & ${cols.map(({ l, rt }) => `${tex(rt)}, ${tex(l)}`).join(' & ')} \\\\ \\hline`,
    body,
    '\\hline\\end{tabular}',
    '\\end{table*}',
    '',
  ].join('\n');
}
