import { describe, expect, it } from 'vitest';
import { engineRuntimeName, offeredRuntimes, type HostFacts } from '../../../src/engine/host-facts.js';
import { engineNameFor, runtimeEntries } from '../../../src/engine/runtimes.js';
import { byRuntime, canonicalRuntime, hostinetOn, pairUnsupportedBy, runtimeInfo } from '../../../src/model/runtimes.js';
import { pingProbe, PING_DEFAULTS } from '../../../src/probes/ping.js';
import { sockperfProbe, SOCKPERF_DEFAULTS } from '../../../src/probes/sockperf.js';
import { BUILTIN_VARIANTS, VARIANT_NAME, variantOf } from '../../../src/model/variants.js';

describe('runtime variants', () => {
  it('are named after their base runtime, uniquely, with gVisor 2024 from trixie', () => {
    const names = BUILTIN_VARIANTS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of BUILTIN_VARIANTS) {
      expect(v.name).toMatch(VARIANT_NAME);
      expect(v.name.startsWith(`${v.base}-`)).toBe(true);
    }
    expect(variantOf('RUNSC-2024-ptrace')).toMatchObject({
      base: 'runsc',
      args: ['--platform=ptrace'],
      source: { kind: 'debian', suite: 'trixie' },
    });
    expect(variantOf('runsc-2024')?.args).toEqual([]);
    expect(variantOf('kata-clh')?.source).toEqual({
      kind: 'shim',
      shim: 'containerd-shim-kata-clh-v2',
      runtimeType: 'io.containerd.kata-clh.v2',
    });
    expect(variantOf('runsc-3000')).toBeUndefined();
  });
});

describe('a variant among the runtimes', () => {
  it("is a runtime of its own name with its base's limits", () => {
    expect(canonicalRuntime('runsc-2024-PTRACE')).toBe('runsc-2024-ptrace');
    expect(runtimeInfo('runsc-2024')).toMatchObject({
      name: 'runsc-2024',
      install: expect.stringMatching(/lab up --variants runsc-2024 \(fetches runsc from Debian trixie/),
    });
    expect(pairUnsupportedBy('kata-clh', { client: 'host', server: 'bridge' })).toMatch(/cannot join the host network namespace/);
    expect(() => canonicalRuntime('runsc-3000')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/variants: runsc-hostinet, runsc-2024,/) }),
    );
    expect(['runsc-2024', 'kata', 'runsc', 'runc', 'runsc-hostinet', 'bare', 'runsc-2024-ptrace', 'crun'].sort(byRuntime)).toEqual([
      'bare',
      'runc',
      'crun',
      'runsc',
      'runsc-hostinet',
      'runsc-2024',
      'runsc-2024-ptrace',
      'kata',
    ]);
  });

  it('is registered with its binary and arguments, a gVisor one also as <name>-host for the host driver', () => {
    const v = (name: string, path?: string) => ({ variant: variantOf(name)!, path });
    const e = runtimeEntries(
      { variants: [v('runsc-2024', '/w/runsc-2024'), v('runsc-2024-ptrace', '/w/p'), v('runsc-2024-hostinet', '/w/h'), v('kata-fc')] },
      20,
    );
    expect(e).toEqual({
      'runsc-2024': { path: '/w/runsc-2024' },
      'runsc-2024-host': { path: '/w/runsc-2024', runtimeArgs: ['--network=host'] },
      'runsc-2024-ptrace': { path: '/w/p', runtimeArgs: ['--platform=ptrace'] },
      'runsc-2024-ptrace-host': { path: '/w/p', runtimeArgs: ['--platform=ptrace', '--network=host'] },
      'runsc-2024-hostinet': { path: '/w/h', runtimeArgs: ['--network=host'] },
    });
    // a shim variant needs Docker >= 23
    expect(runtimeEntries({ variants: [v('kata-fc')] }, 26)).toEqual({ 'kata-fc': { runtimeType: 'io.containerd.kata-fc.v2' } });
    expect(engineNameFor('runsc-2024', 'host')).toBe('runsc-2024-host');
    expect(engineNameFor('runsc-2024-hostinet', 'host')).toBe('runsc-2024-hostinet');
    expect(engineNameFor('runsc-2024', 'bridge')).toBe('runsc-2024');
    expect(engineNameFor('runsc', 'host')).toBe('runsc-host');
  });

  it('is offered by an engine that registered it; its -host entry is not a runtime of its own', () => {
    const facts = {
      runtimes: ['runc', 'runsc', 'runsc-host', 'runsc-2024', 'runsc-2024-host', 'io.containerd.runc.v2'],
    } as unknown as HostFacts;
    expect(offeredRuntimes(facts).sort(byRuntime)).toEqual(['runc', 'runsc', 'runsc-2024']);
    expect(engineRuntimeName(facts, 'runsc-2024', 'host')).toBe('runsc-2024-host');
    expect(engineRuntimeName(facts, 'runsc-2024', 'macvlan')).toBe('runsc-2024');
    expect(engineRuntimeName(facts, 'runsc-2024-ptrace', 'bridge')).toBeUndefined();
  });
});

