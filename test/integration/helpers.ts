// Helpers for integration tests: run the real CLI, read the lab's state, look at the host.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
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
  opts: { uid?: number; gid?: number; timeoutMs?: number; root?: string } = {},
): Promise<CliResult> {
  const root = opts.root ?? ROOT;
  const r = await execa('node', ['--import', 'tsx', `${root}src/cli/main.ts`, ...args], {
    cwd: root,
    reject: false,
    timeout: opts.timeoutMs ?? 1_500_000,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
    env: { NO_COLOR: '1' },
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
    await execa('umount', [at]);
    rmSync(dir, { recursive: true, force: true });
  }
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
