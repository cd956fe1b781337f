import { describe, expect, it } from 'vitest';
import { aptOptions, parseAptShow } from '../../../src/machine/debian-fetch.js';

// `apt-cache show --no-all-versions runsc` against trixie's index (recorded 2026-12-02)
const SHOW = `Package: runsc
Source: golang-gvisor-gvisor (0.0~20240729.0-4)
Version: 0.0~20240729.0-4+b7
Installed-Size: 35476
Maintainer: Debian Go Packaging Team <team+pkg-go@tracker.debian.org>
Architecture: amd64
Filename: pool/main/g/golang-gvisor-gvisor/runsc_0.0~20240729.0-4+b7_amd64.deb
Size: 7121792
MD5sum: 6e0e9c6f2a7d1d0a1d3b2d9b0d7f3c11
SHA256: 3c25a5130dfac2f71237d5baad56ac86a255de87a0400f11b36a555156dc325a
Description: Application Kernel for Containers

Package: runsc
Version: 0.0~20221219.0-2+b3
SHA256: 0000
`;

describe('fetching a binary from another Debian suite', () => {
  it("reads the candidate's version and the hash apt's signed index lists", () => {
    expect(parseAptShow(SHOW)).toEqual({
      version: '0.0~20240729.0-4+b7',
      sha256: '3c25a5130dfac2f71237d5baad56ac86a255de87a0400f11b36a555156dc325a',
    });
    expect(parseAptShow('Package: runsc\n')).toBeUndefined();
  });

  it('keeps apt to its own files: sources list, lists and cache under the directory, no other source part', () => {
    const o = aptOptions('/x/trixie');
    const opts = Object.fromEntries(o.filter((_, i) => i % 2 === 1).map((kv) => kv.split('=') as [string, string]));
    expect(o.filter((_, i) => i % 2 === 0).every((f) => f === '-o')).toBe(true);
    expect(opts).toEqual({
      'Dir::Etc::SourceList': '/x/trixie/sources.list',
      'Dir::Etc::SourceParts': '/dev/null',
      'Dir::State::Lists': '/x/trixie/lists',
      'Dir::Cache': '/x/trixie/cache',
      'APT::Sandbox::User': 'root',
    });
  });
});
