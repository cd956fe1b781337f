// The two host fixes that make crun and runsc run on this kernel (see docs/lab.md, "Runtime fixes"),
// applied and undone by the toolkit. Decisions are pure functions in runtime-fixes.ts.
import { chmod, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from './exec.js';
import { exists, makeDir } from '../base/fsx.js';
import { controllersToMoveToV1, runscWrapper, unmountedV1Controllers, v1ControllersFromMounts } from './runtime-fixes.js';

const UNIFIED = '/sys/fs/cgroup/unified';

const v1Mounted = async () => v1ControllersFromMounts(await readFile('/proc/mounts', 'utf8'));
const unmountedV1 = async () => unmountedV1Controllers(await readFile('/proc/cgroups', 'utf8'), await v1Mounted());

async function mountV1(c: string): Promise<void> {
  const dir = `/sys/fs/cgroup/${c}`;
  await makeDir(dir);
  await run(['mount', '-t', 'cgroup', '-o', c, 'cgroup', dir], { timeoutMs: 10_000 });
}

/**
 * Mount in cgroup v1 every controller the hybrid cgroup2 mount still holds (crun needs this), and
 * every v1 hierarchy the kernel kept alive without a mount (containerd's stats need that), noted in
 * `keptFile`. Returns those of the first kind: the ones lab down can give back to cgroup2.
 */
export async function moveControllersToV1(keptFile: string, log: (m: string) => void): Promise<string[]> {
  const done: string[] = [];
  if (await exists(`${UNIFIED}/cgroup.controllers`)) {
    const unified = await readFile(`${UNIFIED}/cgroup.controllers`, 'utf8');
    for (const c of controllersToMoveToV1(unified, await v1Mounted())) {
      await mountV1(c);
      done.push(c);
    }
    if (done.length) log(`cgroup: mounted ${done.join(', ')} in v1 so cgroup2 holds no controller (crun needs this)`);
  }
  const orphans = await unmountedV1();
  for (const c of orphans) await mountV1(c);
  if (orphans.length) {
    log(`cgroup: mounted ${orphans.join(', ')} again: its v1 hierarchy outlived an earlier unmount, and engines' stats fail without it`);
    await noteKept(keptFile, orphans);
  }
  return done;
}

/** Note controllers whose v1 hierarchy the kernel keeps until reboot (one name per line in `file`). */
async function noteKept(file: string, controllers: readonly string[]): Promise<void> {
  const before = await readFile(file, 'utf8').catch(() => '');
  const all = new Set([...before.split('\n').filter(Boolean), ...controllers]);
  await makeDir(dirname(file));
  await writeFile(file, [...all].join('\n') + '\n');
}

/** The controllers noted in `keptFile` that are still mounted in v1 (they stay so until reboot). */
export async function keptV1Controllers(keptFile: string): Promise<string[]> {
  const noted = (await readFile(keptFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const mounted = await v1Mounted();
  return noted.filter((c) => mounted.has(c));
}

/**
 * Undo moveControllersToV1: remove the (empty) child cgroups, unmount, remove the mount point. When
 * the kernel keeps the hierarchy alive anyway (it still holds dying cgroups), the controller does not
 * return to cgroup2 and an unmounted hierarchy would break every engine's stats: mount it again and
 * say so (and note it in `keptFile`). It goes back to cgroup2 at the next boot. Returns those kept.
 */
export async function restoreControllers(controllers: readonly string[], keptFile: string, warn: (m: string) => void): Promise<string[]> {
  const kept: string[] = [];
  for (const c of controllers) {
    const dir = `/sys/fs/cgroup/${c}`;
    if (!(await v1Mounted()).has(c)) continue;
    await removeChildCgroups(dir);
    const r = await run(['umount', dir], { reject: false, timeoutMs: 10_000 });
    if (r.exitCode !== 0) {
      warn(`could not unmount ${dir}: ${r.stderr} (a container still uses it; run lab down again later)`);
      continue;
    }
    if ((await unmountedV1()).includes(c)) {
      await mountV1(c);
      kept.push(c);
      warn(
        `cgroup: the kernel kept ${c}'s v1 hierarchy after unmounting it (it still holds removed cgroups), so ${c} cannot return to cgroup2 before a reboot; it stays mounted at ${dir}, where engines' stats keep working`,
      );
    } else await rmdir(dir).catch(() => undefined);
  }
  if (kept.length) await noteKept(keptFile, kept);
  return kept;
}

async function removeChildCgroups(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    await removeChildCgroups(join(dir, e.name));
    await rmdir(join(dir, e.name)).catch(() => undefined);
  }
}

/**
 * Does runsc need the netns wrapper here? True when /proc/sys/net/core/rmem_default is visible
 * from inside a non-root network namespace (the file runsc takes as the sign of the root netns).
 */
export async function runscNeedsWrapper(netnsPath: string): Promise<boolean> {
  const r = await run(['nsenter', `--net=${netnsPath}`, 'test', '-e', '/proc/sys/net/core/rmem_default'], {
    reject: false,
    timeoutMs: 10_000,
  });
  return r.exitCode === 0;
}

export async function writeRunscWrapper(binDir: string, runscPath: string, name = 'runsc-netns-wrapper'): Promise<string> {
  await makeDir(binDir);
  const path = join(binDir, name);
  await writeFile(path, runscWrapper(runscPath));
  await chmod(path, 0o755);
  return path;
}

/** First of `names` on PATH (or absolute), else undefined. */
export async function which(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const p = join(dir, name);
    if (await exists(p)) return p;
  }
  for (const dir of ['/usr/sbin', '/usr/bin', '/opt/kata/bin']) if (await exists(join(dir, name))) return join(dir, name);
  return undefined;
}
