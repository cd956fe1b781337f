// The import rules of src/ (.dependency-cruiser.cjs): no circle, each folder imports only from its
// own folder or lower ones. Run with dependency-cruiser's own command line, as a person would.
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
const depcruise = (cwd: string) =>
  execa(
    'node',
    [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')],
    {
      cwd,
      reject: false,
      env: { NO_COLOR: '1' },
    },
  );

describe('layers of src/', () => {
  it('has no import circle and no import from a lower folder into a higher one', async () => {
    const r = await depcruise(ROOT);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no dependency violations found/);
  }, 60_000);

  it('reports an upward import and a circle (the rules fire)', async () => {
    const dir = tempDir('nblayers');
    for (const d of ['src/model', 'src/lab']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"nodenext","strict":true}}');
    writeFileSync(join(dir, 'src/model/words.ts'), "import type { Host } from '../lab/host.js';\nexport type Word = Host;\n");
    writeFileSync(join(dir, 'src/lab/host.ts'), "import type { Word } from '../model/words.js';\nexport type Host = { w?: Word };\n");
    const r = await depcruise(dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toMatch(/model-imports-upward: src\/model\/words\.ts → src\/lab\/host\.ts/);
    expect(r.stdout).toMatch(/no-circular/);
  }, 60_000);
});
