// sockperf's latency percentiles (p50, p99) per runtime and pair. Pure.
import type { Data } from 'plotly.js';
import type { CellSummary } from '../analysis/cells.js';
import { byPair } from '../model/pairs.js';
import { byRuntime } from '../model/runtimes.js';
import { num, pairAxis, pubFigure, type PubFigure } from './parts.js';
import { logTicks } from './ratios.js';
import { baseLayout, runtimeStyle, sizeOf, type FigureSize } from './style.js';

/** sockperf p50 and p99 medians per runtime and pair (latency percentiles), log scale. */
export function percentiles(summary: readonly CellSummary[], o: { name: string; caption: string; load: string; size?: FigureSize }): PubFigure {
  const size = o.size ?? sizeOf('single', 2.4);
  const rows = summary.filter((r) => (r.metric === 'sockperf_rtt_p50' || r.metric === 'sockperf_rtt_p99') && r.load === o.load && r.status === 'ok');
  if (!rows.length) throw new Error('no sockperf percentiles in this campaign');
  const runtimes = [...new Set(rows.map((r) => String(r.runtime)))].sort(byRuntime);
  const pairs = [...new Set(rows.map((r) => String(r.pair)))].sort(byPair);
  const data: Data[] = runtimes.flatMap((rt) =>
    (['sockperf_rtt_p50', 'sockperf_rtt_p99'] as const).map((m) => {
      const st = runtimeStyle(rt);
      const p99 = m.endsWith('p99');
      return {
        type: 'scatter',
        mode: 'markers',
        name: `${st.label} ${p99 ? 'p99' : 'p50'}`,
        offsetgroup: rt,
        x: pairs,
        y: pairs.map((p) => num(rows.find((r) => r.runtime === rt && r.pair === p && r.metric === m)?.median)),
        marker: { color: p99 ? '#ffffff' : st.color, symbol: st.symbol, size: 6, line: { color: st.color, width: 1.2 } },
      };
    }),
  );
  const layout = baseLayout(size);
  // labelled at 1, 2 and 5 of each decade, like the other ticks (plotly's own labels between powers of ten print smaller)
  const us = rows.flatMap((r) => (r.median !== null && r.median > 0 ? [r.median] : []));
  const ticks = logTicks(Math.min(...us), Math.max(...us));
  return pubFigure(o, size, data, {
      ...layout,
      scattermode: 'group',
      yaxis: { ...layout.yaxis, type: 'log', tickvals: ticks, ticktext: ticks.map(String), title: { text: 'round-trip time (µs)' } },
      xaxis: pairAxis(layout, pairs),
    });
}
