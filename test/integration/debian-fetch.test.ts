// A binary fetched from Debian trixie's archive (the only archive besides bookworm's this machine
// reaches), verified by apt, unpacked, and cached: the second fetch runs no apt at all.
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchDebianBinary, sha256File } from '../../src/host/debian-fetch.js';
import { variantOf } from '../../src/model/variants.js';

const dir = mkdtempSync(join(tmpdir(), 'nbfetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gVisor 2024 from Debian trixie', { timeout: 600_000 }, () => {
  it('is fetched, verified and unpacked once, then read from the cache', async () => {
    const src = variantOf('runsc-2024')!.source;
    if (src.kind !== 'debian') throw new Error('runsc-2024 is not a Debian variant');
    const logs: string[] = [];
    const first = await fetchDebianBinary(src, join(dir, src.suite), (m) => logs.push(m));
    expect(first.version).toMatch(/^0\.0~2024\d{4}/);
    expect(first.sha256).toBe(await sha256File(first.path));
    expect((await execa(first.path, ['--version'])).stdout).toMatch(/^runsc version 0\.0~2024\d{4}/);
    // the machine's own apt configuration is untouched: the sources list is ours
    expect(logs).toEqual([expect.stringMatching(/^fetching runsc from Debian trixie/)]);
    const again: string[] = [];
    expect(await fetchDebianBinary(src, join(dir, src.suite), (m) => again.push(m))).toEqual(first);
    expect(again).toEqual([]);
  });
});
