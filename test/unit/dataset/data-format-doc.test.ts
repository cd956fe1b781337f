// docs/data-format.md names what the code writes: every experiment in the `experiment` column's
// row, every metric of the catalogue in its Metrics section (the docs test checks commands and
// options; this checks the data's vocabulary).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../../src/model/experiments.js';
import { METRICS } from '../../../src/model/metrics.js';

const doc = readFileSync(new URL('../../../docs/data-format.md', import.meta.url), 'utf8');
/** Whether `text` names `key` as a word of its own (a metric may hold a dot: sockperf_rtt_p99.9). */
const names = (text: string, key: string) => new RegExp(`(?<![\\w.-])${key.replace(/\./g, '\\.')}(?![\\w-]|\\.\\d)`).test(text);

describe('docs/data-format.md', () => {
  it('lists every experiment in the experiment column', () => {
    const row = doc.split('\n').find((l) => /^\|\s*experiment\s*\|/.test(l));
    expect(row, 'the experiment row of the column table').toBeDefined();
    for (const e of EXPERIMENTS) expect(names(row!.split('|')[2]!, e), e).toBe(true);
  });

  it('describes every metric of the catalogue in its Metrics section', () => {
    const section = doc.split(/^## Metrics$/m)[1]?.split(/^## /m)[0] ?? '';
    expect(section).not.toBe('');
    expect(Object.keys(METRICS).filter((m) => !names(section, m))).toEqual([]);
  });
});
