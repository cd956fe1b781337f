// Re-derive the stall flags of a campaign's iperf3 runs from the server reports it kept, with
// today's parser. When what counts as a stalled second changes (a 0.2-ms tail fragment of the
// server's report counted as one until the parser skipped intervals under half a second), a
// committed campaign's `stalled:` warnings can be checked and rewritten. Values are never changed:
// a run whose kept report gives another value than its row is reported and left as it is.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';
import { exists, writeFileAtomic, writeJsonAtomic } from '../base/fsx.js';
import { run } from '../machine/exec.js';
import { WARNING_SEPARATOR } from '../model/warnings.js';
import { parseIperf3, reportIntervalOf, stallWarningOf } from '../probes/iperf3.js';
import { COLUMNS, headerLine, parseCsv, recordLine } from './measurements.js';
import { parseManifest, readManifest, type StallRecheck } from './manifest.js';
import { MANIFEST, MEASUREMENTS } from './campaign-dir.js';

/** A run whose stall flag the current parser sees otherwise than its row says. */
export interface StallChange {
  artifact: string;
  /** the row's `stalled:` warning, and the parser's today (undefined: none) */
  before: string | undefined;
  after: string | undefined;
}

export interface StallCheck {
  /** iperf3 runs with values whose kept server report was read */
  runs: number;
  changes: StallChange[];
  /** runs that could not be checked, with why (no kept report, or a value that differs) */
  unchecked: Array<{ artifact: string; reason: string }>;
  /** measurements.csv with the changes made (the same text when there are none) */
  csv: string;
}

const isStallWarning = (w: string): boolean => w.startsWith('stalled: ');

/** A warnings field with its `stalled:` entry replaced by `fresh` in its place (or added first), or dropped. Pure. */
export function withStall(warnings: string, fresh: string | undefined): string {
  const all = warnings === '' ? [] : warnings.split(WARNING_SEPARATOR);
  const rest = all.filter((w) => !isStallWarning(w));
  // in the old one's place (the probe puts it after the server report's own warnings), else first
  if (fresh) rest.splice(Math.max(0, all.findIndex(isStallWarning)), 0, fresh);
  return rest.join(WARNING_SEPARATOR);
}

/** The stall warning the parser gives a server report of a run with `-i intervalS` today, and the received rate it reads. Pure. */
export function stallOf(serverReport: string, intervalS: number): { warning: string | undefined; receivedBps: number } {
  const r = parseIperf3(serverReport, intervalS);
  return { warning: stallWarningOf(r), receivedBps: r.receivedBps };
}

/**
 * Check every iperf3 run of the campaign in `dir` that has values against its kept server report
 * (from `artifacts/`, or from `artifacts.tar.xz` when the campaign is packed). Reads only.
 */
export async function checkStalls(dir: string): Promise<StallCheck> {
  const file = join(dir, MEASUREMENTS);
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new NetbenchError(
      'bad-config',
      `cannot read ${file}: ${describeError(e)}`,
      'Name a campaign directory under data/raw (ls data/raw).',
    );
  });
  const { records, tornTail } = parseCsv(text);
  const [header, ...rows] = records;
  if (tornTail || header?.join(',') !== COLUMNS.join(',')) {
    throw new NetbenchError(
      'bad-data',
      `${file} is not a whole measurements file (${tornTail ? 'its last line is cut off' : 'its header is not the toolkit’s'})`,
      'Finish the campaign first (`netbench collect --resume <campaign>`), or restore the file (git checkout).',
    );
  }
  // the -i of the campaign's runs (a report does not say it)
  const intervalS = reportIntervalOf((await readManifest(dir)).config.iperf3);
  const col = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);
  const [probe, status, metric, value, warnings, artifact] = (['probe', 'status', 'metric', 'value', 'warnings', 'artifact'] as const).map(
    col,
  );
  const runs = new Set(rows.filter((r) => r[probe!] === 'iperf3' && r[status!] === 'ok' && r[artifact!]).map((r) => r[artifact!]!));
  const reports = await keptReports(dir, runs);
  const fresh = new Map<string, ReturnType<typeof stallOf>>();
  const unchecked: StallCheck['unchecked'] = [];
  for (const a of runs) {
    const report = reports.get(a);
    if (report === undefined) {
      unchecked.push({ artifact: a, reason: 'no server.stdout kept' });
      continue;
    }
    try {
      fresh.set(a, stallOf(report, intervalS));
    } catch (e) {
      unchecked.push({ artifact: a, reason: describeError(e) });
    }
  }
  // A run whose recorded bandwidth is not what its report gives today is not touched.
  for (const r of rows) {
    const f = fresh.get(r[artifact!] ?? '');
    if (f && r[metric!] === 'bandwidth' && r[status!] === 'ok' && Number(r[value!]) !== f.receivedBps) {
      unchecked.push({ artifact: r[artifact!]!, reason: `its row says ${r[value!]} bit/s, its report ${f.receivedBps}` });
      fresh.delete(r[artifact!]!);
    }
  }
  const changes = new Map<string, StallChange>();
  const out = rows.map((r) => {
    const f = fresh.get(r[artifact!] ?? '');
    if (!f || r[status!] !== 'ok') return r;
    const old = r[warnings!] ?? '';
    const next = withStall(old, f.warning);
    if (next === old) return r;
    const a = r[artifact!]!;
    changes.set(a, { artifact: a, before: old.split(WARNING_SEPARATOR).find(isStallWarning), after: f.warning });
    return r.map((v, i) => (i === warnings ? next : v));
  });
  return {
    runs: fresh.size,
    changes: [...changes.values()],
    unchecked,
    csv: changes.size ? headerLine() + out.map((r) => recordLine(r)).join('') : text,
  };
}

/** Write a check's CSV and record it in the manifest (when, with which commit, how many runs changed). */
export async function writeStallCheck(dir: string, check: StallCheck, gitCommit: string, now: Date): Promise<void> {
  const file = join(dir, MANIFEST);
  // The manifest as it is on disk, checked, with one entry added (nothing else rewritten).
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  const m = parseManifest(json, file);
  const raw = z.record(z.string(), z.unknown()).parse(json);
  const entry: StallRecheck = { at: now.toISOString(), gitCommit, runs: check.runs, changedRuns: check.changes.length };
  await writeFileAtomic(join(dir, MEASUREMENTS), check.csv);
  await writeJsonAtomic(file, { ...raw, stallsRechecked: [...(m.stallsRechecked ?? []), entry] });
}

/** The server reports of `runs` (artifact paths), from the directory or the packed archive. */
async function keptReports(dir: string, runs: ReadonlySet<string>): Promise<Map<string, string>> {
  const read = async (root: string) => {
    const m = new Map<string, string>();
    for (const a of runs) {
      const f = join(root, a, 'server.stdout');
      if (await exists(f)) m.set(a, await readFile(f, 'utf8'));
    }
    return m;
  };
  if (runs.size === 0) return new Map();
  if (await exists(join(dir, 'artifacts'))) return read(dir);
  const packed = join(dir, 'artifacts.tar.xz');
  if (!(await exists(packed))) return new Map();
  const tmp = await mkdtemp(join(tmpdir(), 'nbstalls-'));
  try {
    await run(['tar', '-xJf', packed, '-C', tmp, '--wildcards', '*/iperf3/server.stdout'], { timeoutMs: 300_000 });
    return await read(tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
