// The toolkit's own identity, as a campaign's manifest and `netbench --version` record it: its
// package name and version, its git commit, and whether its tree has changes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The toolkit's own clone (where this file lives), whatever the caller's working directory. */
export const TOOLKIT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The toolkit's package.json name and version. */
export const toolkitPackage = (): { name: string; version: string } =>
  z.object({ name: z.string(), version: z.string() }).parse(JSON.parse(readFileSync(resolve(TOOLKIT_ROOT, 'package.json'), 'utf8')));

/** What `git <args>` prints in the toolkit's clone; '' when git or the clone is missing (a copied tree). */
export function toolkitGit(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: TOOLKIT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return '';
  }
}

/** The toolkit's commit (full hash), the manifest's record of it; '' when it is not a git clone (or git is missing). */
export const toolkitCommit = (): string => toolkitGit(['rev-parse', 'HEAD']);

/**
 * Whether `git status --porcelain` output shows changes to the toolkit itself. Paths under the
 * campaign's own output directory are left out: a campaign's data is written (untracked) inside the
 * clone while it runs, and would otherwise mark every resumed session as run from a dirty tree.
 */
export function toolkitDirty(porcelain: string, repoRoot: string, outDir: string): boolean {
  const rel = relative(resolve(repoRoot), resolve(repoRoot, outDir)).split(sep).join('/');
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return porcelain
    .split('\n')
    .filter((l) => l.trim() !== '')
    .some((l) => !(inside && pathsOf(l).every((p) => p === rel || p.startsWith(`${rel}/`))));
}

/** The path(s) of one porcelain v1 line: `XY path` or `XY old -> new` for a rename; quoted paths unquoted. */
function pathsOf(line: string): string[] {
  return line
    .slice(3)
    .split(' -> ')
    .map((p) => (p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p));
}
