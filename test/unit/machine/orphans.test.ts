import { describe, expect, it } from 'vitest';
import { shimsUnder, withDescendants, type Proc } from '../../../src/machine/orphans.js';

// Process lines as seen here after host B's dockerd was killed (ps -eo pid,ppid,args).
const procs: Proc[] = [
  { pid: 1, ppid: 0, cmdline: ['/process_api'] },
  {
    pid: 6175,
    ppid: 1,
    cmdline: [
      '/usr/bin/containerd-shim-runc-v2',
      '-namespace',
      'nb-hostB',
      '-id',
      '5cb0',
      '-address',
      '/run/netbench/nb/hostB/exec/containerd/containerd.sock',
    ],
  },
  { pid: 6196, ppid: 6175, cmdline: ['sleep', 'infinity'] },
  { pid: 6200, ppid: 6196, cmdline: ['child-of-sleep'] },
  // another lab's engine and the system's own: never touched
  {
    pid: 7000,
    ppid: 1,
    cmdline: [
      '/usr/bin/containerd-shim-runc-v2',
      '-namespace',
      'nb2-hostB',
      '-address',
      '/run/netbench/nb2/hostB/exec/containerd/containerd.sock',
    ],
  },
  {
    pid: 7100,
    ppid: 1,
    cmdline: ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-address', '/run/containerd/containerd.sock'],
  },
  { pid: 7200, ppid: 1, cmdline: ['/usr/bin/dockerd', '--exec-root', '/run/netbench/nb/hostB/exec'] },
];

describe('container shims left by an engine that died', () => {
  it("finds only the shims whose socket lies under the lab's run directory", () => {
    expect(shimsUnder(procs, '/run/netbench/nb')).toEqual([6175]);
    expect(shimsUnder(procs, '/run/netbench/nb/')).toEqual([6175]);
    expect(shimsUnder(procs, '/run/netbench/n')).toEqual([]); // a prefix of a name is not the directory
  });

  it('ends the container processes below a shim before the shim', () => {
    expect(withDescendants(procs, [6175])).toEqual([6200, 6196, 6175]);
    expect(withDescendants(procs, [])).toEqual([]);
  });
});
