// The fast tier stays fast: no test under test/unit/ starts a process, opens a browser or talks to
// Docker itself. One that must goes under test/processes/ (or browser/, integration/).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const UNIT = new URL('.', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
/** Imports (of values: a type-only import runs nothing) that start processes, drive a browser or reach an engine. */
const FORBIDDEN = ['execa', 'node:child_process', 'playwright-core', 'dockerode', 'machine/exec.js'].map(
  (m) => new RegExp(`^import (?!type )[^;]*from '[./]*(?:src/)?${m.replace(/[./]/g, '\\$&')}';`, 'm'),
);

describe('the unit tier', () => {
  it('imports nothing that starts a process, a browser or a Docker client', () => {
    const found = files(UNIT)
      .filter((f) => !f.endsWith('pure-tier.test.ts'))
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${relative(UNIT, f)}: ${re.source}`);
      });
    expect(found).toEqual([]);
  });
});
