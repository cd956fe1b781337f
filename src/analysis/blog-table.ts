// The blog post's published HTTP table ("RunC vs Kata containers performance", siege), kept with the
// manuscript's literature as published: the report shows it beside ours and the manuscript quotes
// it. Read and checked in one place.
import { join } from 'node:path';
import { z } from 'zod';
import { readLiteratureJson } from './literature.js';

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
export const readBlogTable = (paperDir: string): Promise<BlogTable> =>
  readLiteratureJson(
    paperDir,
    { file: BLOG_TABLE_FILE, neededFor: "the HTTP results are compared with the blog post's table", holds: "the blog post's table" },
    BlogTableSchema,
  );
