// Helpers for integration tests: run the real CLI, read the lab's state, look at the host.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { COLUMNS, parseCsv } from '../../src/dataset/measurements.js';
import { MEASUREMENTS } from '../../src/dataset/campaign-dir.js';
import { TIMELINE, type TimelineEntry } from '../../src/dataset/timeline.js';
import { LABEL_CAMPAIGN } from '../../src/campaign/runner.js';
import { client } from '../../src/engine/endpoint.js';
import { topologyOf } from '../../src/lab/topology.js';
import { StateStore } from '../../src/lab/state.js';
import { defaultLabConfig } from '../../src/lab/lab-config.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const LAB = defaultLabConfig();

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: string[],
  opts: { uid?: number; gid?: number; timeoutMs?: number; root?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const root = opts.root ?? ROOT;
  const r = await execa('node', ['--import', 'tsx', `${root}src/cli/main.ts`, ...args], {
    cwd: root,
    reject: false,
    timeout: opts.timeoutMs ?? 1_500_000,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
    env: { NO_COLOR: '1', ...opts.env },
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Run `f` with the checkout at a path every user can reach: a bind mount under a fresh 0755
 * directory. The checkout's own parent may be private (a clone under /root, mode 0700), which
 * another user cannot traverse; the mount is removed afterwards.
 */
export async function withReadableCheckout<T>(f: (root: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-readable-'));
  chmodSync(dir, 0o755);
  const at = join(dir, 'checkout');
  mkdirSync(at);
  await execa('mount', ['--bind', ROOT, at]);
  try {
    return await f(`${at}/`);
  } finally {
    await unmount(at);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Processes with a file or their working directory under `dir`, as `pid command: path` lines. */
export function processesUsing(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const links = [`/proc/${d}/cwd`, ...readdirSync(`/proc/${d}/fd`).map((f) => `/proc/${d}/fd/${f}`)];
      const hits = links.flatMap((l) => {
        try {
          const target = readlinkSync(l);
          return target === dir || target.startsWith(`${dir}/`) ? [target] : [];
        } catch {
          return []; // closed meanwhile
        }
      });
      if (hits.length) out.push(`${d} ${readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}: ${hits.join(', ')}`);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * Unmount what a test mounted, without hiding the test's own result: a mount still busy after 10 s
 * is reported with the processes that hold it (a leak worth knowing about) and detached lazily.
 */
export async function unmount(at: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if ((await execa('umount', [at], { reject: false })).exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const holders = processesUsing(at);
  console.warn(`umount ${at}: still busy after 10 s; held by: ${holders.join('; ') || 'no process (a kernel reference)'}`);
  await execa('umount', ['--lazy', at]);
}

export const labState = () => StateStore.forLab(LAB.stateDir, LAB.name).read();

/** PIDs of live (non-zombie) processes whose command line mentions `needle`. */
export function processesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      if (
        readFileSync(`/proc/${d}/cmdline`, 'utf8')
          .split('\0')
          .some((a) => a.includes(needle))
      )
        out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export const mountsUnder = (dir: string): string[] =>
  readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(dir));

export const txBytes = (dev: string): number => Number(readFileSync(`/sys/class/net/${dev}/statistics/tx_bytes`, 'utf8'));

export function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error('integration tests need root (they run a real Docker lab): run them as root, as scripts/test.sh does');
}

const topology = topologyOf(LAB);

/** A campaign's measurements.csv as records of strings, checked to be whole (no torn last line). */
export const rowsOf = (dir: string) => rowsOfText(readFileSync(join(dir, MEASUREMENTS), 'utf8'));
const rowsOfText = (text: string) => {
  const { records, tornTail } = parseCsv(text);
  expect(tornTail).toBe(false);
  const [header, ...rows] = records;
  expect(header).toEqual([...COLUMNS]);
  return rows.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]!]))) as Array<Record<(typeof COLUMNS)[number], string>>;
};
/**
 * The rows of the campaign being collected under `out`, while it runs: none before its directory or
 * its measurements.csv exist (collect creates the directory first, the file a moment later), and
 * without a last line the writer may be in the middle of.
 */
export const rowsSoFar = (out: string) => {
  const ids = existsSync(out) ? readdirSync(out) : [];
  const file = ids.length ? join(out, ids[0]!, MEASUREMENTS) : '';
  if (!file || !existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return rowsOfText(text.slice(0, parseCsv(text).completeLength));
};
/** How many containers of this campaign are left on the lab's hosts. */
export const campaignContainers = async (id: string) => {
  let n = 0;
  for (const h of ['A', 'B'] as const)
    n += (await client(topology.hosts[h].endpoint).listContainers({ all: true, filters: { label: [`${LABEL_CAMPAIGN}=${id}`] } })).length;
  return n;
};
/** A campaign's timeline.jsonl, one entry per attempt. */
export const timelineOf = (dir: string): TimelineEntry[] =>
  readFileSync(join(dir, TIMELINE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TimelineEntry);
/** The one campaign directory under `out`. */
export const onlyDir = (out: string) => {
  const ids = readdirSync(out);
  expect(ids).toHaveLength(1);
  return { id: ids[0]!, dir: join(out, ids[0]!) };
};
