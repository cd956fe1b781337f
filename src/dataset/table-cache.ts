// A checked campaign table kept as Arrow IPC, so that loading it again skips parsing and checking
// the CSV: a 1,000,000-row campaign loads in a fraction of a second instead of tens of seconds.
// The key is the inputs' identity (path, size, modification time of the CSV and the manifest) and
// the loader's version, so an edited or resumed campaign is parsed and checked again. The cache
// lives outside the data (NETBENCH_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache/runtime-netbench);
// NETBENCH_CACHE=off turns it off. Built or read back, the table is the same: Arrow-backed, its
// strings dictionary-encoded (so grouping by one string column needs no key building).
import { makeDir } from '../base/fsx.js';
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fromArrow, toArrowIPC, type ColumnTable } from 'arquero';

export const cacheDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.NETBENCH_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'runtime-netbench');

/** The cache key of a table built from `files` by code of `version` (pure, given the files' stat). */
export function cacheKey(version: string, files: ReadonlyArray<{ path: string; size: number; mtimeMs: number }>): string {
  const h = createHash('sha256').update(version);
  for (const f of files) h.update(`\0${f.path}\0${f.size}\0${f.mtimeMs}`);
  return h.digest('hex').slice(0, 32);
}

export interface Cached {
  table: ColumnTable;
  /** Read from the cache (true) or built now (false). */
  hit: boolean;
}

/**
 * The table built by `build` from `inputs`, from the cache when it holds it for these inputs.
 * A cache that cannot be read or written is ignored (the table is built); never an error.
 */
export async function cachedTable(
  version: string,
  inputs: readonly string[],
  build: () => Promise<ColumnTable>,
  env = process.env,
): Promise<Cached> {
  const fresh = async () => toArrowIPC(await build());
  if (env.NETBENCH_CACHE === 'off') return { table: fromArrow(await fresh()), hit: false };
  const files = await Promise.all(
    inputs.map(async (p) => {
      const s = await stat(p);
      return { path: resolve(p), size: s.size, mtimeMs: s.mtimeMs };
    }),
  );
  const file = join(cacheDir(env), `${cacheKey(version, files)}.arrow`);
  const bytes = await readFile(file).catch(() => undefined);
  if (bytes) {
    try {
      return { table: fromArrow(bytes), hit: true };
    } catch {
      // a torn or foreign file: build again and overwrite it
    }
  }
  const built = await fresh();
  try {
    await makeDir(cacheDir(env));
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, built);
    await rename(tmp, file);
  } catch {
    // read-only home or full disk: the table is still right, only the next load is slower
  }
  return { table: fromArrow(built), hit: false };
}
