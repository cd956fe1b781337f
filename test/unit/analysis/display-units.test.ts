// Tables in the units people read, numbers without e-notation: what the notebooks show.
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { humanNumber, inDisplayUnits } from '../../../src/analysis/display-units.js';

describe('tables in display units', () => {
  it("scales the named columns by each row's unit and relabels it, leaving counts alone", () => {
    const t = aq.table({
      metric: ['bandwidth', 'sockperf_rtt_p50', 'http_response_time'],
      median: [1.49e10, 44.3, 0.14],
      n: [15, 15, 14],
      unit: ['bit/s', 'us', 's'],
    });
    const d = inDisplayUnits(t, ['median']);
    expect(d.columnNames()).toEqual(['metric', 'median', 'n', 'unit']); // the columns in their order
    expect(Array.from(d.array('median'))).toEqual([14.9, 44.3, 140]);
    expect(Array.from(d.array('unit'))).toEqual(['Gbit/s', 'µs', 'ms']);
    expect(Array.from(d.array('n'))).toEqual([15, 15, 14]);
  });

  it("takes the unit from the metric's catalogue entry when the table has no unit column, and leaves a missing value missing", () => {
    const t = aq.table({ metric: ['bandwidth', 'server_mem_max'], medianA: [2e10, 2 ** 20 * 402], medianB: [null, 2 ** 20 * 7] });
    const d = inDisplayUnits(t, ['medianA', 'medianB']);
    expect(Array.from(d.array('medianA'))).toEqual([20, 402]);
    expect(Array.from(d.array('medianB'))).toEqual([null, 7]);
    expect(Array.from(d.array('unit'))).toEqual(['Gbit/s', 'MiB']);
    // neither a unit nor a metric: as it was
    const plain = aq.table({ x: [1e10] });
    expect(inDisplayUnits(plain, ['x'])).toBe(plain);
  });

  it('writes numbers in plain notation to four significant digits, and a p-value under 0.001 as < 0.001', () => {
    expect([14.9123, 3610.4, 0.05112, 149000000.5, 0, 7, -2.5].map(humanNumber)).toEqual([
      '14.91',
      '3610',
      '0.05112',
      '149000000',
      '0',
      '7',
      '-2.5',
    ]);
    expect(humanNumber(1.2e-12)).toBe('< 0.001');
    expect(humanNumber(-3e-5)).toBe('> −0.001');
    expect(humanNumber(Number.NaN)).toBe('NaN');
  });
});
