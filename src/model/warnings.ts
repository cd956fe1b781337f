// A run's warnings: kept with its values in one CSV field, and the one warning that figures and
// tables single out (a transfer that stalled). Pure.

/** Between the warnings of one run in the CSV's `warnings` field. */
export const WARNING_SEPARATOR = ' | ';

/** The warning of a run whose transfer stalled for `stalled` of its `intervals` intervals of `intervalS` seconds. */
export const stalledWarning = (stalled: number, intervals: number, intervalS = 1): string =>
  `stalled: ${stalled} of ${intervals} ${intervalS === 1 ? 'one' : intervalS}-second intervals ran under 1% of the run's best rate`;

/** Whether a run's `warnings` field says its transfer stalled. */
export const isStalled = (warnings: string | null | undefined): boolean =>
  (warnings ?? '').split(WARNING_SEPARATOR).some((w) => w.startsWith('stalled: '));
