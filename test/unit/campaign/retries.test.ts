// Bounded retries of a probe run, and the raw output a failed run carries to its artifacts.
import { describe, expect, it } from 'vitest';
import { FailedRun, withRetries } from '../../../src/campaign/probe-run.js';
import { NetbenchError } from '../../../src/base/errors.js';
import { ProbeOutputError } from '../../../src/probes/probe.js';

const ebadf = () =>
  new FailedRun(new ProbeOutputError('iperf3', 'error - unable to send results: Bad file descriptor'), {
    'client.stdout': '{\n  "start": {},\n  "error": "error - unable to send results: Bad file descriptor"\n}\n',
  });

describe('withRetries', () => {
  it('gives each attempt its number and keeps the errors of the failed ones, in order', async () => {
    const seen: number[] = [];
    const r = await withRetries(2, async (n) => {
      seen.push(n);
      if (n < 3) throw n === 1 ? ebadf() : new Error('second');
      return 'value';
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(r).toEqual({
      value: 'value',
      attempts: 3,
      errors: ['iperf3: error - unable to send results: Bad file descriptor', 'second'],
    });
  });

  it('stops after 1 + retries attempts and returns no value', async () => {
    let calls = 0;
    const r = await withRetries(1, async () => {
      calls++;
      throw ebadf();
    });
    expect(calls).toBe(2);
    expect(r.value).toBeUndefined();
    expect(r.attempts).toBe(2);
    expect(r.errors).toHaveLength(2);
  });

  it('does not retry an engine that stopped answering, and throws that error', async () => {
    const down = new NetbenchError('daemon-down', "host B's Docker engine stopped answering", 'Bring it back, then --resume.');
    let calls = 0;
    const err = await withRetries(2, async () => {
      calls++;
      throw down;
    }).catch((e: unknown) => e);
    expect([calls, err]).toEqual([1, down]);
  });

  it('does not retry what the user must fix, even when a failed run wraps it, and throws the error itself', async () => {
    const busy = new NetbenchError('busy', 'port already in use on the server host (5201/tcp)', 'Stop what uses the port.');
    let calls = 0;
    const err = await withRetries(3, async () => {
      calls++;
      throw new FailedRun(busy, { 'server.stderr': 'bind: address in use' });
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(err).toBe(busy);
  });

  it('stops retrying once the campaign is aborted', async () => {
    let calls = 0;
    const r = await withRetries(
      5,
      async () => {
        calls++;
        throw new Error('cut short');
      },
      () => calls >= 2,
    );
    expect(calls).toBe(2);
    expect(r.attempts).toBe(2);
  });
});

describe('FailedRun', () => {
  it('reads as the error it wraps and keeps both the cause and the outputs', () => {
    const cause = new ProbeOutputError('sockperf', 'recvfrom() Failed receiving on fd[3] (errno=22 Invalid argument)');
    const f = new FailedRun(cause, { 'client.stderr': 'sockperf: ERROR: recvfrom() Failed receiving on fd[3]' });
    expect(f.message).toBe(cause.message);
    expect(f.cause).toBe(cause);
    expect(f.reason).toBe(cause);
    expect(f.outputs['client.stderr']).toMatch(/recvfrom/);
  });
});
