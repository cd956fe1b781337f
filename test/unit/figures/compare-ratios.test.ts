import { describe, expect, it } from 'vitest';
import type { CellChange } from '../../../src/compare/campaign-compare.js';
import { compareRatios } from '../../../src/figures/compare-ratios.js';

const cell = (runtime: string, pair: string, ratio: number | null, verdict: CellChange['verdict'] = 'inconclusive'): CellChange => ({
  experiment: 'bandwidth',
  metric: 'bandwidth',
  unit: 'bit/s',
  runtime,
  pair,
  load: 'idle',
  direction: 'higher',
  normalised: true,
  nA: 15,
  nB: 15,
  medianA: 1,
  medianB: ratio,
  ratio,
  logVar: null,
  lo: ratio === null ? null : ratio - 0.1,
  hi: ratio === null ? null : ratio + 0.2,
  gateLo: null,
  gateHi: null,
  mwP: null,
  mwPHolm: null,
  verdict,
  ownVerdict: verdict,
  repsToSettle: null,
  reason: '',
});

describe('compareRatios', () => {
  const cells = [cell('runsc', 'bridge,bridge', 0.7, 'worse'), cell('runc', 'bridge,bridge', 1.02, 'same'), cell('runc', 'host,bridge', 1.3), cell('crun', 'host,bridge', null)];
  const f = compareRatios(cells, { name: 'x', caption: 'c', metric: 'bandwidth', load: 'idle', tolerance: 0.1 });

  it('draws B/A per runtime and pair with its CI, the verdict in the hover', () => {
    // crun has no ratio: no trace, never a 0
    expect(f.data.map((d) => ('name' in d ? d.name : ''))).toEqual(['runc', 'gVisor (runsc)'].map((n) => expect.stringContaining(n.split(' ')[0]!)));
    const runc = f.data[0]!;
    expect(runc).toMatchObject({ x: ['bridge,bridge', 'host,bridge'], y: [1.02, 1.3], text: ['same', 'inconclusive'] });
    const e = (runc as { error_y: { array: number[]; arrayminus: number[] } }).error_y;
    expect(e.array.map((v) => Number(v.toFixed(6)))).toEqual([0.2, 0.2]);
    expect(e.arrayminus.map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.1]);
    expect(f.data[1]).toMatchObject({ y: [0.7, null], text: ['worse', ''] });
  });

  it('shades the tolerance band and marks 1', () => {
    expect(f.layout.shapes).toEqual([expect.objectContaining({ type: 'rect', y0: 0.9, y1: 1.1 }), expect.objectContaining({ type: 'line', y0: 1, y1: 1 })]);
  });

  it('refuses a metric with no ratio', () => {
    expect(() => compareRatios(cells, { name: 'x', caption: 'c', metric: 'sockperf_rtt_p50', load: 'idle', tolerance: 0.1 })).toThrow(/no compared sockperf_rtt_p50 idle cells/);
  });
});
