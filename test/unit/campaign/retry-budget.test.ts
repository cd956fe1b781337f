import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMELINE, appendTimeline, readTimeline, type AttemptRecord } from '../../../src/dataset/timeline.js';
import { outcomesFromTimeline, retryBudget, type RunOutcome } from '../../../src/campaign/retry-budget.js';
import { tempDir } from '../../temp-dir.js';

// The error gVisor's hostinet gives sockperf in every run (campaign 2026-11-23T2034Z-nb, 32 of 32 runs).
const EINVAL = 'sockperf: recvfrom() Failed receiving on fd[3] (errno=22 Invalid argument)';
const failedAll = (e = EINVAL, attempts = 3): RunOutcome => ({ ok: false, errors: Array<string>(attempts).fill(e) });
const ok = (retried: string[] = []): RunOutcome => ({ ok: true, errors: retried });

describe('retryBudget (attempts a failure that retrying cannot change does not get)', () => {
  it('keeps the configured retries with no history, after a success, or after one failed run', () => {
    expect(retryBudget([], 2)).toEqual({ retries: 2 });
    expect(retryBudget([failedAll(), ok()], 2)).toEqual({ retries: 2 });
    expect(retryBudget([failedAll()], 2)).toEqual({ retries: 2 });
  });

  it('stops retrying once two runs in a row failed every attempt with the same error', () => {
    const b = retryBudget([failedAll(), failedAll()], 2);
    expect(b.retries).toBe(0);
    expect(b.skipped).toMatch(/last 2 runs .* same error/);
  });

  it('stays at one attempt while the same failure goes on, and counts the streak', () => {
    expect(retryBudget([failedAll(), failedAll(), failedAll(EINVAL, 1), failedAll(EINVAL, 1)], 2)).toMatchObject({ retries: 0 });
    expect(retryBudget([failedAll(), failedAll(), failedAll(EINVAL, 1)], 2).skipped).toMatch(/last 3 runs/);
  });

  it('retries again after a run that gave values, or when the error changes', () => {
    expect(retryBudget([failedAll(), failedAll(), ok([EINVAL])], 2)).toEqual({ retries: 2 });
    expect(retryBudget([failedAll(), failedAll('iperf3: error - unable to send control message: Bad file descriptor')], 2)).toEqual({
      retries: 2,
    });
  });

  it('keeps retrying a run whose attempts failed in different ways (a flaky failure, not a fixed one)', () => {
    const mixed: RunOutcome = { ok: false, errors: [EINVAL, 'siege: timed out', EINVAL] };
    expect(retryBudget([mixed, mixed], 2)).toEqual({ retries: 2 });
  });

  it('needs a run that did retry: single-attempt failures alone (retries 0 in the config) prove nothing', () => {
    expect(retryBudget([failedAll(EINVAL, 1), failedAll(EINVAL, 1)], 2)).toEqual({ retries: 2 });
    expect(retryBudget([failedAll(), failedAll()], 0)).toEqual({ retries: 0 });
  });
});

describe('outcomesFromTimeline (the retry history a resumed campaign starts from)', () => {
  const CELL = 'latency/runsc/host,bridge/idle';
  const failing = (task: string, attempts = 3): AttemptRecord[] =>
    Array.from({ length: attempts }, (_, i) => ({ task, probe: 'sockperf', attempt: i + 1, ok: false, error: EINVAL }));
  const all = () => true;

  it("rebuilds each cell probe's runs in order, so the resumed session goes on skipping a fixed failure", () => {
    const entries = [
      ...failing(`${CELL}#warmup1`),
      { task: `${CELL}#warmup1`, probe: 'ping', attempt: 1, ok: true },
      ...failing(`${CELL}#rep1`),
      ...failing('latency/runc/host,bridge/idle#rep1', 1),
    ];
    const h = outcomesFromTimeline(entries, all);
    expect(h.get(`${CELL}|sockperf`)).toEqual([failedAll(), failedAll()]);
    expect(h.get(`${CELL}|ping`)).toEqual([{ ok: true, errors: [] }]);
    expect(h.get('latency/runc/host,bridge/idle|sockperf')).toEqual([failedAll(EINVAL, 1)]);
    expect(retryBudget(h.get(`${CELL}|sockperf`)!, 2).retries).toBe(0);
  });

  it('leaves out tasks not recorded on disk, and keeps only the last run of a task run twice', () => {
    const cut = failing(`${CELL}#rep1`, 1).map((e) => ({ ...e, error: 'container removed (SIGTERM)' }));
    const entries = [...failing(`${CELL}#warmup1`), ...cut, ...failing(`${CELL}#rep2`, 2), ...failing(`${CELL}#rep1`)];
    const h = outcomesFromTimeline(entries, (t) => !t.endsWith('#rep2'));
    expect(h.get(`${CELL}|sockperf`)).toEqual([failedAll(), failedAll()]);
  });

  it('a failed attempt without its error (older timelines) makes the run unknown: retries are kept', () => {
    const old = failing(`${CELL}#rep1`).map(({ error: _, ...e }) => e);
    const h = outcomesFromTimeline([...failing(`${CELL}#warmup1`), ...old], all);
    expect(h.get(`${CELL}|sockperf`)![1]).toEqual({ ok: false, errors: [] });
    expect(retryBudget(h.get(`${CELL}|sockperf`)!, 2)).toEqual({ retries: 2 });
  });

  it('reads what appendTimeline wrote, leaving out a line torn by a kill', async () => {
    const dir = tempDir('nbtl');
    expect(await readTimeline(dir)).toEqual([]);
    for (const e of failing(`${CELL}#warmup1`, 2)) await appendTimeline(dir, { ...e, at: '2026-11-24T10:00:00.000Z', total_s: 1.5 });
    appendFileSync(join(dir, TIMELINE), '{"task":"latency/runsc/ho');
    const read = await readTimeline(dir);
    expect(read.map((e) => [e.attempt, e.error])).toEqual([
      [1, EINVAL],
      [2, EINVAL],
    ]);
  });
});
