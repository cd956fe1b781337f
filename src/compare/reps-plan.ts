// `netbench plan`: from a pilot campaign's spread, the repetitions per campaign each cell needs for
// the gate to call a change of a given size `worse` at a given power, over the family gated and
// alone. The spread is what compare would see: the pilot compared with itself gives each cell's
// variance of log(B/A), normalisers included, from which one repetition's relative variance
// follows. Pure.
import type { ColumnTable } from 'arquero';
import { metricCellOf, type MetricCell } from '../analysis/cells.js';
import type { Direction } from '../model/metrics.js';
import { compareCampaigns } from './campaign-compare.js';
import type { CellSelector } from './cell-selection.js';
import { detectionPower, repsToDetect } from './power.js';

export interface RepsPlanOptions {
  detect: number;
  tolerance: number;
  /** The chance of calling the change that the plan aims at (0.9). */
  power: number;
  normalise: boolean;
  metrics?: readonly string[];
  cells?: readonly CellSelector[];
}

export interface RepsPlanRow extends MetricCell {
  direction: Direction;
  normalised: boolean;
  /** The pilot's repetitions of the cell. */
  n: number;
  /** One repetition's coefficient of variation, the way compare sees it (normalisers included). */
  cv: number;
  /** The chance of calling the change with the pilot's own n repetitions per campaign. */
  powerAtN: number;
  /** Repetitions per campaign for the power asked, gating the whole family; null: more than MAX_PLANNED_REPS. */
  reps: number | null;
  /** The same, gating this cell alone. */
  repsAlone: number | null;
}

export interface RepsPlan extends RepsPlanOptions {
  pilot: string;
  /** The cells gated together (the simultaneous CI's family). */
  family: number;
  /** Most repetitions first (null, "more than the most", first of all). */
  rows: RepsPlanRow[];
  /** Cells without a spread to plan from (fewer than 2 values, a mean of 0), with why. */
  skipped: Array<MetricCell & { reason: string }>;
}

export function planReps(pilot: ColumnTable, id: string, o: RepsPlanOptions): RepsPlan {
  const self = compareCampaigns(pilot, pilot, { tolerance: o.tolerance, normalise: o.normalise, metrics: o.metrics, cells: o.cells });
  const gate = { detect: o.detect, tolerance: o.tolerance };
  const rows: RepsPlanRow[] = [];
  const skipped: RepsPlan['skipped'] = [];
  for (const c of self.cells) {
    if (c.logVar === null) {
      skipped.push({ ...metricCellOf(c), reason: c.reason });
      continue;
    }
    const v = (c.logVar * c.nA) / 2;
    rows.push({
      ...metricCellOf(c),
      direction: c.direction,
      normalised: c.normalised,
      n: c.nA,
      cv: Math.sqrt(v),
      powerAtN: detectionPower(c.nA, v, c.direction, { ...gate, family: self.family }),
      reps: repsToDetect(v, c.direction, o.power, { ...gate, family: self.family }),
      repsAlone: repsToDetect(v, c.direction, o.power, { ...gate, family: 1 }),
    });
  }
  const key = (r: RepsPlanRow) => r.reps ?? Infinity;
  rows.sort((x, y) => key(y) - key(x) || y.cv - x.cv);
  return { ...o, pilot: id, family: self.family, rows, skipped };
}
