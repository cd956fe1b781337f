import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign, parseMeasurements, sessionOf } from '../../../src/dataset/load.js';
import { COLUMNS } from '../../../src/dataset/measurements.js';
import { tempDir } from '../../temp-dir.js';

const DIR = new URL('../../../data/raw/2026-11-23T0915Z-nb', import.meta.url).pathname;
const text = readFileSync(`${DIR}/measurements.csv`, 'utf8');
const col = (c: (typeof COLUMNS)[number]) => COLUMNS.indexOf(c);
/** The header and 7 plain `ok` lines of the committed campaign (no quoted fields). */
const lines = [
  text.split('\n')[0]!,
  ...text
    .split('\n')
    .slice(1)
    .filter((l) => !l.includes('"') && l.split(',')[col('status')] === 'ok')
    .slice(0, 7),
];
/** Those lines, with one line (1-based, as in the error messages) edited. */
const sample = (edit?: (cells: string[]) => void, at = 3) => {
  const head = [...lines];
  if (edit) {
    const cells = head[at - 1]!.split(',');
    edit(cells);
    head[at - 1] = cells.join(',');
  }
  return head.join('\n') + '\n';
};
describe('loading a campaign', () => {
  it('loads the committed campaign into a table, warm-ups left out, unsupported and failed kept with no value', async () => {
    const c = await loadCampaign(DIR);
    expect(c.manifest.campaignId).toBe('2026-11-23T0915Z-nb');
    const rows = c.table.objects() as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.some((r) => r.warmup === true)).toBe(false);
    expect(rows.filter((r) => r.status !== 'ok').every((r) => r.value === null && r.reason !== '')).toBe(true);
    expect(rows.filter((r) => r.status === 'ok').every((r) => typeof r.value === 'number')).toBe(true);
    expect(new Set(rows.map((r) => r.pair))).toEqual(
      new Set(['bridge,bridge', 'host,bridge', 'macvlan,macvlan', 'overlay,overlay', 'host,host']),
    );
    // the rows of each run of collect are numbered by session (this campaign was resumed once)
    const sessions = new Set(rows.filter((r) => r.status === 'ok').map((r) => r.session));
    expect([...sessions].sort()).toEqual([1, 2]);
    expect(
      rows
        .filter(
          (r) =>
            r.status === 'ok' &&
            Date.parse(String(r.started_at)) < Date.parse((c.manifest.sessions as Array<{ startedAt: string }>)[1]!.startedAt),
        )
        .every((r) => r.session === 1),
    ).toBe(true);
    // each row's cell names its cell and metric
    expect(rows.every((r) => r.cell === `${r.experiment}/${r.runtime}/${r.pair}/${r.load}:${r.metric}`)).toBe(true);
    expect(rows.map((r) => r.cell)).toContain('bandwidth/runc/bridge,bridge/idle:bandwidth');
    const withWarmup = await loadCampaign(DIR, { includeWarmup: true });
    expect(withWarmup.table.numRows()).toBeGreaterThan(c.table.numRows());
  });

  it('names the file, line and problem of a malformed file', () => {
    const f = 'm.csv';
    expect(() => parseMeasurements(sample(), f)).not.toThrow();
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('unit')] = 'Mbit/s')),
        f,
      ),
    ).toThrow(/m\.csv:3: metric \S+ in "Mbit\/s", expected/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('value')] = 'fast')),
        f,
      ),
    ).toThrow(/m\.csv:3: status ok but value "fast" is not a number/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('status')] = 'meh')),
        f,
      ),
    ).toThrow(/m\.csv:3: status "meh"/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('metric')] = 'speed')),
        f,
      ),
    ).toThrow(/m\.csv:3: unknown metric "speed"/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('rep')] = '0')),
        f,
      ),
    ).toThrow(/m\.csv:3: rep "0"/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('server_driver')] = 'ipvlan')),
        f,
      ),
    ).toThrow(/m\.csv:3: server_driver "ipvlan" is not one of bridge, host, macvlan, overlay/);
    expect(() =>
      parseMeasurements(
        sample((c) => c.pop()),
        f,
      ),
    ).toThrow(/m\.csv:3: 20 fields, the header has 21/);
    expect(() =>
      parseMeasurements(
        sample((c) => (c[col('value')] = ''), 2),
        f,
      ),
    ).toThrow(/m\.csv:2: status ok but value ""/);
    const failed = sample((c) => {
      c[col('status')] = 'failed';
      c[col('reason')] = '';
      c[col('value')] = '';
    });
    expect(() => parseMeasurements(failed, f)).toThrow(/m\.csv:3: status failed without a reason/);
  });

  it('refuses a missing column, a duplicate row and broken quoting', () => {
    const noUnit = sample()
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== col('unit'))
          .join(','),
      )
      .join('\n');
    expect(() => parseMeasurements(noUnit, 'm.csv')).toThrow(/m\.csv:1: missing column\(s\) unit/);
    const dup = sample() + lines[2] + '\n';
    expect(() => parseMeasurements(dup, 'm.csv')).toThrow(/m\.csv:9: duplicate of line 3/);
    expect(() => parseMeasurements(sample() + 'x,"open\n', 'm.csv')).toThrow(/m\.csv:9: not valid CSV/);
    // a quote left open in the middle would swallow every later line into one field: refused, not truncated
    const open = sample((c) => (c[col('reason')] = '"open'), 4);
    expect(() => parseMeasurements(open, 'm.csv')).toThrow(/m\.csv:4: not valid CSV \(Quoted field unterminated\)/);
    // Windows line ends load as the same rows
    expect(parseMeasurements(sample().replaceAll('\n', '\r\n'), 'm.csv')).toEqual(parseMeasurements(sample(), 'm.csv'));
    expect(() => parseMeasurements('', 'm.csv')).toThrow(/empty file/);
  });

  it('counts lines correctly after a reason that spans lines', () => {
    const multi = sample((c) => {
      c[col('status')] = 'failed';
      c[col('value')] = '';
      c[col('reason')] = '"first\nsecond"';
    }, 2);
    expect(() => parseMeasurements(multi + lines[2] + '\n', 'm.csv')).toThrow(/m\.csv:10: duplicate of line 4/);
  });

  it('numbers sessions by start time', () => {
    const of = sessionOf([{ startedAt: '2026-11-23T09:00:00Z', endedAt: '2026-11-23T10:00:00Z' }, { startedAt: '2026-11-23T11:00:00Z' }]);
    expect(of('2026-11-23T09:30:00Z')).toBe(1);
    expect(of('2026-11-23T11:00:00Z')).toBe(2);
    expect(of('')).toBe(0);
  });

  it('says what to do when the directory is not a campaign', async () => {
    await expect(loadCampaign('/nonexistent')).rejects.toThrow(/measurements\.csv: cannot be read/);
  });

  it('names a manifest that is not JSON, and a row beyond the repetitions the manifest plans', async () => {
    const dir = tempDir('nbload');
    writeFileSync(join(dir, 'measurements.csv'), sample());
    writeFileSync(join(dir, 'manifest.json'), '{ "campaignId": ');
    await expect(loadCampaign(dir)).rejects.toThrow(/manifest\.json: not valid JSON \(/);
    expect(() =>
      parseMeasurements(
        sample((c) => ((c[col('rep')] = '16'), (c[col('warmup')] = 'false'))),
        'm.csv',
        {},
        { reps: 15, warmup: 1 },
      ),
    ).toThrow(/m\.csv:3: repetition 16, but the manifest plans 15/);
    expect(() =>
      parseMeasurements(
        sample((c) => ((c[col('rep')] = '2'), (c[col('warmup')] = 'true'))),
        'm.csv',
        {},
        { reps: 15, warmup: 1 },
      ),
    ).toThrow(/m\.csv:3: warm-up repetition 2, but the manifest plans 1/);
    expect(() => parseMeasurements(sample(), 'm.csv', {}, { reps: 15, warmup: 1 })).not.toThrow();
  });
});
