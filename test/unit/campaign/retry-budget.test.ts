import { describe, expect, it } from 'vitest';
import { retryBudget, type RunOutcome } from '../../../src/campaign/retry-budget.js';

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
