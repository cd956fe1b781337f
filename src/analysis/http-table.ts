// The blog post's table from an HTTP campaign: one column per runtime, the post's rows
// (availability, transactions, response time, rate, concurrency, CPU, RAM), each a median with its
// 95 % CI and the number of repetitions. Pure: summariseCells() output in, rows out.
import type { Metric } from '../model/metrics.js';
import { byRuntime } from '../model/runtimes.js';
import type { CellSummary } from './cells.js';

/** The blog post's rows in its own words and units ("hits", "sec", "trans/sec"): what the post printed. */
export const BLOG_ROWS: ReadonlyArray<{ label: string; metric: Metric; scale: number; unit: string }> = [
  { label: 'Availability', metric: 'http_availability', scale: 1, unit: '%' },
  { label: 'Transactions', metric: 'http_transactions', scale: 1, unit: 'hits' },
  { label: 'Response', metric: 'http_response_time', scale: 1, unit: 'sec' },
  { label: 'Rate', metric: 'http_transaction_rate', scale: 1, unit: 'trans/sec' },
  { label: 'Concurrency', metric: 'http_concurrency', scale: 1, unit: '' },
  { label: 'CPU (mean)', metric: 'server_cpu_mean', scale: 1, unit: '% of one CPU' },
  { label: 'RAM (max)', metric: 'server_mem_max', scale: 2 ** -20, unit: 'MiB' },
];

export interface HttpCell {
  median: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
  status: string;
}

export interface HttpTable {
  runtimes: string[];
  rows: Array<{ label: string; unit: string; cells: Record<string, HttpCell> }>;
}

/** The blog's table for one load and driver pair (defaults: idle, bridge,bridge as in the post). */
export function httpTable(summary: readonly CellSummary[], o: { load?: string; pair?: string } = {}): HttpTable {
  const load = o.load ?? 'idle';
  const pair = o.pair ?? 'bridge,bridge';
  const cells = summary.filter((r) => r.experiment === 'http' && r.load === load && r.pair === pair);
  const runtimes = [...new Set(cells.map((r) => String(r.runtime)))].sort(byRuntime);
  const scaled = (v: unknown, k: number) => (typeof v === 'number' ? v * k : null);
  return {
    runtimes,
    rows: BLOG_ROWS.map((b) => ({
      label: b.label,
      unit: b.unit,
      cells: Object.fromEntries(
        runtimes.map((rt) => {
          const c = cells.find((r) => r.runtime === rt && r.metric === b.metric);
          return [
            rt,
            c
              ? {
                  median: scaled(c.median, b.scale),
                  lo: scaled(c.ci_median_lo, b.scale),
                  hi: scaled(c.ci_median_hi, b.scale),
                  n: Number(c.n),
                  status: String(c.status),
                }
              : { median: null, lo: null, hi: null, n: 0, status: 'missing' },
          ];
        }),
      ),
    })),
  };
}

/** As text, laid out like the post's table. */
export function httpTableText(t: HttpTable): string {
  // significant digits without exponent notation (17548 -> 17550, not 1.755e+4)
  const sig = (v: number | null, d: number) => (v === null ? '--' : Number(v.toPrecision(d)).toString());
  const cell = (c: HttpCell) => (c.median === null ? c.status : `${sig(c.median, 4)} [${sig(c.lo, 3)}, ${sig(c.hi, 3)}] n=${c.n}`);
  const head = ['', ...t.runtimes, ''];
  const body = t.rows.map((r) => [r.label, ...t.runtimes.map((rt) => cell(r.cells[rt]!)), r.unit]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => (row[i] ?? '').length)));
  return [head, ...body]
    .map((row) =>
      row
        .map((x, i) => x.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
