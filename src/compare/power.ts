// How many repetitions the gate needs: the chance that `compare` calls a change of a given size
// `worse`, from a cell's spread, and the repetitions per campaign that bring it to the power asked.
// The gate's rule (campaign-compare.ts): the estimate beyond the tolerance, and the simultaneous CI
// (level 1 - 0.05 / family) off 1 on that side. On the log scale, with the variance of log(B/A)
// = 2 v / n for n repetitions per side of a per-repetition relative variance v (delta method), both
// conditions are "the estimate lies past a threshold", so the chance is one normal probability.
// Pure.
import { standardNormalCdf, studentTQuantile } from '../analysis/stats.js';
import type { Direction } from '../model/metrics.js';
import { FAMILY_ALPHA } from './campaign-compare.js';

export interface PowerOptions {
  /** The change to detect, a fraction (0.2: 20 % worse). */
  detect: number;
  /** compare's tolerance: a change is called only beyond it. */
  tolerance: number;
  /** The cells the simultaneous CI covers. */
  family: number;
}

/** The chance of calling a change of factor f (B/A) past the tolerance on its side, n repetitions per side. */
function callChance(f: number, n: number, v: number, o: PowerOptions): number {
  if (n < 2) return 0;
  const se = Math.sqrt((2 * v) / n);
  if (se === 0) return Math.abs(f - 1) > o.tolerance ? 1 : 0;
  const t = studentTQuantile(1 - FAMILY_ALPHA / o.family / 2, 2 * (n - 1));
  const mu = Math.log(f);
  return f < 1
    ? standardNormalCdf((Math.min(Math.log(1 - o.tolerance), -t * se) - mu) / se)
    : standardNormalCdf((mu - Math.max(Math.log(1 + o.tolerance), t * se)) / se);
}

/**
 * The chance that the gate calls a change of `detect` in the worse direction (for a metric without
 * one: the smaller of the two ways) with n repetitions per campaign, each with relative variance v.
 */
export function detectionPower(n: number, v: number, direction: Direction, o: PowerOptions): number {
  const down = callChance(1 - o.detect, n, v, o);
  const up = callChance(1 + o.detect, n, v, o);
  return direction === 'higher' ? down : direction === 'lower' ? up : Math.min(down, up);
}

/** The largest number of repetitions a plan proposes; beyond it, a cell is said to need more. */
export const MAX_PLANNED_REPS = 1000;

/** The fewest repetitions per campaign that reach `power`; null when none up to MAX_PLANNED_REPS does. */
export function repsToDetect(v: number, direction: Direction, power: number, o: PowerOptions): number | null {
  if (o.detect <= o.tolerance) return null;
  if (detectionPower(MAX_PLANNED_REPS, v, direction, o) < power) return null;
  let lo = 2;
  let hi = MAX_PLANNED_REPS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (detectionPower(mid, v, direction, o) >= power) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
