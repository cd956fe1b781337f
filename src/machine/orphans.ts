// Container processes an engine left running when it died: containerd's shims outlive dockerd and
// containerd by design, and with them each container's processes (an overlay anchor's `sleep`, a
// gVisor sandbox). Host B's engine keeps its shims' sockets under the lab's own run directory, so
// once that engine is stopped every shim whose -address lies there is an orphan of the lab's.
import { readFile, readdir } from 'node:fs/promises';

export interface Proc {
  pid: number;
  ppid: number;
  cmdline: string[];
}

/** PIDs of containerd shims whose -address lies under `dir` (pure). */
export function shimsUnder(procs: readonly Proc[], dir: string): number[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return procs
    .filter((p) => /containerd-shim/.test(p.cmdline[0] ?? ''))
    .filter((p) => {
      const i = p.cmdline.indexOf('-address');
      return i >= 0 && (p.cmdline[i + 1] ?? '').startsWith(prefix);
    })
    .map((p) => p.pid);
}

/** `roots` and every process below them, children before their parents (pure). */
export function withDescendants(procs: readonly Proc[], roots: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const visit = (pid: number, seen: Set<number>) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    for (const c of children.get(pid) ?? []) visit(c, seen);
    out.push(pid);
  };
  const seen = new Set<number>();
  for (const r of roots) visit(r, seen);
  return out;
}

async function processes(): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = await readFile(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = (await readFile(`/proc/${d}/cmdline`, 'utf8')).split('\0').filter(Boolean);
      out.push({ pid: Number(d), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * End, by PID, the shims under `dir` and the container processes below them (SIGKILL: their engine
 * is gone, nothing would stop them in order). Returns how many shims there were.
 */
export async function endOrphanedShims(dir: string): Promise<number> {
  const procs = await processes();
  const shims = shimsUnder(procs, dir);
  for (const pid of withDescendants(procs, shims)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return shims.length;
}
