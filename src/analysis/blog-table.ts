// The blog post's published HTTP table ("RunC vs Kata containers performance", siege), kept with the
// manuscript's literature as published: the report shows it beside ours and the manuscript quotes
// it. Read and checked in one place.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { NetbenchError, describeError } from '../errors.js';

/** Where the table lives under a manuscript directory. */
export const BLOG_TABLE_FILE = join('literature', 'blog-siege.json');

export const BlogTableSchema = z.object({
  source: z.string(),
  command: z.string(),
  runtimes: z.array(z.string()),
  /** row (transaction_rate, response_time_s, ram_approx_mib, ...) -> runtime -> value */
  rows: z.record(z.string(), z.record(z.string(), z.number())),
});
export type BlogTable = z.infer<typeof BlogTableSchema>;

/** The blog post's table of the manuscript in `paperDir`, checked; a missing or damaged file is a NetbenchError saying how to restore it. */
export async function readBlogTable(paperDir: string): Promise<BlogTable> {
  const file = join(paperDir, BLOG_TABLE_FILE);
  const restore = `Restore it: git checkout ${join('paper', BLOG_TABLE_FILE)}.`;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NetbenchError('bad-config', `${file} is missing: the HTTP results are compared with the blog post's table`, restore);
  });
  try {
    return BlogTableSchema.parse(JSON.parse(text));
  } catch (e) {
    throw new NetbenchError('bad-data', `${file}: not the blog post's table (${describeError(e)})`, restore);
  }
}
