// The notebooks' exploring figure: every repetition of a metric, with hover (repetition, session,
// start time). Pure: a loaded table in, a plotly spec out. The paper's figures are the other builders here.
import { metricView, type MetricView } from '../model/metrics.js';
import type { ColumnTable } from 'arquero';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { runtimeStyle } from './style.js';
import { pointHover, pointsOf, stalledPointsOfBox, type PlotSpec } from './parts.js';

/** The views the notebooks open with, by metric. */
export const VIEWS: Record<string, MetricView> = Object.fromEntries(
  (['bandwidth', 'sockperf_rtt_p50', 'ping_rtt_avg', 'http_transaction_rate'] as const).map((m) => [m, metricView(m)]),
);

/** Every repetition of a metric, one box with all points per runtime and pair (hover: repetition, time). */
export function repetitionsFigure(t: ColumnTable, view: MetricView, load: string): PlotSpec {
  const rows = pointsOf(t).filter((r) => r.metric === view.metric && r.load === load && r.status === 'ok');
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  return {
    data: runtimes.map((rt) => {
      const rs = rows.filter((r) => r.runtime === rt);
      return {
        type: 'box',
        name: runtimeStyle(rt).label,
        marker: { color: runtimeStyle(rt).color },
        x: rs.map((r) => String(r.pair)),
        y: rs.map((r) => Number(r.value) * view.scale),
        boxpoints: 'all',
        jitter: 0.4,
        pointpos: 0,
        ...stalledPointsOfBox(rs),
        ...pointHover(rs, `${runtimeStyle(rt).label} %{x}`, view.unit),
      };
    }),
    layout: {
      title: { text: `${view.metric}, ${load}: every repetition` },
      boxmode: 'group',
      yaxis: { title: { text: view.unit }, rangemode: 'tozero' },
      // the house style's colours and pair order, as in the paper's figures
      xaxis: { title: { text: 'driver pair (client,server)' }, categoryorder: 'array', categoryarray: pairs },
    },
  };
}
