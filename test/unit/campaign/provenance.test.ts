import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src/dataset/manifest.js';
import { markKilledSessions, provenanceDiff } from '../../../src/campaign/runner.js';

describe('provenanceDiff (what a resumed session records when it runs elsewhere)', () => {
  const first = {
    toolkit: { gitCommit: 'abc', gitDirty: false },
    hosts: { A: { kernel: '6.18.44', runtimes: ['runc', 'crun'] }, B: { kernel: '6.18.44' } },
    image: { tag: 'netbench/bench:b9dac5b1c6bd', id: 'sha256:1' },
  };

  it('finds nothing when the session ran on the same software and machine', () => {
    expect(provenanceDiff(first, structuredClone(first))).toEqual([]);
  });

  it('names every differing leaf by its dotted path, arrays compared whole', () => {
    const other = structuredClone(first);
    other.toolkit.gitCommit = 'def';
    other.hosts.B.kernel = '6.19.0';
    other.hosts.A.runtimes = ['runc'];
    other.image.id = 'sha256:2';
    expect(provenanceDiff(first, other)).toEqual(['hosts.A.runtimes', 'hosts.B.kernel', 'image.id', 'toolkit.gitCommit']);
  });

  it('reports a field present on one side only', () => {
    expect(provenanceDiff({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toEqual(['a.c']);
  });
});

describe('markKilledSessions (a session that ended without writing its end)', () => {
  const session = (status: Session['status'], tasksRun: number): Session => ({ startedAt: '2026-11-24T00:00:00Z', status, tasksRun });

  it('marks the running session killed and gives it the tasks on disk no other session ran', () => {
    const sessions = [session('interrupted', 493), session('killed', 66), session('running', 0)];
    markKilledSessions(sessions, 561);
    expect(sessions.map((s) => [s.status, s.tasksRun])).toEqual([
      ['interrupted', 493],
      ['killed', 66],
      ['killed', 2],
    ]);
  });

  it('leaves finished sessions alone', () => {
    const sessions = [session('interrupted', 10), session('complete', 5)];
    markKilledSessions(sessions, 15);
    expect(sessions.map((s) => [s.status, s.tasksRun])).toEqual([
      ['interrupted', 10],
      ['complete', 5],
    ]);
  });
});
