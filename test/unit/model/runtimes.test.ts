import { describe, expect, it } from 'vitest';
import { canonicalRuntime, runtimeInfo } from '../../../src/model/runtimes.js';

describe('runtime names', () => {
  it('accepts aliases, including the Kata shim name', () => {
    expect(canonicalRuntime('io.containerd.kata.v2')).toBe('kata');
    expect(canonicalRuntime('gVisor')).toBe('runsc');
    expect(canonicalRuntime('runc')).toBe('runc');
  });
  it('names the known runtimes when given an unknown one', () => {
    expect(() => canonicalRuntime('youki')).toThrow(/unknown runtime "youki"/);
    try {
      canonicalRuntime('youki');
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/runc, crun, runsc, kata/);
    }
  });
  it('knows that Kata cannot use the host driver, with a reason', () => {
    expect(runtimeInfo('kata')?.unsupportedDrivers.host).toMatch(/VM/);
    expect(runtimeInfo('runc')?.unsupportedDrivers.host).toBeUndefined();
  });
});
