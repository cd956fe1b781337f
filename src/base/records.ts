// Typed records built from a list of keys: Object.fromEntries forgets which keys it was given, so
// every caller would cast its result back; this is the one place that does.

/** An object with `value(k)` for each of `keys`. */
export function recordOf<K extends string, V>(keys: readonly K[], value: (k: K) => V): Record<K, V> {
  // Filled for every key just below, before anyone reads it.
  const out = {} as Record<K, V>;
  for (const k of keys) out[k] = value(k);
  return out;
}

/** The keys of a record literal, typed (Object.keys gives string[]). */
export function keysOf<K extends string>(r: Readonly<Record<K, unknown>>): K[] {
  // A record literal's own enumerable keys are exactly K.
  return Object.keys(r) as K[];
}

/** A plain object (what a config section or a JSON object is), not null or an array. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
