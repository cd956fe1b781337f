// A fresh directory under the temporary directory for a test, removed after the test file's last
// test: a test run by hand (without scripts/test.sh's own TMPDIR) leaves nothing in /tmp. A
// directory with something still mounted under it (a test that failed before its unmount) is left
// alone and named, never removed through the mount.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/** The mount points of this process's mount namespace (Linux). */
const mountPoints = (): string[] =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4] ?? '');

// Each test file imports this module afresh (vitest isolates files), so the hook is the file's own.
afterAll(() => {
  const mounts = mountPoints();
  for (const d of made.splice(0)) {
    const mounted = mounts.find((m) => m === d || m.startsWith(`${d}/`));
    if (mounted) console.warn(`temp-dir: left ${d}: ${mounted} is still mounted (umount it, then remove the directory)`);
    else rmSync(d, { recursive: true, force: true });
  }
});

/** `<tmpdir>/<prefix>-XXXXXX`, made now and removed when the test file is done. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
