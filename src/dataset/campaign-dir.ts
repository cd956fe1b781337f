// A campaign on disk: data/raw/<id>/{measurements.csv, manifest.json, artifacts/}. Rows are appended
// and flushed (fsync) once per task, so a crash or kill -9 loses at most the task in flight; an
// existing campaign is never overwritten.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NetbenchError, fileSystemError } from '../base/errors.js';
import { exists, makeDir, writeFileAtomic, writeJsonAtomic } from '../base/fsx.js';
import { COLUMNS, headerLine, parseCsv, recordLine, rowLine, type MeasurementRecord } from './measurements.js';

export { writeJsonAtomic };

export const MEASUREMENTS = 'measurements.csv';

/**
 * Where a named campaign is: a name with a slash is its directory's path (what tab completion
 * gives, a trailing slash dropped); a bare id is under `dataDir`.
 */
export const campaignPath = (name: string, dataDir: string): string =>
  name.includes('/') ? name.replace(/(.)\/+$/, '$1') : join(dataDir, name);
export const MANIFEST = 'manifest.json';

/** e.g. 2026-11-23T0815Z-nb */
export function campaignId(now: Date, labName: string): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z-${labName}`;
}

export async function createCampaignDir(outDir: string, id: string): Promise<string> {
  const dir = join(outDir, id);
  if (await exists(dir)) {
    throw new NetbenchError(
      'busy',
      `campaign ${dir} already exists`,
      `Finish it with \`netbench collect --resume ${id}\`, or wait a minute for a new id.`,
    );
  }
  try {
    await makeDir(join(dir, 'artifacts'));
    await writeFileAtomic(join(dir, MEASUREMENTS), headerLine());
  } catch (e) {
    await rm(dir, { recursive: true, force: true }); // no campaign that looks begun
    throw e;
  }
  return dir;
}

/** Append one task's rows in a single write and flush them to disk. */
export function appendRows(dir: string, rows: MeasurementRecord[]): void {
  const file = join(dir, MEASUREMENTS);
  const data = Buffer.from(rows.map(rowLine).join(''));
  const fd = openSync(file, 'a');
  const before = fstatSync(fd).size;
  try {
    // (a full disk may take part of a write without an error: that is a failure too)
    if (writeSync(fd, data) !== data.length) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    fsyncSync(fd);
  } catch (e) {
    // Back to whole tasks only. Should this fail as well, a resume cuts the torn line (completedTasks).
    try {
      ftruncateSync(fd, before);
    } catch {
      /* the resume's repair stands behind it */
    }
    throw fileSystemError(e, file) ?? e;
  } finally {
    closeSync(fd);
  }
}

export async function writeArtifact(dir: string, rel: string, content: string): Promise<void> {
  const p = join(dir, rel);
  await makeDir(dirname(p));
  await writeFileAtomic(p, content);
}

/**
 * The tasks already on disk, for resume. A torn last line (a crash during a write) is cut off the
 * file; a task missing the rows of one of its probes (`expectedProbes`) is removed and run again.
 */
export async function completedTasks(
  dir: string,
  keyOf: (r: Record<string, string>) => string,
  expectedProbes: (key: string) => number,
): Promise<Set<string>> {
  const file = join(dir, MEASUREMENTS);
  let text = await readFile(file, 'utf8');
  const { records, tornTail, completeLength } = parseCsv(text);
  if (tornTail) {
    text = text.slice(0, completeLength);
    await truncate(file, Buffer.byteLength(text));
  }
  const [header, ...rows] = records;
  if (!header || header.join(',') !== COLUMNS.join(',')) {
    throw new NetbenchError(
      'bad-config',
      `${file} does not start with the measurements header`,
      'It is not a netbench campaign file; do not resume it.',
    );
  }
  const keyed = rows.map((r) => ({ r, k: keyOf(Object.fromEntries(COLUMNS.map((c, i) => [c, r[i] ?? '']))) }));
  const probes = new Map<string, Set<string>>();
  const probeCol = COLUMNS.indexOf('probe');
  for (const { r, k } of keyed) probes.set(k, (probes.get(k) ?? new Set()).add(r[probeCol] ?? ''));
  const done = new Set<string>();
  const incomplete = new Set<string>();
  for (const [k, ps] of probes) (ps.size >= expectedProbes(k) ? done : incomplete).add(k);
  if (incomplete.size) {
    const kept = keyed.filter(({ k }) => !incomplete.has(k)).map(({ r }) => recordLine(r));
    await writeFile(file, headerLine() + kept.join(''));
  }
  return done;
}
