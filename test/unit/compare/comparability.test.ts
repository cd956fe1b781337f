// What compare refuses: the differences between two manifests that touch the cells compared.
import { describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '../../../src/dataset/manifest.js';
import { accepted, manifestDifferences, touches } from '../../../src/compare/comparability.js';

const DATA = new URL('../../../data/raw/', import.meta.url).pathname;
const load = (id: string) => readManifest(DATA + id);
const cell = (experiment: string, metric: string, runtime: string, load = 'idle') => ({
  experiment,
  metric,
  unit: '',
  runtime,
  pair: 'bridge,bridge',
  load,
});
/** A copy of a manifest, changed. */
const edited = (m: Manifest, f: (c: Manifest) => void): Manifest => {
  const c = structuredClone(m);
  f(c);
  return c;
};

describe('manifestDifferences', () => {
  it('finds none between a campaign and itself', async () => {
    const m = await load('2026-11-23T2034Z-nb');
    expect(manifestDifferences(m, m)).toEqual([]);
  });

  it('names the kernel builds (over every session) and the image recipe between the two default campaigns, nothing else', async () => {
    const d = manifestDifferences(await load('2026-11-23T0915Z-nb'), await load('2026-11-23T2034Z-nb'));
    expect(d.map((x) => [x.name, x.what, x.a, x.b])).toEqual([
      ['kernel', 'kernel of host A', '6.18.44-fc-v657, 6.18.44-fc-v782', '6.18.44-fc-v782'],
      ['kernel', 'kernel of host B', '6.18.44-fc-v657, 6.18.44-fc-v782', '6.18.44-fc-v782'],
      ['image', "benchmark image's recipe", 'netbench/bench:b9dac5b1c6bd', 'netbench/bench:3e84aa285bff'],
    ]);
    expect(d.every((x) => touches(x, cell('latency', 'ping_rtt_avg', 'crun')))).toBe(true);
  });

  it("scopes a probe's setting to its metrics, stress to the stress load, a runtime's binary to its cells", async () => {
    const m = await load('2026-11-23T2034Z-nb');
    const other = edited(m, (c) => {
      c.config.iperf3.durationS = 20;
      c.config.iperf3.port = 6000; // where it listens: not a difference
      c.config.stress.method = 'matrixprod';
      c.runtimeBinaries = [{ name: 'runc', binary: '/usr/sbin/runc', version: 'runc version 1.1.5+ds1', sha256: 'a'.repeat(64) }];
    });
    const withRunc = edited(m, (c) => {
      c.runtimeBinaries = [{ name: 'runc', binary: '/usr/sbin/runc', version: 'runc version 1.1.12', sha256: 'b'.repeat(64) }];
    });
    const d = manifestDifferences(withRunc, other);
    const by = (name: string) => d.find((x) => x.name === name)!;
    expect(d.map((x) => x.name)).toEqual(['iperf3', 'stress', 'runtime:runc']);
    expect(by('iperf3')).toMatchObject({ what: 'iperf3 durationS', a: '10', b: '20' });
    expect(touches(by('iperf3'), cell('bandwidth', 'bandwidth', 'runc'))).toBe(true);
    expect(touches(by('iperf3'), cell('bandwidth', 'cpu_s_per_gb', 'runc'))).toBe(true);
    expect(touches(by('iperf3'), cell('latency', 'sockperf_rtt_p50', 'runc'))).toBe(false);
    expect(touches(by('stress'), cell('bandwidth', 'bandwidth', 'runc', 'stress'))).toBe(true);
    expect(touches(by('stress'), cell('bandwidth', 'bandwidth', 'runc', 'idle'))).toBe(false);
    expect(by('runtime:runc')).toMatchObject({
      a: 'runc version 1.1.12 (sha256 bbbbbbbbbbbb)',
      b: 'runc version 1.1.5+ds1 (sha256 aaaaaaaaaaaa)',
    });
    expect(touches(by('runtime:runc'), cell('latency', 'ping_rtt_avg', 'runc'))).toBe(true);
    expect(touches(by('runtime:runc'), cell('latency', 'ping_rtt_avg', 'crun'))).toBe(false);
    // runc runs at the other end of a one-end cell, and the bare host's processes run in runc containers
    expect(touches(by('runtime:runc'), cell('latency', 'ping_rtt_avg', 'runsc@server'))).toBe(true);
    expect(touches(by('runtime:runc'), cell('latency', 'ping_rtt_avg', 'bare'))).toBe(true);
    // a binary recorded on one side only (an older campaign) is no difference
    expect(manifestDifferences(m, withRunc)).toEqual([]);
  });

  it("names the host of a remote engine's runtime binary, and finds a change on one host only", async () => {
    const m = await load('2026-11-23T2034Z-nb');
    const runc = (host: 'A' | 'B', v: string, h: string) => ({
      name: 'runc',
      binary: '/usr/sbin/runc',
      version: v,
      sha256: h.repeat(64),
      host,
    });
    const before = edited(m, (c) => {
      c.runtimeBinaries = [runc('A', 'runc version 1.1.5', 'a'), runc('B', 'runc version 1.1.5', 'a')];
    });
    const after = edited(m, (c) => {
      c.runtimeBinaries = [runc('A', 'runc version 1.1.5', 'a'), runc('B', 'runc version 1.1.12', 'b')];
    });
    expect(manifestDifferences(before, before)).toEqual([]);
    expect(manifestDifferences(before, after).map((x) => [x.name, x.a, x.b])).toEqual([
      [
        'runtime:runc',
        'A: runc version 1.1.5 (sha256 aaaaaaaaaaaa), B: runc version 1.1.5 (sha256 aaaaaaaaaaaa)',
        'A: runc version 1.1.5 (sha256 aaaaaaaaaaaa), B: runc version 1.1.12 (sha256 bbbbbbbbbbbb)',
      ],
    ]);
  });

  it("names a variant's binary and arguments; --accept takes a name, runtime:<name> or runtime for all", async () => {
    const m = await load('2026-12-05T1838Z-nb');
    const other = edited(m, (c) => {
      c.variants![0]!.sha256 = 'c'.repeat(64);
      c.variants![1]!.args = ['--network=host', '--gso=false'];
    });
    const d = manifestDifferences(m, other);
    expect(d.map((x) => [x.name, x.what])).toEqual([
      ['runtime:runsc-2024', "runsc-2024's binary (sha256)"],
      ['runtime:runsc-2024-hostinet', "runsc-2024-hostinet's arguments"],
    ]);
    expect(touches(d[0]!, cell('bandwidth', 'bandwidth', 'runsc-2024@server'))).toBe(true);
    expect(touches(d[0]!, cell('bandwidth', 'bandwidth', 'runsc-2024@client'))).toBe(true);
    expect(touches(d[0]!, cell('bandwidth', 'bandwidth', 'runc'))).toBe(false);
    expect(touches(d[0]!, cell('bandwidth', 'bandwidth', 'runsc-2024-hostinet'))).toBe(false);
    expect(accepted(d[0]!, ['runtime:runsc-2024'])).toBe(true);
    expect(accepted(d[1]!, ['runtime:runsc-2024'])).toBe(false);
    expect(d.every((x) => accepted(x, ['runtime']))).toBe(true);
    expect(accepted(d[0]!, ['kernel', 'image'])).toBe(false);
  });
});
