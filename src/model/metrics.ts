// Metrics and their units: what a probe promises per run, and how a unit is shown (the SI prefix
// of axis titles and tables, and the scale that goes with it). Pure data.

/** A metric a probe yields, with the unit of its raw values in the CSV. */
export interface MetricSpec {
  metric: string;
  unit: string;
}

/** Units with SI prefixes for display: the value scale that goes with each. */
export const UNITS: Record<string, { scale: number; label: string }> = {
  'bit/s': { scale: 1e-9, label: 'Gbit/s' },
  us: { scale: 1, label: 'µs' },
  s: { scale: 1e3, label: 'ms' },
  '%': { scale: 1, label: '%' },
  B: { scale: 2 ** -20, label: 'MiB' },
  '1/s': { scale: 1, label: 'transactions/s' },
  count: { scale: 1, label: '' },
};
export const unitOf = (u: string): { scale: number; label: string } => UNITS[u] ?? { scale: 1, label: u };
