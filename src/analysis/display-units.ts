// Tables in the units people read (Gbit/s, µs, ms, MiB) instead of the raw CSV's (bit/s, s, B).
// Pure.
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { METRICS, isMetric, unitOf } from '../model/metrics.js';

/**
 * `columns` of each row scaled from its raw unit to that unit's display unit (bit/s -> Gbit/s,
 * s -> ms, B -> MiB), and `unit` set to the display unit's label. The raw unit is the row's `unit`,
 * or without that column the catalogue's unit of its `metric`; a table with neither comes back as it
 * is. Counts, ratios and p-values are not in `columns`: they have no unit.
 */
export function inDisplayUnits(t: ColumnTable, columns: readonly string[]): ColumnTable {
  const names = t.columnNames();
  const raw = names.includes('unit')
    ? Array.from(t.array('unit'), String)
    : names.includes('metric')
      ? Array.from(t.array('metric'), (m) => {
          const metric = String(m);
          return isMetric(metric) ? METRICS[metric].unit : '';
        })
      : undefined;
  if (!raw) return t;
  const units = raw.map(unitOf);
  const scaled = Object.fromEntries(
    columns.map((c) => [c, Array.from(t.array(c), (v, i) => (typeof v === 'number' ? v * units[i]!.scale : v))]),
  );
  return t.assign(aq.table({ ...scaled, unit: units.map((u) => u.label) }));
}

/**
 * A number as a table shows it: four significant digits in plain notation (14.9, 3610, 0.0511),
 * integers whole, and a magnitude under 0.001 (a p-value) as "< 0.001" rather than in e-notation.
 */
export function humanNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v < 0 ? '> −0.001' : '< 0.001';
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 20, useGrouping: false });
}
