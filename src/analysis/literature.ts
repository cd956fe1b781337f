// Published numbers kept with the manuscript under paper/literature/ (the blog post's table, gVisor's
// guide): each is a JSON file with its own schema, read and checked the same way.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';

/** What a literature file is, for its errors: why it is read, and what it holds. */
export interface LiteratureFile {
  /** its path under a manuscript directory, e.g. literature/blog-siege.json */
  file: string;
  /** why the manuscript needs it: "the HTTP results are compared with the blog post's table" */
  neededFor: string;
  /** what it holds: "the blog post's table" */
  holds: string;
}

/** A literature file of the manuscript in `paperDir`, checked; a missing or damaged file is a NetbenchError saying how to restore it. */
export async function readLiteratureJson<T>(paperDir: string, what: LiteratureFile, schema: z.ZodType<T>): Promise<T> {
  const file = join(paperDir, what.file);
  const restore = `Restore it: git checkout ${join('paper', what.file)}.`;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NetbenchError('bad-config', `${file} is missing: ${what.neededFor}`, restore);
  });
  try {
    return schema.parse(JSON.parse(text));
  } catch (e) {
    throw new NetbenchError('bad-data', `${file}: not ${what.holds} (${describeError(e)})`, restore);
  }
}
