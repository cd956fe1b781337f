// Statistics of one sample and of two samples side by side (pure). Distributions, the Welch test
// and the Holm correction come from @stdlib; arquero gives quantiles (linear interpolation,
// as numpy and R type 7). What is computed here is the arithmetic that joins them, each checked
// against scipy (or a direct transcription of the textbook formula) in test/unit/analysis.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import padjust from '@stdlib/stats-padjust';
import ttest2 from '@stdlib/stats-ttest2';
import { op, table } from 'arquero';
import prand, { type RandomGenerator } from 'pure-rand';

export type Interval = [number, number];

export interface Describe {
  n: number;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
  /** sd / mean */
  cv: number;
  /** 95 % CI of the mean (Student t); NaN bounds when n < 2. */
  ciMean: Interval;
  /** 95 % CI of the median: seeded percentile bootstrap; NaN bounds when n < 2. */
  ciMedian: Interval;
}

export interface DescribeOptions {
  level?: number;
  /** Bootstrap resamples of the median CI. */
  resamples?: number;
  seed?: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20261123;

/** Quantiles with linear interpolation between order statistics (numpy's default), from arquero. */
export function quantiles(xs: readonly number[], ps: readonly number[]): number[] {
  checkSample(xs, 'quantiles');
  const bad = ps.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new Error(`quantiles: probability ${bad} is ${ps[bad]}, not between 0 and 1`);
  const row = new Map<string, unknown>(
    Object.entries(
      table({ x: [...xs] })
        .rollup(Object.fromEntries(ps.map((p, i) => [`q${i}`, op.quantile('x', p)])))
        .object(),
    ),
  );
  return ps.map((_, i) => Number(row.get(`q${i}`)));
}

/**
 * A sample must hold only finite numbers (and at least `min` of them): a NaN would give a NaN mean
 * beside finite quantiles and count as a tie in the rank tests. The error names the function and
 * the first bad value.
 */
export function checkSample(xs: readonly number[], what: string, min = 1): void {
  if (xs.length < min) throw new Error(`${what}: needs at least ${min} value(s), got ${xs.length}`);
  const i = xs.findIndex((x) => !Number.isFinite(x));
  if (i >= 0) throw new Error(`${what}: value ${i} is ${xs[i]}, not a finite number`);
}

export const median = (xs: readonly number[]): number => quantiles(xs, [0.5])[0]!;

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

export function describe(xs: readonly number[], o: DescribeOptions = {}): Describe {
  const level = o.level ?? 0.95;
  const n = xs.length;
  checkSample(xs, 'describe');
  const q = quantiles(xs, [0.25, 0.5, 0.75]);
  const [q1, median, q3] = [q[0]!, q[1]!, q[2]!];
  const m = mean(xs);
  const sd = n > 1 ? Math.sqrt(variance(xs)) : NaN;
  const half = n > 1 ? tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n)) : NaN;
  return {
    n,
    mean: m,
    sd,
    median,
    q1,
    q3,
    iqr: q3 - q1,
    // (a loop, not Math.min(...xs): spreading 200k values overflows the stack)
    min: xs.reduce((a, b) => (b < a ? b : a)),
    max: xs.reduce((a, b) => (b > a ? b : a)),
    cv: sd / m,
    ciMean: [m - half, m + half],
    ciMedian:
      n < 2
        ? [NaN, NaN]
        : n > BOOTSTRAP_MAX_N
          ? orderStatisticMedianCi(xs, level)
          : bootstrapMedianCi(xs, level, o.resamples ?? DEFAULT_RESAMPLES, o.seed ?? DEFAULT_SEED),
  };
}

/**
 * The largest sample whose median CI is bootstrapped. Above it the bootstrap's cost grows with n
 * times the resamples (1,000 values: 0.15 s a cell, so a report of a thousand such cells took
 * minutes; 200,000 values: about a minute), while the distribution-free interval between two order
 * statistics (orderStatisticMedianCi) costs one sort and agrees with it to within the bootstrap's
 * own noise. The paper's cells (15 repetitions) stay bootstrapped.
 */
export const BOOTSTRAP_MAX_N = 100;

/**
 * The distribution-free CI of the median: the order statistics x(l) and x(u) between which the
 * median lies with probability `level`, the number of values below it being Binomial(n, 1/2),
 * taken normal for large n: l = ⌊n/2 − z√n/2⌋, u = ⌈1 + n/2 + z√n/2⌉ (1-based; Conover,
 * Practical Nonparametric Statistics, 3rd ed., §3.2). One sort of a typed array.
 */