describe('lab up --variants', () => {
  it('takes a list or none, and refuses a name not in the catalogue with the catalogue', async () => {
    const { variantList } = await import('../../../src/cli/lab.js');
    const { wantedVariants } = await import('../../../src/lab/variants.js');
    expect(variantList(undefined)).toBeUndefined();
    expect(variantList('none')).toEqual([]);
    expect(variantList(' runsc-2024, runsc-2024-ptrace ')).toEqual(['runsc-2024', 'runsc-2024-ptrace']);
    // an empty entry is an error with an example, as for --runtimes (it was dropped in silence)
    for (const bad of ['runsc-2024,', 'runsc-2024, ,runsc-2024-ptrace', ''])
      expect(() => variantList(bad)).toThrow(
        expect.objectContaining({ hint: expect.stringContaining('--variants runsc-2024,runsc-2024-ptrace') }),
      );
    expect(wantedVariants(['runsc-2024']).map((v) => v.args)).toEqual([[]]);
    expect(() => wantedVariants(['runsc-2025'])).toThrow(
      expect.objectContaining({
        message: 'unknown runtime variant "runsc-2025"',
        hint: expect.stringMatching(/^Use some of: runsc-hostinet \(/),
      }),
    );
    expect(() => wantedVariants(['runsc-2024@server'])).toThrow(
      expect.objectContaining({
        message: '"runsc-2024@server" is a runtime at one end of a pair, not a runtime variant',
        hint: expect.stringMatching(
          /^Bring up its runtime \(netbench lab up --variants runsc-2024 for a variant\), then name runsc-2024@server in collect --runtimes/,
        ),
      }),
    );
  });
});

describe("gVisor's hostinet, by runtime and driver", () => {
  it('is on with the host driver for every gVisor, and on every driver for the hostinet variants only', () => {
    for (const rt of ['runsc', 'runsc-2024', 'runsc-2024-ptrace', 'runsc-hostinet']) expect(hostinetOn(rt, 'host'), rt).toBe(true);
    for (const d of ['bridge', 'macvlan', 'overlay'] as const) {
      expect(hostinetOn('runsc', d)).toBe(false);
      expect(hostinetOn('runsc-2024', d)).toBe(false);
      expect(hostinetOn('runsc-hostinet', d)).toBe(true);
      expect(hostinetOn('runsc-2024-hostinet', d)).toBe(true);
    }
    for (const rt of ['runc', 'crun', 'kata', 'kata-fc', 'bare']) expect(hostinetOn(rt, 'host'), rt).toBe(false);
  });
  it('makes ping and sockperf unsupported where the client is on hostinet, with the reason, for variants too', () => {
    const cell = (runtime: string, client: 'host' | 'bridge') => ({ runtime, client, server: 'macvlan' as const });
    for (const rt of ['runsc', 'runsc-2024-ptrace']) {
      expect(pingProbe.supports(cell(rt, 'host'), PING_DEFAULTS)).toMatch(/hostinet\) has no raw sockets/);
      expect(sockperfProbe.supports(cell(rt, 'host'), SOCKPERF_DEFAULTS)).toMatch(
        /hostinet\): sockperf's client fails, recvfrom\(\) returns EINVAL/,
      );
      expect(sockperfProbe.supports(cell(rt, 'bridge'), SOCKPERF_DEFAULTS)).toBeUndefined();
    }
    expect(sockperfProbe.supports(cell('runsc-hostinet', 'bridge'), SOCKPERF_DEFAULTS)).toMatch(/EINVAL/);
    expect(sockperfProbe.supports(cell('runc', 'host'), SOCKPERF_DEFAULTS)).toBeUndefined();
    // a runtime at one end only: what counts is the client's runtime
    expect(sockperfProbe.supports(cell('runsc-hostinet@client', 'bridge'), SOCKPERF_DEFAULTS)).toMatch(/EINVAL/);
    expect(pingProbe.supports(cell('runsc@client', 'host'), PING_DEFAULTS)).toMatch(/no raw sockets/);
    expect(sockperfProbe.supports(cell('runsc-hostinet@server', 'bridge'), SOCKPERF_DEFAULTS)).toBeUndefined();
    expect(pingProbe.supports(cell('runsc@server', 'host'), PING_DEFAULTS)).toBeUndefined();
  });
});
