// The gate's power formula against the gate itself: samples of a known spread and change, judged
// by compare's own rule (Fieller's CI at the simultaneous level, the tolerance), called as often as
// detectionPower says.
import prand from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { fiellerRatioCi, mean } from '../../../src/analysis/stats.js';
import { FAMILY_ALPHA, verdictOf } from '../../../src/compare/campaign-compare.js';
import { detectionPower, repsToDetect } from '../../../src/compare/power.js';

const rng = prand.xoroshiro128plus(20261206);
const uniform = () => (prand.unsafeUniformIntDistribution(1, 2 ** 30, rng) - 0.5) / 2 ** 30;
/** A normal deviate (Box-Muller). */
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
/** n values of median m and coefficient of variation about cv (lognormal). */
const sample = (n: number, m: number, cv: number) => Array.from({ length: n }, () => m * Math.exp(cv * normal()));

/** How often compare's rule calls B worse than A, for a bandwidth-like metric (higher is better). */
function calledWorse(n: number, cv: number, change: number, family: number, trials: number): number {
  const level = 1 - FAMILY_ALPHA / family;
  let called = 0;
  for (let i = 0; i < trials; i++) {
    const a = sample(n, 10, cv);
    const b = sample(n, 10 * (1 - change), cv);
    const ratio = mean(b) / mean(a);
    if (verdictOf(ratio, fiellerRatioCi(a, b, 0.95), fiellerRatioCi(a, b, level), 0.1, 'higher') === 'worse') called++;
  }
  return called / trials;
}

describe('the power of the gate', () => {
  const o = (family: number) => ({ detect: 0.2, tolerance: 0.1, family });

  it('predicts how often the rule calls a 20 % drop worse (CV 0.05-0.15, n 6-30, families of 1 and 284)', () => {
    for (const [n, cv, family] of [
      [15, 0.1, 284],
      [15, 0.1, 1],
      [6, 0.05, 10],
      [30, 0.15, 284],
    ] as const) {
      const v = Math.log(1 + cv ** 2); // the relative variance of a lognormal of that sigma, near cv^2
      const predicted = detectionPower(n, v, 'higher', o(family));
      const seen = calledWorse(n, cv, 0.2, family, 1500);
      expect(Math.abs(seen - predicted), `n=${n} cv=${cv} family=${family}: predicted ${predicted}, seen ${seen}`).toBeLessThan(0.05);
    }
  });

  it('plans the repetitions that reach 90 %, and no fewer', () => {
    const cv = 0.12;
    const v = Math.log(1 + cv ** 2);
    const n = repsToDetect(v, 'higher', 0.9, o(50))!;
    expect(n).toBeGreaterThan(5);
    expect(detectionPower(n, v, 'higher', o(50))).toBeGreaterThanOrEqual(0.9);
    expect(detectionPower(n - 1, v, 'higher', o(50))).toBeLessThan(0.9);
    const seen = calledWorse(n, cv, 0.2, 50, 1500);
    expect(seen).toBeGreaterThan(0.86);
    // a bigger family needs more, one cell alone fewer; a change within the tolerance none at all
    expect(repsToDetect(v, 'higher', 0.9, o(284))!).toBeGreaterThan(n);
    expect(repsToDetect(v, 'higher', 0.9, o(1))!).toBeLessThan(n);
    expect(repsToDetect(v, 'higher', 0.9, { detect: 0.1, tolerance: 0.1, family: 1 })).toBeNull();
  });

  it('takes the worse direction from the metric: a latency 20 % higher, the smaller of both ways without one', () => {
    const v = 0.01;
    const up = detectionPower(15, v, 'lower', o(10));
    const down = detectionPower(15, v, 'higher', o(10));
    // x1.2 is a smaller step on the log scale than x0.8
    expect(up).toBeLessThan(down);
    expect(detectionPower(15, v, 'none', o(10))).toBe(up);
  });
});
