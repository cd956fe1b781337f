// Every package src/ loads at run time is a dependency, not a devDependency: `npm ci --omit=dev`
// (what a user who only runs the toolkit may do) must leave collect and analyse working.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
