// The runtime binaries of an engine, read through it: which runtimes (docker info's Runtimes), which
// host folders the reading container mounts, and the records parsed from its output (recorded on the
// emulated lab: test/fixtures/docker/README).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRuntimes, hostFolders, parseRuntimeBinaries } from '../../../src/engine/runtime-binaries.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/docker/${f}`, import.meta.url), 'utf8');
const RUNTIMES = JSON.parse(fixture('runtimes-emulated-lab.json')) as Record<string, unknown>;

describe('the runtime binaries of an engine', () => {
  it('takes runc, crun and runsc from docker info, by the path the engine runs (a name or a file)', () => {
    const rs = builtinRuntimes(RUNTIMES);
    expect(rs).toEqual([
      { name: 'runc', path: 'runc' },
      { name: 'crun', path: '/usr/bin/crun' },
      { name: 'runsc', path: '/var/lib/netbench/nb/bin/runsc-netns-wrapper' },
    ]);
    // containerd's aliases, the host-driver registration and an entry without a path are not runtimes of their own here
    expect(builtinRuntimes({ runc: {}, 'runsc-host': { path: '/usr/bin/runsc' }, 'io.containerd.runc.v2': { path: 'runc' } })).toEqual([]);
    expect(builtinRuntimes(null)).toEqual([]);
  });

  it('mounts /usr and the folder of a runtime registered elsewhere, once', () => {
    expect(hostFolders(builtinRuntimes(RUNTIMES))).toEqual(['/usr', '/var/lib/netbench/nb/bin']);
    expect(
      hostFolders([
        { name: 'runc', path: '/opt/rt/runc' },
        { name: 'crun', path: '/opt/rt/crun' },
        { name: 'runsc', path: '/usr/local/bin/runsc' },
      ]),
    ).toEqual(['/usr', '/opt/rt']);
  });

  it("parses each runtime's binary, build and sha256, for the host it was read on", () => {
    const { binaries, missing } = parseRuntimeBinaries(fixture('runtime-binaries.txt'), 'B', ['runc', 'crun', 'runsc']);
    expect(missing).toEqual([]);
    expect(binaries).toEqual([
      {
        name: 'runc',
        binary: '/usr/sbin/runc',
        version: 'runc version 1.1.5+ds1',
        sha256: '9a87d5bcdd630ec420ec56a6c21b70aa6960edcefe1cf4bb181cee290bdd6b98',
        host: 'B',
      },
      {
        name: 'crun',
        binary: '/usr/bin/crun',
        version: 'crun version 1.8.1',
        sha256: '2210e1844d40cbee409e3a97c99ef974c10a6a249db4a933661e765396f5c1c9',
        host: 'B',
      },
      {
        name: 'runsc',
        binary: '/usr/bin/runsc', // the wrapper the engine runs, followed to the binary it execs
        version: 'runsc version 0.0~20221219.0',
        sha256: 'de98831af671d537a66cd36b4ae1d797e03f9d265375162ab2221a9a33c2592c',
        host: 'B',
      },
    ]);
  });

  it('names what it could not read: a runtime missing on the host, a report cut short, one never reported', () => {
    const out = [
      '== runc',
      'missing runc is in none of /usr/local/sbin, /usr/bin on the host',
      '== crun',
      'binary /usr/bin/crun',
      'sha256 abc',
    ].join('\n');
    expect(parseRuntimeBinaries(out, 'A', ['runc', 'crun', 'runsc'])).toEqual({
      binaries: [],
      missing: [
        'runc: runc is in none of /usr/local/sbin, /usr/bin on the host',
        'crun: the report was incomplete',
        'runsc: not reported (the reading container stopped first)',
      ],
    });
  });
});
