// Benchmark (not a test): the statistics of src/analysis/stats.ts on large samples, each timed 3
// times (median reported): describe (its median CI: the order-statistic interval above
// BOOTSTRAP_MAX_N values, the bootstrap below), Mann-Whitney U, Cliff's delta, and the bootstrap of
// the largest sample it still takes.
//   node --import tsx bench/stats-scale.ts [n]     (default 200000)
import {
  BOOTSTRAP_MAX_N,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  bootstrapMedianCi,
  cliffsDelta,
  describe,
  mannWhitneyU,
} from '../src/analysis/stats.js';

const n = Number(process.argv[2] ?? 200_000);
let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
// microseconds with whole-number ties, as latency samples have them
const sample = (size: number, shift: number) => Array.from({ length: size }, () => Math.round(40 + shift - 10 * Math.log(1 - random())));
const x = sample(n, 0);
const y = sample(n, 1);

function time(label: string, f: () => unknown): void {
  const ts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  console.log(`${label}: ${(ts[1]! / 1000).toFixed(3)} s (median of 3)`);
}

time(`describe, ${n} values`, () => describe(x));
time(`Mann-Whitney U, ${n} against ${n}`, () => mannWhitneyU(x, y));
time(`Cliff's delta, ${n} against ${n}`, () => cliffsDelta(x, y));
time(`bootstrap CI of the median, ${BOOTSTRAP_MAX_N} values, ${DEFAULT_RESAMPLES} resamples`, () =>
  bootstrapMedianCi(x.slice(0, BOOTSTRAP_MAX_N), 0.95, DEFAULT_RESAMPLES, DEFAULT_SEED),
);
