import { describe, expect, it } from 'vitest';
import { toolkitDirty } from '../../../src/base/toolkit.js';

describe('toolkitDirty (the gitDirty a session records)', () => {
  const root = '/work/main';

  it('is clean when git reports nothing', () => {
    expect(toolkitDirty('', root, 'data/raw')).toBe(false);
  });

  it("ignores the campaign's own untracked data directory inside the clone", () => {
    expect(toolkitDirty('?? data/raw/2026-11-23T2034Z-nb/\n', root, 'data/raw')).toBe(false);
    expect(toolkitDirty('?? data/raw/2026-11-23T2034Z-nb/\n', root, '/work/main/data/raw/')).toBe(false);
  });

  it('is dirty when a source file changed, also next to data changes', () => {
    expect(toolkitDirty(' M src/campaign/runner.ts\n?? data/raw/x/\n', root, 'data/raw')).toBe(true);
    expect(toolkitDirty('?? data/rawish/x.csv\n', root, 'data/raw')).toBe(true); // a sibling, not inside
    expect(toolkitDirty('R  data/raw/a.csv -> src/a.csv\n', root, 'data/raw')).toBe(true); // moved out of the data
  });

  it('ignores nothing when the output directory lies outside the clone', () => {
    expect(toolkitDirty('?? data/raw/x/\n', root, '/tmp/out')).toBe(true);
    expect(toolkitDirty('?? notes.txt\n', root, '.')).toBe(true); // the clone itself is no data directory
  });
});
