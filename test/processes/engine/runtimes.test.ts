import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineMajorVersion, engineNameFor, runtimeEntries } from '../../../src/engine/runtimes.js';
import {
  controllersToMoveToV1,
  runscWrapper,
  unmountedV1Controllers,
  v1ControllersFromMounts,
} from '../../../src/machine/runtime-fixes.js';
import { tempDir } from '../../temp-dir.js';

describe('engine runtime names', () => {
  it('maps runsc with the host driver to its hostinet variant only', () => {
    expect(engineNameFor('runsc', 'host')).toBe('runsc-host');
    expect(engineNameFor('runsc', 'bridge')).toBe('runsc');
    expect(engineNameFor('runc', 'host')).toBe('runc');
  });
});

describe('daemon.json runtimes', () => {
  it('registers crun, runsc (+ hostinet variant) by path', () => {
    const e = runtimeEntries({ crun: '/usr/bin/crun', runsc: '/w/runsc-netns-wrapper', runscBinary: '/usr/bin/runsc' }, 20);
    expect(e).toEqual({
      crun: { path: '/usr/bin/crun' },
      runsc: { path: '/w/runsc-netns-wrapper' },
      'runsc-host': { path: '/usr/bin/runsc', runtimeArgs: ['--network=host'] },
    });
  });
  it('registers Kata by its shim v2 name only where the engine supports shim runtimes (>= 23)', () => {
    expect(runtimeEntries({ kataShimV2: '/opt/kata/bin/containerd-shim-kata-v2' }, 24).kata).toEqual({
      runtimeType: 'io.containerd.kata.v2',
    });
    expect(runtimeEntries({ kataShimV2: '/opt/kata/bin/containerd-shim-kata-v2' }, 20).kata).toBeUndefined();
    expect(runtimeEntries({ kataShimV2: '/x', kataRuntimeV1: '/usr/bin/kata-runtime' }, 20).kata).toEqual({
      path: '/usr/bin/kata-runtime',
    });
  });
  it('reads engine major versions', () => {
    expect(engineMajorVersion('Docker version 20.10.24+dfsg1, build 5d6db84')).toBe(20);
    expect(engineMajorVersion('24.0.7')).toBe(24);
    expect(() => engineMajorVersion('unknown')).toThrow();
  });
});

describe('cgroup hybrid fix for crun', () => {
  const mounts = [
    'cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0',
    'cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0',
    'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0',
  ].join('\n');
  it('moves only controllers that v1 does not mount', () => {
    const v1 = v1ControllersFromMounts(mounts);
    expect(v1.has('memory')).toBe(true);
    expect(controllersToMoveToV1('hugetlb memory\n', v1)).toEqual(['hugetlb']);
    expect(controllersToMoveToV1('\n', v1)).toEqual([]);
  });
  it('finds a v1 hierarchy the kernel kept after its umount (recorded /proc/cgroups)', () => {
    // This machine after a lab down: hugetlb still on hierarchy 10, mounted nowhere; net_cls on 0.
    const procCgroups = [
      '#subsys_name\thierarchy\tnum_cgroups\tenabled',
      'cpu\t1\t4\t1',
      'memory\t4\t815\t1',
      'net_cls\t0\t4\t1',
      'hugetlb\t10\t1\t1',
      'rdma\t11\t1\t0',
    ].join('\n');
    const v1 = v1ControllersFromMounts(mounts);
    expect(unmountedV1Controllers(procCgroups, v1)).toEqual(['hugetlb']);
    expect(unmountedV1Controllers(procCgroups, new Set([...v1, 'hugetlb']))).toEqual([]);
  });
});

describe('runsc netns wrapper (run with /bin/echo in place of runsc)', () => {
  const dir = tempDir('nbwrap');
  const wrapper = join(dir, 'wrapper');
  writeFileSync(wrapper, runscWrapper('/bin/echo'));
  chmodSync(wrapper, 0o755);
  const bundle = (name: string, spec: object) => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'config.json'), JSON.stringify(spec));
    return join(dir, name);
  };
  const own = bundle('own', { linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: '/var/run/docker/netns/x' }] } });
  const host = bundle('host', { linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }] } });

  it('passes create through for a container with its own network namespace', () => {
    expect(execFileSync(wrapper, ['--root', 'r', 'create', '--bundle', own, 'id1']).toString().trim()).toBe(
      `--root r create --bundle ${own} id1`,
    );
  });
  it("refuses create for a container in the host's network namespace", () => {
    for (const args of [
      ['create', '--bundle', host, 'id2'],
      ['create', `--bundle=${host}`, 'id2'],
    ]) {
      const r = spawnSync(wrapper, args);
      expect(r.status).toBe(1);
      expect(r.stderr.toString()).toMatch(/take over the host's addresses/);
    }
  });
  it('passes other subcommands through unchanged', () => {
    expect(execFileSync(wrapper, ['--root', 'r', 'delete', 'id']).toString().trim()).toBe('--root r delete id');
  });
});
