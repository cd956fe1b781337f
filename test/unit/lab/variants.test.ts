import { describe, expect, it } from 'vitest';
import { heldCheck } from '../../../src/lab/variants.js';
import type { SandboxCheck } from '../../../src/lab/state.js';

const kvm: SandboxCheck = {
  sha256: 'a'.repeat(64),
  args: ['--platform=kvm'],
  bootId: 'boot-1',
  at: '2026-12-06T14:20:00.000Z',
  failed: 'did not finish within 20 s',
};
const systrap: SandboxCheck = { sha256: 'a'.repeat(64), args: [], bootId: 'boot-1', at: '2026-12-06T14:20:01.000Z' };

describe("a gVisor variant's sandbox check", () => {
  it('holds for the same binary and arguments since the same boot', () => {
    expect(heldCheck([systrap, kvm], 'a'.repeat(64), ['--platform=kvm'], 'boot-1')).toBe(kvm);
    expect(heldCheck([systrap, kvm], 'a'.repeat(64), [], 'boot-1')).toBe(systrap);
  });
  it('is made again after a reboot, for another build of the binary, or other arguments', () => {
    expect(heldCheck([kvm], 'a'.repeat(64), ['--platform=kvm'], 'boot-2')).toBeUndefined();
    expect(heldCheck([kvm], 'b'.repeat(64), ['--platform=kvm'], 'boot-1')).toBeUndefined();
    expect(heldCheck([kvm], 'a'.repeat(64), ['--platform=ptrace'], 'boot-1')).toBeUndefined();
    expect(heldCheck([kvm], 'a'.repeat(64), ['--platform=kvm', '--debug'], 'boot-1')).toBeUndefined();
    expect(heldCheck([], 'a'.repeat(64), ['--platform=kvm'], 'boot-1')).toBeUndefined();
  });
});
