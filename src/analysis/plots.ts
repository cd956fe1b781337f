// Plotly figure specs from analysis tables (pure: data in, {data, layout} out). These are the
// notebooks' simple figures; publication styling belongs to src/figures/ (issue 7). A cell without
// values is labelled with its status on the axis, never drawn as a zero bar.
import type { ColumnTable } from 'arquero';
import type { Data, Layout } from 'plotly.js';
import { byRuntime } from '../model/runtimes.js';
import type { CellSummary } from './cells.js';
import { measurementRows } from './load.js';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

export interface MetricView {
  metric: string;
  /** Multiply values by this for display (1e-9: bit/s -> Gbit/s). */
  scale: number;
  unit: string;
}

export const VIEWS: Record<string, MetricView> = {
  bandwidth: { metric: 'bandwidth', scale: 1e-9, unit: 'Gbit/s' },
  sockperf_rtt_p50: { metric: 'sockperf_rtt_p50', scale: 1, unit: 'µs' },
  ping_rtt_avg: { metric: 'ping_rtt_avg', scale: 1, unit: 'µs' },
  http_transaction_rate: { metric: 'http_transaction_rate', scale: 1, unit: 'transactions/s' },
};

/** Every repetition of a metric, one box with all points per runtime and pair (hover: repetition, time). */
export function repetitionsFigure(t: ColumnTable, view: MetricView, load: string): Figure {
  const rows = measurementRows(t, ['metric', 'load', 'status', 'runtime', 'pair', 'value', 'rep', 'started_at']).filter(
    (r) => r.metric === view.metric && r.load === load && r.status === 'ok',
  );
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  return {
    data: runtimes.map((rt) => {
      const rs = rows.filter((r) => r.runtime === rt);
      return {
        type: 'box',
        name: rt,
        x: rs.map((r) => String(r.pair)),
        y: rs.map((r) => Number(r.value) * view.scale),
        boxpoints: 'all',
        jitter: 0.4,
        pointpos: 0,
        text: rs.map((r) => `rep ${String(r.rep)}, ${String(r.started_at)}`),
        hovertemplate: `${rt} %{x}<br>%{y:.4g} ${view.unit}<br>%{text}<extra></extra>`,
      };
    }),
    layout: {
      title: { text: `${view.metric}, ${load}: every repetition` },
      boxmode: 'group',
      yaxis: { title: { text: view.unit }, rangemode: 'tozero' },
      xaxis: { title: { text: 'driver pair (client,server)' } },
    },
  };
}

/** Medians per runtime and pair with their 95 % CI as error bars, from summariseCells(); cells without values are named on the axis. */
export function medianBarsFigure(summary: readonly CellSummary[], view: MetricView, load: string): Figure {
  const rows = summary.filter((r) => r.metric === view.metric && r.load === load);
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))];
  const label = (pair: string) => {
    const missing = rows.filter((r) => r.pair === pair && r.status !== 'ok').map((r) => `${String(r.runtime)}: ${String(r.status)}`);
    return missing.length ? `${pair}<br>(${missing.join(', ')})` : pair;
  };
  return {
    data: runtimes.map((rt) => {
      const rs = pairs.map((p) => rows.find((r) => r.runtime === rt && r.pair === p && r.status === 'ok'));
      const s = (v: unknown) => (typeof v === 'number' ? v * view.scale : null);
      return {
        type: 'bar',
        name: rt,
        x: pairs.map(label),
        y: rs.map((r) => s(r?.median)),
        error_y: {
          type: 'data',
          symmetric: false,
          array: rs.map((r) => (r ? (s(r.ci_median_hi) ?? 0) - (s(r.median) ?? 0) : null)),
          arrayminus: rs.map((r) => (r ? (s(r.median) ?? 0) - (s(r.ci_median_lo) ?? 0) : null)),
        },
        customdata: rs.map((r) => (r ? Number(r.n) : null)),
        hovertemplate: `${rt} %{x}<br>median %{y:.4g} ${view.unit} (n=%{customdata})<extra></extra>`,
      };
    }),
    layout: {
      title: { text: `${view.metric}, ${load}: median and 95% CI` },
      barmode: 'group',
      yaxis: { title: { text: view.unit }, rangemode: 'tozero' },
    },
  };
}
