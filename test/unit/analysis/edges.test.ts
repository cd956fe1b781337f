// What the statistics give at the edges: a value that cannot be computed is empty with a reason
// (never NaN or Infinity), a test without a p-value is not in its Holm family, and bad input to a
// statistic is an error naming the function and the value.
import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { compareRuntimes } from '../../../src/analysis/cells.js';
import {
  cliffsDelta,
  compare,
  describe as describeSample,
  fiellerRatioCi,
  hedgesG,
  holm,
  mannWhitneyU,
  quantiles,
} from '../../../src/analysis/stats.js';

/** A table in the loader's shape: one metric, cells given as runtime+pair -> values. */
const cells = (metric: string, values: Record<string, number[]>) =>
  from(
    Object.entries(values).flatMap(([k, vs]) => {
      const [runtime, pair] = k.split(' ');
      return vs.map((value) => ({
        experiment: 'latency',
        metric,
        unit: '%',
        runtime,
        pair,
        load: 'idle',
        value,
        status: 'ok',
        reason: '',
      }));
    }),
  );

describe('statistics at the edges', () => {
  it('leaves a ratio of two all-zero cells, or against a zero reference, empty with the reason', () => {
    const rows = compareRuntimes(
      cells('ping_loss', {
        'runc bridge,bridge': [0, 0, 0],
        'crun bridge,bridge': [0, 0, 0],
        'runc overlay,overlay': [0, 0, 0],
        'runsc overlay,overlay': [1, 0, 2],
      }),
    );
    const both = rows.find((r) => r.runtime === 'crun')!;
    expect(both).toMatchObject({ status: 'ok', ratio: null, change_pct: null, ratio_ci_lo: null, welch_p: null, welch_p_holm: null });
    expect(both.reason).toMatch(/both means are 0: no ratio/);
    expect(both.reason).toMatch(/both samples are constant: no Welch's t/);
    const zeroRef = rows.find((r) => r.runtime === 'runsc')!;
    expect(zeroRef).toMatchObject({ status: 'ok', ratio: null, change_pct: null });
    expect(zeroRef.reason).toMatch(/the reference mean is 0: no ratio/);
    expect(JSON.stringify(rows)).not.toMatch(/NaN|Infinity/);
  });

  it('counts in a Holm family only the comparisons that have the p-value', () => {
    const rows = compareRuntimes(
      cells('retransmits', {
        'runc bridge,bridge': [1, 2, 3, 4],
        'crun bridge,bridge': [2, 3, 4, 6],
        'runc macvlan,macvlan': [1, 2, 3, 5],
        'crun macvlan,macvlan': [4, 6, 7, 9],
        'runc overlay,overlay': [0, 0, 0, 0],
        'crun overlay,overlay': [0, 0, 0, 0],
      }),
    );
    const tested = rows.filter((r) => r.welch_p !== null);
    expect(tested).toHaveLength(2);
    const expected = holm(tested.map((r) => r.welch_p!));
    expect(tested.map((r) => r.welch_p_holm)).toEqual(expected);
    expect(rows.find((r) => r.pair === 'overlay,overlay')!.welch_p_holm).toBeNull();
  });

  it("gives Fieller's interval [0, 0] for an all-zero sample against a varying reference", () => {
    expect(fiellerRatioCi([10, 12, 11, 13], [0, 0, 0, 0])).toEqual([0, 0]);
    expect(fiellerRatioCi([5, 5, 5], [10, 10, 10])).toEqual([2, 2]);
    // a reference whose mean is not clearly different from 0: unbounded
    expect(fiellerRatioCi([-1, 1, -2, 2.1], [3, 4, 5]).every(Number.isNaN)).toBe(true);
  });

  it('says why two constant samples have no Welch p', () => {
    const c = compare([3, 3, 3], [5, 5, 5]);
    expect(c.ratio).toBeCloseTo(5 / 3, 12);
    expect(Number.isFinite(c.welch.p)).toBe(false); // empty in the tables, with the reason (above)
    const [row] = compareRuntimes(cells('ping_rtt_avg', { 'runc bridge,bridge': [3, 3, 3], 'crun bridge,bridge': [5, 5, 5] }));
    expect(row).toMatchObject({ ratio: 5 / 3, welch_p: null });
    expect(row!.reason).toMatch(/both samples are constant/);
  });

  it('refuses a NaN or an empty sample, naming the function and the value', () => {
    expect(() => describeSample([1, NaN, 3])).toThrow(/describe: value 1 is NaN, not a finite number/);
    expect(() => describeSample([])).toThrow(/describe: needs at least 1 value/);
    expect(() => mannWhitneyU([], [1, 2])).toThrow(/mannWhitneyU \(x\): needs at least 1 value/);
    expect(() => mannWhitneyU([1, 2], [3, NaN])).toThrow(/mannWhitneyU \(y\): value 1 is NaN/);
    expect(() => cliffsDelta([1, Infinity], [2])).toThrow(/cliffsDelta \(x\): value 1 is Infinity/);
    expect(() => compare([1, 2], [1, NaN])).toThrow(/compare: value 1 is NaN/);
    // each statistic on its own, not only through describe and compare
    expect(() => quantiles([1, NaN, 3], [0.5])).toThrow(/quantiles: value 1 is NaN/);
    expect(() => quantiles([1, 2], [1.5])).toThrow(/quantiles: probability 0 is 1.5, not between 0 and 1/);
    expect(() => hedgesG([1, 2, NaN], [1, 2])).toThrow(/hedgesG \(x\): value 2 is NaN/);
    expect(() => hedgesG([1, 2], [3])).toThrow(/hedgesG \(reference\): needs at least 2 value/);
    expect(() => fiellerRatioCi([1, NaN], [1, 2])).toThrow(/fiellerRatioCi \(reference\): value 1 is NaN/);
    expect(() => holm([0.01, NaN])).toThrow(/holm: p-value 1 is NaN, not a probability/);
    expect(() => holm([0.01, 1.2])).toThrow(/holm: p-value 1 is 1.2/);
  });

  it('describes 200,000 values without overflowing the stack', () => {
    const xs = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 100_003);
    const d = describeSample(xs, { resamples: 20 });
    expect(d.min).toBe(0);
    expect(d.max).toBe(100_002);
    expect(d.n).toBe(200_000);
  });
});
