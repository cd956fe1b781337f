import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { summariseCells } from '../../../src/analysis/cells.js';
import { BLOG_ROWS, httpTable, httpTableText } from '../../../src/analysis/http-table.js';

/** Three repetitions of two runtimes, only the metrics the table reads; runsc's stats are missing. */
const t = () =>
  from(
    ['runc', 'runsc'].flatMap((runtime, k) =>
      [1, 2, 3].flatMap((rep) =>
        BLOG_ROWS.filter((b) => runtime === 'runc' || !b.metric.startsWith('server_')).map((b) => ({
          experiment: 'http',
          runtime,
          pair: 'bridge,bridge',
          load: 'idle',
          rep,
          metric: b.metric,
          unit: 'x',
          value: (k + 1) * rep * (b.metric === 'server_mem_max' ? 2 ** 20 : 1),
          status: 'ok',
          reason: '',
        })),
      ),
    ),
  );

describe("the blog post's table", () => {
  it('has one column per runtime and the post’s rows, medians with n, missing cells named', () => {
    const h = httpTable(summariseCells(t(), { resamples: 100 }));
    expect(h.runtimes).toEqual(['runc', 'runsc']);
    expect(h.rows.map((r) => r.label)).toEqual([
      'Availability',
      'Transactions',
      'Response',
      'Rate',
      'Concurrency',
      'CPU (mean)',
      'RAM (max)',
    ]);
    const rate = h.rows.find((r) => r.label === 'Rate')!;
    expect(rate.cells.runc).toMatchObject({ median: 2, n: 3, status: 'ok' });
    expect(rate.cells.runsc).toMatchObject({ median: 4, n: 3 });
    expect(h.rows.find((r) => r.label === 'RAM (max)')!.cells.runc!.median).toBe(2); // MiB
    expect(h.rows.find((r) => r.label === 'CPU (mean)')!.cells.runsc).toMatchObject({ median: null, status: 'missing' });
    const text = httpTableText(h);
    expect(text.split('\n')[0]).toMatch(/^\s+runc\s+runsc$/);
    expect(text).toMatch(/^Rate\s+2 \[\d/m);
    const big = httpTableText({
      ...h,
      rows: [
        {
          label: 'Transactions',
          unit: 'hits',
          cells: { runc: { median: 17548, lo: 17012, hi: 18006, n: 15, status: 'ok' }, runsc: rate.cells.runsc! },
        },
      ],
    });
    expect(big).toMatch(/^Transactions\s+17550 \[17000, 18000\] n=15\s+4 \[/m); // no exponent notation
  });
});
