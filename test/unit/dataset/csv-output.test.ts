import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS, headerLine, parseCsv, recordLine, rowLine } from '../../../src/dataset/measurements.js';
import { MEASUREMENTS, appendRows, campaignId, completedTasks, createCampaignDir } from '../../../src/dataset/campaign-dir.js';
import { median, tallyCells } from '../../../src/campaign/summary.js';
import { measurementRow as row } from '../../measurement-row.js';
import { tempDir } from '../../temp-dir.js';

const keyOf = (r: Record<string, string>) => `${r.experiment}/${r.runtime}/${r.load}#${r.warmup}${r.rep}`;

describe('measurements CSV', () => {
  it('quotes what needs quoting and reads it back', () => {
    const r = row({ reason: 'a "quoted", multi\nline reason', value: null });
    const { records, tornTail } = parseCsv(headerLine() + rowLine(r));
    expect(tornTail).toBe(false);
    expect(records[0]).toEqual([...COLUMNS]);
    expect(records[1]![COLUMNS.indexOf('reason')]).toBe('a "quoted", multi\nline reason');
    expect(records[1]![COLUMNS.indexOf('value')]).toBe('');
  });
  it('writes non-finite numbers as empty, never as NaN or 0', () => {
    expect(rowLine(row({ value: NaN }))).not.toMatch(/NaN/);
  });
  it('reports a torn last line', () => {
    expect(parseCsv(headerLine() + 'c,bandwidth,ip').tornTail).toBe(true);
  });
  it('cuts a torn record whose quoted field already holds a newline, keeping every whole record', () => {
    const whole = headerLine() + rowLine(row({ rep: 1, value: 5 }));
    const torn = rowLine(row({ rep: 2, reason: 'first line\nsecond line' }));
    const text = whole + torn.slice(0, torn.indexOf('second'));
    const { records, tornTail, completeLength } = parseCsv(text);
    expect(tornTail).toBe(true);
    expect(completeLength).toBe(whole.length);
    expect(records).toHaveLength(2);
    expect(records[1]![COLUMNS.indexOf('rep')]).toBe('1');
  });
  it('writes booleans and numbers as the committed campaign files have them', () => {
    const line = rowLine(row({ warmup: true, rep: 3, value: 13330000000 }));
    expect(line.split(',')[COLUMNS.indexOf('warmup')]).toBe('true');
    expect(line.split(',')[COLUMNS.indexOf('value')]).toBe('13330000000');
    expect(line.endsWith('\n') && !line.endsWith('\r\n')).toBe(true);
  });
  it('reads back every record of the committed default campaign as it wrote them', () => {
    const file = new URL('../../../data/raw/2026-11-23T0915Z-nb/measurements.csv', import.meta.url);
    const text = readFileSync(file, 'utf8');
    const { records, tornTail } = parseCsv(text);
    expect(tornTail).toBe(false);
    expect(records[0]).toEqual([...COLUMNS]);
    expect(records.length).toBeGreaterThan(1000);
    expect(records.every((r) => r.length === COLUMNS.length)).toBe(true);
    expect(headerLine() + records.slice(1).map(recordLine).join('')).toBe(text);
  });
});

describe('campaign directory and resume', () => {
  it('names campaigns by UTC minute and lab, and never overwrites one', async () => {
    expect(campaignId(new Date('2026-11-23T08:31:59Z'), 'nb')).toBe('2026-11-23T0831Z-nb');
    const out = tempDir('nbout');
    await createCampaignDir(out, 'x');
    await expect(createCampaignDir(out, 'x')).rejects.toThrow(/already exists/);
  });
  it('finds finished tasks, cuts a torn tail and drops a task missing a probe', async () => {
    const out = tempDir('nbres');
    const dir = await createCampaignDir(out, 'r');
    appendRows(dir, [row({ rep: 1 }), row({ rep: 1, metric: 'retransmits', value: 3, unit: 'count' })]);
    appendRows(dir, [row({ experiment: 'latency', probe: 'ping', rep: 1, metric: 'ping_rtt_avg' })]); // sockperf rows missing
    appendFileSync(join(dir, MEASUREMENTS), 'c,bandwidth,iperf3,runc,bri'); // torn by a crash
    const done = await completedTasks(dir, keyOf, (k) => (k.startsWith('latency') ? 2 : 1));
    expect([...done]).toEqual(['bandwidth/runc/idle#false1']);
    const { records, tornTail } = parseCsv(readFileSync(join(dir, MEASUREMENTS), 'utf8'));
    expect(tornTail).toBe(false);
    expect(records).toHaveLength(3); // header + the two rows of the finished task
  });
  it('refuses a file that is not a campaign CSV', async () => {
    const out = tempDir('nbbad');
    const dir = await createCampaignDir(out, 'b');
    appendFileSync(join(dir, MEASUREMENTS), 'x');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, MEASUREMENTS), 'a,b,c\n');
    await expect(completedTasks(dir, keyOf, () => 1)).rejects.toThrow(/does not start with the measurements header/);
  });
});

describe('end-of-campaign tallies', () => {
  it('counts repetitions by status, leaves warm-ups out and takes medians', () => {
    const s = tallyCells([
      row({ rep: 1, value: 1e10 }),
      row({ rep: 2, value: 3e10 }),
      row({ rep: 1, warmup: true, value: 9e10 }),
      row({ rep: 3, value: null, status: 'failed', reason: 'boom' }),
      row({ rep: 3, probe: 'x', metric: 'retransmits', unit: 'count', value: null, status: 'unsupported', reason: 'later' }),
    ]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ ok: 2, failed: 1, unsupported: 0, reason: 'boom' });
    expect(s[0]!.medians[0]).toEqual({ metric: 'bandwidth', value: 20, unit: 'Gbit/s' });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeUndefined();
  });
});
