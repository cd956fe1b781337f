// The end-of-campaign table: per cell, how many repetitions are ok, failed or unsupported, and the
// median of its headline metrics. Pure; the statistics proper live in the analysis library.
import { COLUMNS } from './csv.js';

export const HEADLINE_METRICS: Record<string, { metric: string; scale: number; unit: string }[]> = {
  bandwidth: [{ metric: 'bandwidth', scale: 1e-9, unit: 'Gbit/s' }],
  latency: [
    { metric: 'sockperf_rtt_p50', scale: 1, unit: 'us' },
    { metric: 'ping_rtt_avg', scale: 1, unit: 'us' },
  ],
  http: [
    { metric: 'http_transaction_rate', scale: 1, unit: 'trans/s' },
    { metric: 'http_response_time', scale: 1, unit: 's' },
    { metric: 'http_availability', scale: 1, unit: '%' },
    { metric: 'server_cpu_mean', scale: 1, unit: '%' },
    { metric: 'server_mem_max', scale: 2 ** -20, unit: 'MiB' },
  ],
};

/** The first headline value among a task's rows, for progress lines ("13.33 Gbit/s"). */
export function headlineOf(rows: ReadonlyArray<{ experiment: unknown; metric: unknown; value: unknown; status: unknown }>): string {
  for (const r of rows) {
    const h = HEADLINE_METRICS[String(r.experiment)]?.find((m) => m.metric === r.metric);
    if (h && r.status === 'ok' && r.value !== '') return `${r.metric} ${(Number(r.value) * h.scale).toPrecision(4)} ${h.unit}`;
  }
  const other = rows.find((x) => x.status !== 'ok');
  return other ? String(other.status) : 'ok';
}

export interface CellSummaryLine {
  experiment: string;
  runtime: string;
  pair: string;
  load: string;
  ok: number;
  failed: number;
  unsupported: number;
  reason: string;
  medians: Array<{ metric: string; value: number | undefined; unit: string }>;
}

export function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
}

/** From CSV records (header first), leaving warm-ups out. */
export function summarise(records: string[][]): CellSummaryLine[] {
  const [header, ...rows] = records;
  if (!header) return [];
  const col = (name: (typeof COLUMNS)[number]) => header.indexOf(name);
  const [ex, rt, cd, sd, ld, wu, rp, mt, vl, st, rs] = (
    ['experiment', 'runtime', 'client_driver', 'server_driver', 'load', 'warmup', 'rep', 'metric', 'value', 'status', 'reason'] as const
  ).map(col);
  const cells = new Map<string, { line: CellSummaryLine; reps: Map<string, string>; values: Map<string, number[]> }>();
  for (const r of rows) {
    if (r[wu!] === 'true') continue;
    const key = [r[ex!], r[rt!], `${r[cd!]},${r[sd!]}`, r[ld!]].join('|');
    let c = cells.get(key);
    if (!c) {
      c = {
        line: {
          experiment: r[ex!]!,
          runtime: r[rt!]!,
          pair: `${r[cd!]},${r[sd!]}`,
          load: r[ld!]!,
          ok: 0,
          failed: 0,
          unsupported: 0,
          reason: '',
          medians: [],
        },
        reps: new Map(),
        values: new Map(),
      };
      cells.set(key, c);
    }
    const status = r[st!]!;
    const prev = c.reps.get(r[rp!]!);
    // A repetition counts as ok if any of its probes gave values, else as its worst status.
    if (prev !== 'ok') c.reps.set(r[rp!]!, status === 'ok' ? 'ok' : prev === 'failed' ? 'failed' : status);
    if (status !== 'ok' && r[rs!] && !c.line.reason) c.line.reason = r[rs!]!;
    if (status === 'ok') c.values.set(r[mt!]!, [...(c.values.get(r[mt!]!) ?? []), Number(r[vl!])]);
  }
  const order = (l: CellSummaryLine) => [l.experiment, l.runtime === 'bare' ? '~' : l.runtime, l.pair, l.load].join('|');
  return [...cells.values()]
    .sort((a, b) => order(a.line).localeCompare(order(b.line)))
    .map(({ line, reps, values }) => {
      for (const s of reps.values()) line[s as 'ok' | 'failed' | 'unsupported']++;
      line.medians = (HEADLINE_METRICS[line.experiment] ?? []).map((h) => {
        const m = median(values.get(h.metric) ?? []);
        return { metric: h.metric, value: m === undefined ? undefined : m * h.scale, unit: h.unit };
      });
      return line;
    });
}
