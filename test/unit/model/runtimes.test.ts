import { describe, expect, it } from 'vitest';
import {
  baseRuntime,
  byRuntime,
  canonicalRuntime,
  hostinetOn,
  pairUnsupportedBy,
  runtimeAt,
  runtimeInfo,
} from '../../../src/model/runtimes.js';

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

describe('a runtime at one end of the pair only', () => {
  it('runs the named runtime at its end and runc at the other', () => {
    expect([runtimeAt('runsc-2024@server', 'server'), runtimeAt('runsc-2024@server', 'client')]).toEqual(['runsc-2024', 'runc']);
    expect([runtimeAt('runsc@client', 'server'), runtimeAt('runsc@client', 'client')]).toEqual(['runc', 'runsc']);
    expect([runtimeAt('crun', 'server'), runtimeAt('crun', 'client')]).toEqual(['crun', 'crun']);
  });
  it('is a runtime name of its own: aliases resolved, shown after its runtime, a gVisor configuration', () => {
    expect(canonicalRuntime('gVisor@Server')).toBe('runsc@server');
    expect(canonicalRuntime('runsc-2024@client')).toBe('runsc-2024@client');
    expect(runtimeInfo('runsc-2024@server')?.isolation).toMatch(/trixie.*; at the server only, runc at the client$/);
    expect(baseRuntime('runsc-2024@server')).toBe('runsc');
    expect(['runsc-2024@server', 'runc', 'runsc-2024', 'runsc-2024@client', 'runsc', 'crun'].sort(byRuntime)).toEqual([
      'runc',
      'crun',
      'runsc',
      'runsc-2024',
      'runsc-2024@client',
      'runsc-2024@server',
    ]);
  });
  it('refuses what would not put another runtime at one end: runc, the bare host, an unknown or nested name', () => {
    for (const bad of ['runc@server', 'bare@client', 'youki@server', 'runsc@server@client', 'runsc@both', '@server'])
      expect(() => canonicalRuntime(bad), bad).toThrow(/unknown runtime/);
    expect(() => canonicalRuntime('youki@server')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/<runtime>@server or <runtime>@client/) }),
    );
  });
  it('checks each end against its own driver', () => {
    const hostBridge = { client: 'host', server: 'bridge' } as const;
    expect(pairUnsupportedBy('kata@server', hostBridge)).toBeUndefined(); // runc on the host driver, Kata on bridge
    expect(pairUnsupportedBy('kata@client', hostBridge)).toMatch(/cannot join the host network namespace/);
    expect(hostinetOn(runtimeAt('runsc-hostinet@server', 'client'), 'bridge')).toBe(false);
    expect(hostinetOn(runtimeAt('runsc-hostinet@client', 'client'), 'bridge')).toBe(true);
  });
});
