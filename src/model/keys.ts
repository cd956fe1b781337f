// Cells and tasks, and their one text form each: the plan, the runner, resume, the CSV's rows, the
// loader and the manifest all key by these functions. Pure.
import { EXPERIMENTS, type Experiment, type Load } from './experiments.js';
import { pairId, type Pair } from './pairs.js';

/** One combination of the matrix: experiment x runtime x driver pair x load. */
export interface Cell {
  experiment: Experiment;
  runtime: string;
  pair: Pair;
  load: Load;
}

/** One run of every probe of a cell: a measured repetition or a warm-up. */
export interface Task {
  cell: Cell;
  /** 1..reps; warm-ups are numbered 1..warmup with `warmup` set. */
  rep: number;
  warmup: boolean;
}

/** A cell's key from its parts, the pair as `client,server` (pairId): `bandwidth/runc/bridge,bridge/idle`. */
export const cellKeyOf = (experiment: string, runtime: string, pair: string, load: string): string =>
  `${experiment}/${runtime}/${pair}/${load}`;
export const cellKey = (c: Cell): string => cellKeyOf(c.experiment, c.runtime, pairId(c.pair), c.load);

/** A task's key from its cell's key: `bandwidth/runc/bridge,bridge/idle#rep3` (or `#warmup1`). */
export const taskKeyOf = (cell: string, rep: number | string, warmup: boolean): string => `${cell}#${warmup ? 'warmup' : 'rep'}${rep}`;
export const taskKey = (t: Task): string => taskKeyOf(cellKey(t.cell), t.rep, t.warmup);

/** The key of one metric of a cell (the loader's `cell` column): `bandwidth/runc/bridge,bridge/idle:bandwidth`. */
export const metricKeyOf = (cell: string, metric: string): string => `${cell}:${metric}`;
/** The cell of a metric's key (metricKeyOf's inverse): `bandwidth/runc/bridge,bridge/idle`. */
export const cellOfMetricKey = (key: string): string => key.slice(0, key.lastIndexOf(':'));

/** The experiment a cell or task key starts with, if it names one. */
export const experimentOfKey = (key: string): Experiment | undefined => EXPERIMENTS.find((e) => key.startsWith(`${e}/`));
