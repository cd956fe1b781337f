// `netbench analyse <campaign…>`: per-cell statistics, runtime comparisons and idle->stress
// degradation of one or more campaigns, printed as tables and written as CSV and JSON.
import { join } from 'node:path';
import { analysisTables } from '../analysis/cells.js';
import { writeAnalysisTables } from '../analysis/write-tables.js';
import { httpTable, httpTableText } from '../analysis/http-table.js';
import { measurementRows } from '../dataset/load.js';
import { HEADLINE_METRICS, metricView } from '../model/metrics.js';
import { NetbenchError } from '../base/errors.js';
import { askedMetrics, loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

export interface AnalyseOptions extends GlobalOptions {
  reference: string;
  metrics?: string;
  out?: string;
  dataDir: string;
  includeWarmup?: boolean;
}

/** A campaign named by id (under the data directory) or by path. */

const fmt = (v: unknown, scale = 1): string => (typeof v === 'number' && Number.isFinite(v) ? (v * scale).toPrecision(4) : '-');
const fmtP = (v: unknown): string => (typeof v === 'number' ? (v < 1e-4 ? v.toExponential(1) : v.toFixed(4)) : '-');

export async function analyseCommand(campaigns: string[], o: AnalyseOptions): Promise<void> {
  const { campaigns: loaded, table } = await loadNamedCampaigns(campaigns, o.dataDir, { includeWarmup: o.includeWarmup ?? false });
  const runtimes = [...new Set(measurementRows(table.dedupe('runtime'), ['runtime']).map((r) => r.runtime))];
  if (!runtimes.includes(o.reference)) {
    throw new NetbenchError(
      'bad-config',
      `--reference ${o.reference}: no such runtime in ${loaded.map((c) => c.id).join(', ')}`,
      `Compare against one of ${runtimes.sort().join(', ')} (bare is the bare-host baseline).`,
    );
  }
  const asked = askedMetrics(
    o.metrics,
    [table],
    loaded.map((c) => c.id),
  );
  const tables = analysisTables(table, { reference: o.reference });
  const { summary, comparisons, degradation } = tables;
  const outDir = o.out ?? join('figures', loaded.map((c) => c.id).join('+'), 'tables');
  await writeAnalysisTables(outDir, tables, o.reference);
  if (o.json) {
    process.stdout.write(
      JSON.stringify({
        campaigns: loaded.map((c) => c.id),
        outDir,
        summary,
        comparisons,
        degradation,
      }) + '\n',
    );
    return;
  }
  const wanted = asked ? asked.map((m) => ({ metric: m, scale: 1, unit: '' })) : Object.values(HEADLINE_METRICS).flat().map(metricView);
  for (const h of wanted) {
    const s = summary.filter((r) => r.metric === h.metric);
    if (!s.length) continue;
    const unit = h.unit || String(s[0]!.unit);
    process.stdout.write(`\n${h.metric} (${unit}): median [95% CI] over n repetitions\n`);
    process.stdout.write(
      formatTable(
        ['runtime', 'pair', 'load', 'n', 'median', '95% CI (median)', 'mean', 'CV', 'status / reason'],
        s.map((r) => [
          String(r.runtime),
          String(r.pair),
          String(r.load),
          String(r.n),
          fmt(r.median, h.scale),
          r.status === 'ok' ? `[${fmt(r.ci_median_lo, h.scale)}, ${fmt(r.ci_median_hi, h.scale)}]` : '',
          fmt(r.mean, h.scale),
          fmt(r.cv),
          r.status === 'ok'
            ? [r.failed ? `${r.failed} failed` : '', r.stalled ? `${r.stalled} stalled` : ''].filter(Boolean).join(', ')
            : `${String(r.status)}: ${String(r.reason).slice(0, 60)}`,
        ]),
      ) + '\n',
    );
    const c = comparisons.filter((r) => r.metric === h.metric);
    if (c.length) {
      process.stdout.write(`\n${h.metric}: each runtime / ${o.reference} (ratio of means, Fieller 95% CI; p Holm-adjusted per metric)\n`);
      process.stdout.write(
        formatTable(
          ['runtime', 'pair', 'load', 'ratio', '95% CI', 'Welch p', 'M-W p', "Hedges' g", "Cliff's d", 'status / reason'],
          c.map((r) => [
            String(r.runtime),
            String(r.pair),
            String(r.load),
            fmt(r.ratio),
            r.status === 'ok' ? `[${fmt(r.ratio_ci_lo)}, ${fmt(r.ratio_ci_hi)}]` : '',
            fmtP(r.welch_p_holm),
            fmtP(r.mw_p_holm),
            fmt(r.hedges_g),
            fmt(r.cliffs_delta),
            r.status === 'ok' ? r.reason.slice(0, 60) : `${String(r.status)}: ${String(r.reason).slice(0, 60)}`,
          ]),
        ) + '\n',
      );
    }
  }
  if (summary.some((r) => r.experiment === 'http')) {
    for (const load of ['idle', 'stress']) {
      const h = httpTable(summary, { load });
      if (!h.runtimes.length) continue;
      process.stdout.write(
        `\nHTTP (siege), bridge,bridge, ${load}: the blog post's table, median [95% CI] n=repetitions\n${httpTableText(h)}\n`,
      );
    }
  }
  process.stdout.write(`\ntables (CSV and JSON) in ${outDir}\n`);
}
