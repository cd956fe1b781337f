// arquero <-> danfojs, for users who prefer pandas-style work. danfojs-node is imported on demand
// (it loads TensorFlow.js: about a second), so the rest of the toolkit does not pay for it.
import { from, type ColumnTable } from 'arquero';
import type { DataFrame } from 'danfojs-node';

/** An arquero table as a danfojs DataFrame (same columns and order; missing values stay null/NaN, never 0). */
export async function toDanfo(t: ColumnTable): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  const columns = t.columnNames();
  return new dfd.DataFrame(Object.fromEntries(columns.map((c) => [c, Array.from(t.array(c))])), { columns });
}

/** A danfojs DataFrame as an arquero table. */
export function fromDanfo(df: DataFrame): ColumnTable {
  const rows = df.values.map((r) => (Array.isArray(r) ? r : [r])); // a DataFrame's values are rows
  const columns = df.columns;
  return from(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
}
