import type { AttemptRecord } from '../dataset/timeline.js';

/** How one earlier run of a cell's probe ended: the attempts' errors in order, and whether one gave values. */
export interface RunOutcome {
  ok: boolean;
  errors: string[];
}

/** Runs in a row that must fail the same way, retries included, before retrying stops. */
export const SAME_FAILURE_RUNS = 2;

export interface RetryBudget {
  retries: number;
  /** Why the configured retries are not used (recorded in the run's attempts.txt and warnings). */
  skipped?: string;
}

/**
 * Retries for the next run of one cell's probe. A failure that retrying cannot change (the last
 * `SAME_FAILURE_RUNS` or more runs all failed, every attempt with one and the same error, and at
 * least one of them did retry) gets a single attempt; a run that gives values or fails differently
 * ends that. Every run still runs and is recorded: only the attempts that could not help are saved.
 */
export function retryBudget(history: readonly RunOutcome[], retries: number): RetryBudget {
  let streak = 0;
  let retried = false;
  let error: string | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const run = history[i]!;
    const first = run.errors[0];
    if (run.ok || first === undefined || run.errors.some((e) => e !== first) || (error !== undefined && first !== error)) break;
    error = first;
    streak++;
    if (run.errors.length > 1) retried = true;
  }
  if (retries === 0 || streak < SAME_FAILURE_RUNS || !retried) return { retries };
  return {
    retries: 0,
    skipped: `retries skipped: the last ${streak} runs of this cell failed every attempt with this same error`,
  };
}

/**
 * Earlier sessions' runs of each cell's probe (key `cellKey|probe`), in the order they ran, rebuilt
 * from the campaign's timeline so that a resumed campaign does not retry a fixed failure again.
 * Only tasks recorded on disk count (`recorded`, by task key), and of a task run more than once
 * (cut short, then run again) only its last run. A failed attempt whose error was not recorded
 * (timelines before the error was) makes its run unknown, which ends a streak: retries are kept.
 */
export function outcomesFromTimeline(entries: readonly AttemptRecord[], recorded: (task: string) => boolean): Map<string, RunOutcome[]> {
  const last = new Map<string, { from: number; cell: string; ok: boolean; errors: string[]; unknown: boolean }>();
  entries.forEach((e, i) => {
    if (!recorded(e.task)) return;
    const k = `${e.task}|${e.probe}`;
    let run = last.get(k);
    if (!run || e.attempt === 1) {
      run = { from: i, cell: `${e.task.slice(0, e.task.lastIndexOf('#'))}|${e.probe}`, ok: false, errors: [], unknown: false };
      last.set(k, run);
    }
    if (e.ok) run.ok = true;
    else if (e.error === undefined) run.unknown = true;
    else run.errors.push(e.error);
  });
  const out = new Map<string, RunOutcome[]>();
  for (const run of [...last.values()].sort((a, b) => a.from - b.from)) {
    const history = out.get(run.cell) ?? [];
    history.push({ ok: run.ok, errors: run.unknown ? [] : run.errors });
    out.set(run.cell, history);
  }
  return out;
}