export function orderStatisticMedianCi(xs: readonly number[], level: number): Interval {
  checkSample(xs, 'orderStatisticMedianCi', 2);
  const n = xs.length;
  const z = tQuantile(1 - (1 - level) / 2, 1e9); // the normal quantile
  const half = (z * Math.sqrt(n)) / 2;
  const l = Math.max(1, Math.floor(n / 2 - half));
  const u = Math.min(n, Math.ceil(1 + n / 2 + half));
  const sorted = Float64Array.from(xs).sort();
  return [sorted[l - 1]!, sorted[u - 1]!];
}

/** The resample indices of a seeded bootstrap (exported so a test can hand the same resamples to scipy). */
export function bootstrapIndices(n: number, resamples: number, seed: number): Int32Array[] {
  const rng: RandomGenerator = prand.xoroshiro128plus(seed >>> 0);
  return Array.from({ length: resamples }, () => {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = prand.unsafeUniformIntDistribution(0, n - 1, rng);
    return idx;
  });
}

/**
 * Percentile bootstrap CI of the median: the resamples of bootstrapIndices, drawn one at a time
 * into one typed array whose native numeric sort is several times faster than Array's with a
 * comparator (the same medians; at 1,000,000 rows this was most of `analyse`'s time).
 */
export function bootstrapMedianCi(xs: readonly number[], level: number, resamples: number, seed: number): Interval {
  const n = xs.length;
  const rng: RandomGenerator = prand.xoroshiro128plus(seed >>> 0);
  const s = new Float64Array(n);
  const h = n >> 1;
  const medians = Array.from({ length: resamples }, () => {
    for (let i = 0; i < n; i++) s[i] = xs[prand.unsafeUniformIntDistribution(0, n - 1, rng)]!;
    s.sort();
    return n % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
  });
  const q = quantiles(medians, [(1 - level) / 2, 1 - (1 - level) / 2]);
  return [q[0]!, q[1]!];
}

export interface Comparison {
  /** mean(x) / mean(ref) */
  ratio: number;
  /** Fieller's 95 % interval of the ratio of independent means; NaN bounds when unbounded (ref mean not clearly ≠ 0). */
  ratioCi: Interval;
  /** (ratio - 1) x 100 */
  changePct: number;
  changePctCi: Interval;
  welch: { t: number; df: number; p: number };
  mannWhitney: { u: number; p: number };
  /** Hedges' g of x against ref (bias-corrected standardised mean difference, pooled sd). */
  hedgesG: number;
  /** P(x > ref) - P(x < ref) over all pairs. */
  cliffsDelta: number;
}

/** x against a reference sample: ratio of means with a CI, Welch's t, Mann-Whitney U, effect sizes. */
export function compare(ref: readonly number[], x: readonly number[], level = 0.95): Comparison {
  checkSample(ref, 'compare (reference)', 2);
  checkSample(x, 'compare', 2);
  const ratio = mean(x) / mean(ref);
  const ratioCi = fiellerRatioCi(ref, x, level);
  const w = ttest2([...x], [...ref], { alpha: 1 - level });
  return {
    ratio,
    ratioCi,
    changePct: (ratio - 1) * 100,
    changePctCi: [(ratioCi[0] - 1) * 100, (ratioCi[1] - 1) * 100],
    welch: { t: w.statistic, df: w.df, p: w.pValue },
    mannWhitney: mannWhitneyU(x, ref),
    hedgesG: hedgesG(x, ref),
    cliffsDelta: cliffsDelta(x, ref),
  };
}

/**
 * Fieller's interval for mean(x)/mean(ref), independent samples with unequal variances; degrees of
 * freedom by Satterthwaite for x - R·ref (Tamhane & Logan 2004).
 */
export function fiellerRatioCi(ref: readonly number[], x: readonly number[], level = 0.95): Interval {
  checkSample(ref, 'fiellerRatioCi (reference)', 2);
  checkSample(x, 'fiellerRatioCi', 2);
  const a = mean(ref);
  const b = mean(x);
  const va = variance(ref) / ref.length;
  const vb = variance(x) / x.length;
  const r = b / a;
  if (va === 0 && vb === 0) return a === 0 ? [NaN, NaN] : [r, r]; // no spread: the ratio is known exactly
  // Satterthwaite's df; when x does not vary (vb = 0) it is the reference's own n - 1 (the limit,
  // also at r = 0, where the formula is 0/0): x all zero against a varying reference gives [0, 0].
  const df = vb === 0 ? ref.length - 1 : (vb + r * r * va) ** 2 / (vb ** 2 / (x.length - 1) + (r ** 4 * va ** 2) / (ref.length - 1));
  const t = tQuantile(1 - (1 - level) / 2, df);
  const g = (t * t * va) / (a * a);
  if (!(g < 1)) return [NaN, NaN];
  const half = (t / Math.abs(a)) * Math.sqrt(vb * (1 - g) + r * r * va);
  return [(r - half) / (1 - g), (r + half) / (1 - g)];
}

