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
