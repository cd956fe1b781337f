import { isAbsolute, relative, resolve, sep } from 'node:path';

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
