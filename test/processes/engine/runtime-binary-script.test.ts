// The script that reads an engine's runtime binaries, run by bash on a folder laid out like a
// host's file system (the container sees the host's at /host; here a temporary folder): a runtime
// found by name in /usr's bin folders, one registered by a wrapper script followed to the binary it
// execs, and one whose file is missing.
import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuntimeBinaries, runtimeBinaryScript } from '../../../src/engine/runtime-binaries.js';

const sha256 = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('the runtime binary script', () => {
  it('finds, follows, hashes and asks each runtime for its version; names a missing one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nb rtbin-')); // a space in the path, as a host's could have
    for (const d of ['usr/sbin', 'usr/bin', 'opt/wrap']) mkdirSync(join(root, d), { recursive: true });
    // GNU coreutils' echo and true answer --version with their name and version: stand-ins for runtimes
    copyFileSync('/bin/echo', join(root, 'usr/sbin/runc'));
    copyFileSync('/bin/true', join(root, 'usr/bin/runsc'));
    writeFileSync(join(root, 'opt/wrap/runsc-wrapper'), '#!/bin/sh\nset -e\nexec /usr/bin/runsc "$@"\n');
    chmodSync(join(root, 'opt/wrap/runsc-wrapper'), 0o755);
    const script = runtimeBinaryScript(
      [
        { name: 'runc', path: 'runc' },
        { name: 'crun', path: '/usr/bin/crun' },
        { name: 'runsc', path: '/opt/wrap/runsc-wrapper' },
      ],
      root,
    );
    const r = await execa('bash', ['-c', script]);
    const { binaries, missing } = parseRuntimeBinaries(r.stdout, 'A', ['runc', 'crun', 'runsc']);
    expect(binaries).toEqual([
      {
        name: 'runc',
        binary: '/usr/sbin/runc',
        version: expect.stringMatching(/^echo \(GNU coreutils\) /),
        sha256: sha256('/bin/echo'),
        host: 'A',
      },
      {
        name: 'runsc',
        binary: '/usr/bin/runsc',
        version: expect.stringMatching(/^true \(GNU coreutils\) /),
        sha256: sha256('/bin/true'),
        host: 'A',
      },
    ]);
    expect(missing).toEqual(['crun: /usr/bin/crun is not a file on the host']);
  });
});
