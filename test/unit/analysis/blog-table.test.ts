import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBlogTable } from '../../../src/analysis/blog-table.js';

const PAPER = new URL('../../../paper', import.meta.url).pathname;

describe("the blog post's table", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'netbench-blog-'));
    mkdirSync(join(dir, 'literature'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is read from the manuscript's literature as published", async () => {
    const t = await readBlogTable(PAPER);
    expect(t.command).toMatch(/siege -c 512 -t 60s/);
    expect(t.rows.transaction_rate?.runc).toBeGreaterThan(0);
    expect(t.rows.transaction_rate?.kata).toBeGreaterThan(0);
  });

  it('is checked: a damaged file is named with the field and how to restore it', async () => {
    const file = join(dir, 'literature', 'blog-siege.json');
    const good = await readBlogTable(PAPER);
    writeFileSync(file, JSON.stringify({ ...good, rows: { transaction_rate: { runc: '724' } } }));
    await expect(readBlogTable(dir)).rejects.toThrow(/blog-siege\.json: not the blog post's table \([\s\S]*transaction_rate/);
    await expect(readBlogTable(dir)).rejects.toMatchObject({ hint: 'Restore it: git checkout paper/literature/blog-siege.json.' });
    writeFileSync(file, '{');
    await expect(readBlogTable(dir)).rejects.toThrow(/not the blog post's table/);
  });

  it('a missing file says what needs it', async () => {
    await expect(readBlogTable(dir)).rejects.toMatchObject({
      kind: 'bad-config',
      message: expect.stringMatching(/blog-siege\.json is missing/),
    });
  });
});
