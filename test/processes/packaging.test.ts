// Every package src/ loads at run time is a dependency, not a devDependency: `npm ci --omit=dev`
// (what a user who only runs the toolkit may do) must leave collect and analyse working. And the
// launcher's dependency check takes a node_modules a plain `npm ci` left, without installing again.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Packages imported for their values (not `import type`, not `declare module`). */
function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'".][^'"]*)['"]/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)) out.push(m[1]!);
  return out.filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('packaging', () => {
  it('lists every package src/ imports at run time under dependencies', () => {
    const used = new Set(sources(join(ROOT, 'src')).flatMap((f) => runtimeImports(readFileSync(f, 'utf8'))));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((p) => !(p in pkg.dependencies)).sort()).toEqual([]);
  });
});

describe('scripts/ensure-node-deps.sh', () => {
  /**
   * A clone in miniature: the script, a lockfile and what npm left in node_modules, run with a PATH
   * that has no npm, so a decision to reinstall shows as "npm is missing".
   */
  function miniClone(installed: Record<string, unknown>) {
    const root = tempDir('nbdeps');
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'node_modules'));
    copyFileSync(join(ROOT, 'scripts/ensure-node-deps.sh'), join(root, 'scripts/ensure-node-deps.sh'));
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'x' },
        'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' },
        'node_modules/b-darwin': { version: '2.0.0', integrity: 'sha512-b', optional: true },
      },
    };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    for (const tool of [process.execPath, '/usr/bin/sha256sum', '/usr/bin/cut', '/usr/bin/cat', '/usr/bin/dirname'])
      symlinkSync(tool, join(bin, tool.split('/').at(-1)!));
    const r = spawnSync('/bin/bash', [join(root, 'scripts/ensure-node-deps.sh')], { env: { PATH: bin }, encoding: 'utf8' });
    const stamp = join(root, 'node_modules/.netbench-lock-hash');
    return { status: r.status, stderr: r.stderr, stamped: existsSync(stamp) };
  }

  it("takes a node_modules that npm installed from this lockfile, other platforms' optional packages left out", () => {
    const r = miniClone({ 'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' } });
    expect(r).toEqual({ status: 0, stderr: '', stamped: true });
  });

  it('reinstalls one that differs from the lockfile: another version, or a package the lockfile lacks', () => {
    for (const installed of [
      { 'node_modules/a': { version: '1.0.1', integrity: 'sha512-a2' } },
      { 'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' }, 'node_modules/c': { version: '1.0.0' } },
      {},
    ]) {
      const r = miniClone(installed);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('netbench: npm is missing');
      expect(r.stamped).toBe(false);
    }
  });
});
