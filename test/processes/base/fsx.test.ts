import { execa } from 'execa';
import { mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetbenchError } from '../../../src/base/errors.js';
import { makeDir, writeFileAtomic } from '../../../src/base/fsx.js';

describe('makeDir (mkdir -p)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nbfsx-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes missing parents, and is a no-op on a directory that exists', async () => {
    await makeDir(join(dir, 'a', 'b', 'c'));
    expect((await stat(join(dir, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    await makeDir(join(dir, 'a', 'b'));
    await makeDir(`${join(dir, 'a')}/./b/../b/`);
  });

  // Node's own mkdir(path, { recursive: true }) never returns on these two: figures -o /proc/x hung
  it('fails at once under /proc, naming the path, instead of spinning', async () => {
    const e = await makeDir('/proc/netbench-no-such/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetbenchError);
    expect((e as NetbenchError).message).toMatch(/cannot write \/proc\/netbench-no-such: ENOENT/);
    expect((e as NetbenchError).hint).toMatch(/check the path/);
  });

  it('fails through a dangling symbolic link, naming it', async () => {
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling'));
    const e = await makeDir(join(dir, 'dangling', 'out')).catch((x: unknown) => x);
    expect((e as NetbenchError).message).toContain(`cannot write ${join(dir, 'dangling')}: EEXIST`);
    expect((e as NetbenchError).hint).toMatch(/a symbolic link to nothing/);
  });

  it('fails on a path that is a file, or runs through one', async () => {
    await writeFile(join(dir, 'file'), '');
    for (const p of [join(dir, 'file'), join(dir, 'file', 'sub')]) {
      const e = await makeDir(p).catch((x: unknown) => x);
      expect((e as NetbenchError).message).toMatch(/ENOTDIR/);
      expect((e as NetbenchError).hint).toMatch(/A part of the path is a file/);
    }
  });
});

describe('writeFileAtomic', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nbfsx-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const f = join(dir, 'out.txt');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two');
    expect(await readFile(f, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['out.txt']);
  });
  // a device (`export -o /dev/full`) was replaced by a regular file; a pipe stands in for it here
  it('refuses a path that is a named pipe or a directory, and leaves it as it was', async () => {
    const fifo = join(dir, 'pipe');
    await execa('mkfifo', [fifo]);
    await expect(writeFileAtomic(fifo, 'x')).rejects.toThrow(`${fifo} is a named pipe, not a file: writing there would replace it`);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow(/is a directory, not a file/);
    expect((await readdir(dir)).sort()).toEqual(['out.txt', 'pipe']);
  });
});
