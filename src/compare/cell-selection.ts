// Which cells a comparison gates on: `--cells "runc/bridge,bridge/idle; runsc"`. Each selector is
// runtime[/pair[/load]], `*` or a missing part matching any. A small family of gated cells has more
// power: the simultaneous CI is taken over the cells selected only. Pure.
import { NetbenchError } from '../base/errors.js';

export interface CellSelector {
  /** undefined: any */
  runtime?: string;
  pair?: string;
  load?: string;
}

/** The selectors of a `--cells` list: separated by `;` or white space (a pair holds a comma). */
export function parseCellSelectors(text: string): CellSelector[] {
  const parts = text
    .split(/[;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length)
    throw new NetbenchError(
      'bad-config',
      '--cells names no cell',
      'Give runtime[/pair[/load]] selectors separated by ";", e.g. --cells "runc/bridge,bridge/idle; crun".',
    );
  return parts.map((p) => {
    const fields = p.split('/');
    if (fields.length > 3 || fields.some((f) => f === ''))
      throw new NetbenchError(
        'bad-config',
        `--cells: "${p}" is not runtime[/pair[/load]]`,
        'Each selector is a runtime, then optionally /pair and /load, * for any: runc/bridge,bridge/idle or */host,bridge.',
      );
    const [runtime, pair, load] = fields.map((f) => (f === '*' ? undefined : f));
    return { ...(runtime ? { runtime } : {}), ...(pair ? { pair } : {}), ...(load ? { load } : {}) };
  });
}

/** Does a cell match a selector? */
export const selects = (s: CellSelector, c: { runtime: string; pair: string; load: string }): boolean =>
  (s.runtime === undefined || s.runtime === c.runtime) &&
  (s.pair === undefined || s.pair === c.pair) &&
  (s.load === undefined || s.load === c.load);

/** Is a cell selected (no selectors: every cell)? */
export const selected = (ss: readonly CellSelector[] | undefined, c: { runtime: string; pair: string; load: string }): boolean =>
  !ss || ss.some((s) => selects(s, c));

/** A selector as the user wrote it (for errors). */
export const selectorText = (s: CellSelector): string => [s.runtime ?? '*', s.pair ?? '*', s.load ?? '*'].join('/');
