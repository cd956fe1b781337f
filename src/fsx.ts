// File-system helpers shared by the lab and the campaign.
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { fileSystemError } from './errors.js';

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write a file through a temporary file and a rename, so a reader never sees half a file: a write
 * that fails (a full disk) leaves the old file or none, and no temporary file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
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
