// Every statistic of src/analysis/stats.ts against an independent implementation: Debian's scipy
// and numpy (test/processes/analysis/scipy-oracle.py), on samples from the committed campaign.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/dataset/measurements.js';
import {
  bootstrapIndices,
  compare,
  BOOTSTRAP_MAX_N,
  bootstrapMedianCi,
  cliffsDelta,
  describe as describeSample,
  holm,
  mannWhitneyU,
  orderStatisticMedianCi,
  type Comparison,
  type Describe,
} from '../../../src/analysis/stats.js';

const PYTHON = '/usr/bin/python3';
const ORACLE = new URL('./scipy-oracle.py', import.meta.url).pathname;
const CAMPAIGN = new URL('../../../data/raw/2026-11-23T0915Z-nb/measurements.csv', import.meta.url);

let records: string[][] | undefined;
/** The measured values of one cell of the committed default campaign (warm-ups left out). */
function cell(metric: string, runtime: string, client: string, load: string): number[] {
  records ??= parseCsv(readFileSync(CAMPAIGN, 'utf8')).records;
  const [header, ...rows] = records;
  const c = (k: string) => header!.indexOf(k);
  return rows
    .filter(
      (r) =>
        r[c('metric')] === metric &&
        r[c('runtime')] === runtime &&
        r[c('client_driver')] === client &&
        r[c('load')] === load &&
        r[c('warmup')] === 'false' &&
        r[c('status')] === 'ok',
    )
    .map((r) => Number(r[c('value')]));
}

