// File-system helpers shared by the lab and the campaign.
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileSystemError, NetbenchError } from './errors.js';

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `mkdir -p`: make a directory and its missing parents. Not Node's `mkdir(path, { recursive: true })`,
 * which spins forever where mkdir answers ENOENT under a parent that exists (a path under /proc, a
 * dangling symbolic link): it reads ENOENT as "make the parent first". Errors name the path and the fix.
 */
export async function makeDir(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = resolve(path); !(await exists(p)); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      // (made meanwhile by someone else: fine, if it is a directory)
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST' && (await isDirectory(d)))) throw fileSystemError(e, d) ?? e;
    }
  }
  if (!missing.length && !(await isDirectory(path)))
    throw fileSystemError(Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR' }), path)!;
}

const isDirectory = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** What is at `path` when it is there and not a regular file (the rename would put a file in its place). */
async function notAFile(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined);
  if (!s || s.isFile()) return undefined;
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isFIFO()) return 'a named pipe';
  return s.isSocket() ? 'a socket' : 'not a regular file';
}

/**
 * Write a file through a temporary file and a rename, so a reader never sees half a file: a write
 * that fails (a full disk) leaves the old file or none, and no temporary file. A path that is a device,
 * pipe or directory is refused: the rename would replace it (`export -o /dev/full` once did).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const kind = await notAFile(path);
  if (kind)
    throw new NetbenchError(
      'bad-config',
      `${path} is ${kind}, not a file: writing there would replace it`,
      'Give the path of a file to write (a new one, or a file to replace).',
    );
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw fileSystemError(e, path) ?? e;
  }
}

/** Write JSON atomically (writeFileAtomic). */
export const writeJsonAtomic = (path: string, value: unknown): Promise<void> =>
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
