// A gVisor variant's sandbox check, run on a stand-in binary (a script that logs each call, then
// fails or succeeds as told): made once, reused while it holds (the failure's reason says when it
// was made), made again with recheck.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedSandbox } from '../../../src/lab/variants.js';
import type { SandboxCheck } from '../../../src/lab/state.js';
import { variantOf } from '../../../src/model/variants.js';
import { tempDir } from '../../temp-dir.js';

/** A stand-in for runsc that appends its arguments to `calls` and exits with `code`. */
function standIn(code: number): { binary: string; calls: () => string[] } {
  const dir = tempDir('nbsandbox');
  const binary = join(dir, 'runsc');
  const log = join(dir, 'calls');
  writeFileSync(binary, `#!/bin/sh\necho "$*" >> '${log}'\necho 'cannot start a sandbox here' >&2\nexit ${code}\n`);
  chmodSync(binary, 0o755);
  return { binary, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe("a gVisor variant's sandbox check", () => {
  const kvm = variantOf('runsc-2024-kvm')!;
  const sha = 'c'.repeat(64);

  it('fails with what the binary said, is kept, and is reused with when it was made; recheck runs it again', async () => {
    const { binary, calls } = standIn(1);
    const first: SandboxCheck[] = [];
    const failed = await checkedSandbox(binary, sha, kvm, { known: [], recheck: false }, first).catch((e: unknown) => e);
    expect(String(failed)).toMatch(/exited with 1: cannot start a sandbox here/);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]).toMatch(/--network=none --platform=kvm do \/bin\/true$/);
    expect(first).toEqual([expect.objectContaining({ sha256: sha, args: kvm.args, failed: expect.stringMatching(/exited with 1/) })]);

    const again: SandboxCheck[] = [];
    const reused = await checkedSandbox(binary, sha, kvm, { known: first, recheck: false }, again).catch((e: unknown) => e);
    expect(String(reused)).toContain(`(checked at ${first[0]!.at}, since this machine started; lab up --recheck checks again)`);
    expect(calls()).toHaveLength(1); // not run again
    expect(again).toEqual(first);

    const rechecked: SandboxCheck[] = [];
    await expect(checkedSandbox(binary, sha, kvm, { known: first, recheck: true }, rechecked)).rejects.toThrow(/exited with 1/);
    expect(calls()).toHaveLength(2);
    expect(rechecked[0]!.at >= first[0]!.at).toBe(true);
  });

  it('that started a sandbox is kept too, and a new build of the binary is checked', async () => {
    const { binary, calls } = standIn(0);
    const made: SandboxCheck[] = [];
    await checkedSandbox(binary, sha, kvm, { known: [], recheck: false }, made);
    expect(made).toEqual([expect.not.objectContaining({ failed: expect.anything() })]);
    await checkedSandbox(binary, sha, kvm, { known: made, recheck: false }, []);
    expect(calls()).toHaveLength(1);
    await checkedSandbox(binary, 'd'.repeat(64), kvm, { known: made, recheck: false }, []);
    expect(calls()).toHaveLength(2);
  });
});