async function oracle(cases: unknown[]): Promise<unknown[]> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: scripts/ensure-test-deps.sh installs python3-scipy`);
  const r = await execa(PYTHON, [ORACLE], { input: JSON.stringify({ cases }) });
  return JSON.parse(r.stdout) as unknown[];
}

/** Relative agreement to 1e-6 (absolute near 0). */
function close(actual: number, expected: number | null, what: string) {
  if (expected === null) return expect(actual, what).toBeNaN();
  const tol = 1e-6 * Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

const samples = () => ({
  bwRuncBridge: cell('bandwidth', 'runc', 'bridge', 'idle'),
  bwRunscBridge: cell('bandwidth', 'runsc', 'bridge', 'idle'),
  bwRuncStress: cell('bandwidth', 'runc', 'bridge', 'stress'),
  pingRunc: cell('ping_rtt_avg', 'runc', 'macvlan', 'idle'), // whole microseconds: ties
  pingCrun: cell('ping_rtt_avg', 'crun', 'macvlan', 'idle'),
  sockBare: cell('sockperf_rtt_p50', 'bare', 'host', 'idle'),
});

describe('analysis statistics against scipy/numpy', () => {
  let s: ReturnType<typeof samples>;
  beforeAll(() => {
    s = samples();
    for (const [k, v] of Object.entries(s)) expect(v.length, k).toBeGreaterThanOrEqual(5);
  });

  it('describes a sample: n, mean, sd, median, IQR, min, max, CV, t CI of the mean, bootstrap CI of the median', async () => {
    const xs = [s.bwRuncBridge, s.pingRunc, s.sockBare];
    const ours = xs.map((x) => describeSample(x, { resamples: 500, seed: 7 }));
    const ref = (await oracle(
      xs.map((x) => ({ kind: 'describe', x, level: 0.95, indices: bootstrapIndices(x.length, 500, 7).map((i) => Array.from(i)) })),
    )) as Describe[];
    ours.forEach((o, i) => {
      for (const k of ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'iqr', 'min', 'max', 'cv'] as const) close(o[k], ref[i]![k], `${i} ${k}`);
      close(o.ciMean[0], ref[i]!.ciMean[0], `${i} ciMean lo`);
      close(o.ciMean[1], ref[i]!.ciMean[1], `${i} ciMean hi`);
      close(o.ciMedian[0], ref[i]!.ciMedian[0], `${i} ciMedian lo`);
      close(o.ciMedian[1], ref[i]!.ciMedian[1], `${i} ciMedian hi`);
      expect(o.ciMedian[0]).toBeLessThanOrEqual(o.median);
      expect(o.ciMedian[1]).toBeGreaterThanOrEqual(o.median);
    });
  });

  it('compares two samples: ratio with Fieller CI, Welch t, Mann-Whitney U (ties), Hedges g, Cliff delta', async () => {
    const pairs: Array<[number[], number[]]> = [
      [s.bwRuncBridge, s.bwRunscBridge],
      [s.bwRuncBridge, s.bwRuncStress],
      [s.pingRunc, s.pingCrun],
    ];
    const ours = pairs.map(([r, x]) => compare(r, x));
    const ref = (await oracle(pairs.map(([r, x]) => ({ kind: 'compare', ref: r, x, level: 0.95 })))) as Array<
      Omit<Comparison, 'ratioCi'> & { ratioCi: [number | null, number | null] }
    >;
    ours.forEach((o, i) => {
      const e = ref[i]!;
      close(o.ratio, e.ratio, `${i} ratio`);
      close(o.ratioCi[0], e.ratioCi[0], `${i} ratio lo`);
      close(o.ratioCi[1], e.ratioCi[1], `${i} ratio hi`);
      close(o.welch.t, e.welch.t, `${i} welch t`);
      close(o.welch.df, e.welch.df, `${i} welch df`);
      close(o.welch.p, e.welch.p, `${i} welch p`);
      close(o.mannWhitney.u, e.mannWhitney.u, `${i} U`);
      close(o.mannWhitney.p, e.mannWhitney.p, `${i} U p`);
      close(o.hedgesG, e.hedgesG, `${i} g`);
      close(o.cliffsDelta, e.cliffsDelta, `${i} delta`);
      close(o.changePct, (e.ratio - 1) * 100, `${i} change %`);
    });
    // runsc moves far fewer bits than runc on the same bridge pair: every test says so
    expect(ours[0]!.ratio).toBeLessThan(0.5);
    expect(ours[0]!.cliffsDelta).toBe(-1);
  });

  it('adjusts a family of p-values by Holm', async () => {
    const ps = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04];
    const [ref] = (await oracle([{ kind: 'holm', p: ps }])) as number[][];
    holm(ps).forEach((p, i) => close(p, ref![i]!, `holm ${i}`));
  });

  it('ranks large samples in n log n: Mann-Whitney U and Cliff delta as scipy and numpy give them, ties included', async () => {
    // seeded, rounded to 3 digits so that ties are many; sizes around the old quadratic limits
    const rng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const draw = (n: number, seed: number, shift: number) => {
      const r = rng(seed);
      return Array.from({ length: n }, () => Math.round((r() + r() + shift) * 1000) / 1000);
    };
    const cases: Array<[number[], number[]]> = [
      [draw(3000, 1, 0), draw(2500, 2, 0.05)],
      [draw(200_000, 3, 0), draw(150_000, 4, 0.01)],
    ];
    const ref = (await oracle(cases.map(([r, x]) => ({ kind: 'ranks', ref: r, x })))) as Array<{
      mannWhitney: { u: number; p: number };
      cliffsDelta?: number;
    }>;
    cases.forEach(([r, x], i) => {
      const mw = mannWhitneyU(x, r);
      close(mw.u, ref[i]!.mannWhitney.u, `${i} U`);
      close(mw.p, ref[i]!.mannWhitney.p, `${i} U p`);
      if (ref[i]!.cliffsDelta !== undefined) close(cliffsDelta(x, r), ref[i]!.cliffsDelta, `${i} delta`);
      // delta is U's affine image, ties included (a tie counts 1/2 in U and 0 in delta): 2U / (n1 n2) - 1
      expect(Math.abs(cliffsDelta(x, r) - ((2 * mw.u) / (x.length * r.length) - 1))).toBeLessThan(1e-9);
    });
  });

  it('gives the median of a large sample the order-statistic CI, which agrees with the bootstrap there', async () => {
    const r = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const g = r(7);
    const xs = Array.from({ length: 200_000 }, () => -Math.log(1 - g())); // skewed: exponential
    const [expected] = (await oracle([{ kind: 'median_ci', x: xs, level: 0.95 }])) as number[][];
    const d = describeSample(xs);
    expect(d.ciMedian).toEqual(expected);
    expect(d.ciMedian).toEqual(orderStatisticMedianCi(xs, 0.95));
    // just above the bootstrap's limit, both intervals on the same sample: their ends within a fifth of the width
    const m = xs.slice(0, BOOTSTRAP_MAX_N + 1);
    const [a, b] = [orderStatisticMedianCi(m, 0.95), bootstrapMedianCi(m, 0.95, 2000, 1)];
    const width = b[1] - b[0];
    expect(Math.abs(a[0] - b[0])).toBeLessThan(width / 5);
    expect(Math.abs(a[1] - b[1])).toBeLessThan(width / 5);
    expect(describeSample(m).ciMedian).toEqual(a);
    expect(describeSample(xs.slice(0, BOOTSTRAP_MAX_N)).ciMedian).toEqual(
      bootstrapMedianCi(xs.slice(0, BOOTSTRAP_MAX_N), 0.95, 2000, 20261123),
    );
  });

  it('keeps the bootstrap reproducible from its seed', () => {
    const a = describeSample(s.bwRuncBridge, { seed: 1 }).ciMedian;
    expect(describeSample(s.bwRuncBridge, { seed: 1 }).ciMedian).toEqual(a);
    expect(describeSample([5]).ciMean.every(Number.isNaN)).toBe(true);
    expect(() => compare([1], [1, 2])).toThrow(/at least 2/);
  });
});
