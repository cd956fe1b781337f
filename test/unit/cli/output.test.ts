import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TOOLKIT_ROOT } from '../../../src/base/toolkit.js';
import { formatTable, launcher } from '../../../src/cli/output.js';
import { daemonJson } from '../../../src/lab/daemon.js';

describe('formatTable', () => {
  it('pads columns to the widest cell', () => {
    expect(formatTable(['a', 'bbb'], [['xx', 'y']])).toBe('a   bbb\n--  ---\nxx  y');
  });
});

describe('launcher', () => {
  it('is ./netbench in the clone and its full path anywhere else, so a printed command works where it is typed', () => {
    expect(launcher(TOOLKIT_ROOT)).toBe('./netbench');
    expect(launcher('/tmp')).toBe(join(TOOLKIT_ROOT, 'netbench'));
    expect(launcher(join(TOOLKIT_ROOT, 'data'))).toBe(join(TOOLKIT_ROOT, 'netbench'));
  });
});

describe('daemon.json', () => {
  it('gives a second engine its own sockets, roots, pid file and containerd namespace', () => {
    const j = daemonJson({
      runtimes: { crun: { path: '/usr/bin/crun' } },
      bip: '10.77.17.1/24',
      pool: '10.77.48.0/20',
      hosts: ['unix:///run/netbench/nb/hostB/docker.sock'],
      dataRoot: '/var/lib/netbench/nb/hostB/docker',
      execRoot: '/run/netbench/nb/hostB/exec',
      pidfile: '/run/netbench/nb/hostB/dockerd.pid',
      containerdNamespace: 'nb-hostB',
    });
    expect(j).toMatchObject({
      hosts: ['unix:///run/netbench/nb/hostB/docker.sock'],
      'data-root': '/var/lib/netbench/nb/hostB/docker',
      'exec-root': '/run/netbench/nb/hostB/exec',
      'containerd-namespace': 'nb-hostB',
      bip: '10.77.17.1/24',
      'default-address-pools': [{ base: '10.77.48.0/20', size: 24 }],
    });
  });
  it('leaves host A on the default socket and data root', () => {
    const j = daemonJson({ runtimes: {}, bip: '10.77.16.1/24', pool: '10.77.32.0/20' });
    expect(j).not.toHaveProperty('hosts');
    expect(j).not.toHaveProperty('data-root');
  });
});
