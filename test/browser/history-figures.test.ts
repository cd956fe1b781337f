// `netbench history --figures`: a figure per metric and load, rendered like every other figure.
import { execa } from 'execa';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('netbench history --figures', () => {
  it('writes a figure per metric and load, with the change points found', async () => {
    const out = join(tempDir('nbhistory'), 'figures');
    const r = await execa(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'history',
        '2026-11-23T0915Z-nb',
        '2026-11-23T2034Z-nb',
        '2026-12-02T1215Z-nb',
        '2026-12-03T0315Z-nb',
        '2026-12-02T1944Z-nb',
        '-m',
        'bandwidth',
        '--figures',
        out,
      ],
      { cwd: ROOT, reject: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`netbench: 2 figure(s) in ${out}: history-bandwidth-idle, history-bandwidth-stress`);
    expect(readdirSync(out).sort()).toEqual(
      ['idle', 'stress'].flatMap((l) => ['pdf', 'png', 'svg', 'txt'].map((x) => `history-bandwidth-${l}.${x}`)).sort(),
    );
    expect(readFileSync(join(out, 'history-bandwidth-idle.txt'), 'utf8')).toMatch(/dashed: the \d+ change point\(s\) found/);
    const text = (await execa('pdftotext', [join(out, 'history-bandwidth-idle.pdf'), '-'])).stdout;
    expect(text).toContain('(a) bandwidth (Gbit/s)');
    expect(text).toContain('0915Z');
  }, 120_000);
});