/** Var(mean)/mean²: the variance of the log of a sample's mean, to first order (delta method). */
export const relVarOfMean = (xs: readonly number[]): number => variance(xs) / xs.length / mean(xs) ** 2;

/** One independent part of the variance of a log-ratio, with the degrees of freedom of its estimate. */
export interface LogVariancePart {
  v: number;
  df: number;
}

/**
 * CI of a positive ratio `r` estimated from independent parts (means, medians) whose log-variances
 * add: exp(log r ± t·se), t with Satterthwaite's degrees of freedom over the parts. Unlike Fieller's
 * interval this takes any number of parts, e.g. the normalisers of a ratio of normalised means.
 */
export function logRatioCi(r: number, parts: readonly LogVariancePart[], level = 0.95): Interval {
  if (!(r > 0)) return [NaN, NaN];
  const v = parts.reduce((s, p) => s + p.v, 0);
  if (v === 0) return [r, r];
  const df = v ** 2 / parts.reduce((s, p) => s + (p.df > 0 ? p.v ** 2 / p.df : 0), 0);
  const t = tQuantile(1 - (1 - level) / 2, df);
  const half = t * Math.sqrt(v);
  return [r * Math.exp(-half), r * Math.exp(half)];
}

/**
 * Mann-Whitney U of x (scipy's U1), two-sided p by the normal approximation with tie and continuity
 * corrections. Ranks by one sort of the pooled values (ties share their mean rank), so 200,000
 * values take a fraction of a second.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): { u: number; p: number } {
  checkSample(x, 'mannWhitneyU (x)');
  checkSample(y, 'mannWhitneyU (y)');
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  const pooled = Float64Array.from([...x, ...y]);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((i, j) => pooled[i]! - pooled[j]!);
  // walk the ties: each run of equal values gets the mean of its ranks, and adds t³ - t
  let r1 = 0;
  let tie = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && pooled[order[end]!] === pooled[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (order[k]! < n1) r1 += rank;
    const t = end - start;
    tie += t ** 3 - t;
    start = end;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tie / (n * (n - 1))));
  const mu = (n1 * n2) / 2;
  if (!(sigma > 0)) return { u, p: 1 };
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  return { u, p: Math.min(1, 2 * (1 - normalCdf(Math.max(z, 0), 0, 1))) };
}

export function hedgesG(x: readonly number[], ref: readonly number[]): number {
  checkSample(x, 'hedgesG (x)', 2);
  checkSample(ref, 'hedgesG (reference)', 2);
  const n1 = x.length;
  const n2 = ref.length;
  const pooled = Math.sqrt(((n1 - 1) * variance(x) + (n2 - 1) * variance(ref)) / (n1 + n2 - 2));
  const d = (mean(x) - mean(ref)) / pooled;
  return d * (1 - 3 / (4 * (n1 + n2) - 9));
}

/**
 * Cliff's delta, P(x > y) − P(x < y) over all pairs: for each value of x, the values of y below and
 * above it by binary search in y sorted, so n log n rather than n × m.
 */
export function cliffsDelta(x: readonly number[], y: readonly number[]): number {
  checkSample(x, 'cliffsDelta (x)');
  checkSample(y, 'cliffsDelta (y)');
  const sorted = Float64Array.from(y).sort();
  /** How many values of y are below v (strictly, or at most v when `orEqual`). */
  const below = (v: number, orEqual: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v || (orEqual && sorted[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let more = 0;
  let less = 0;
  for (const a of x) {
    more += below(a, false);
    less += sorted.length - below(a, true);
  }
  return (more - less) / (x.length * y.length);
}

/** Holm's step-down adjustment of a family of p-values (order kept); a value that is not a probability is an error naming it. */
export const holm = (ps: readonly number[]): number[] => {
  const bad = ps.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new Error(`holm: p-value ${bad} is ${ps[bad]}, not a probability between 0 and 1`);
  return ps.length ? padjust([...ps], 'holm') : [];
};

/** The standard normal distribution's CDF. */
export const standardNormalCdf = (z: number): number => normalCdf(z, 0, 1);

/** Student's t quantile: the t with P(T <= t) = p at df degrees of freedom. */
export const studentTQuantile = (p: number, df: number): number => tQuantile(p, df);
