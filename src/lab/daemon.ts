// Docker engines the toolkit starts itself: host A's dockerd when none runs, and host B's dockerd
// inside B's network namespace (nsenter --net, not `ip netns exec`, which remounts /sys and hides
// the cgroup mounts). Each is stopped only by the PID recorded when it was started.
import { makeDir } from '../base/fsx.js';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NetbenchError } from '../base/errors.js';
import { isRecord } from '../base/records.js';
import { answers } from '../engine/endpoint.js';
import { lastLines } from '../machine/exec.js';
import type { RuntimeEntry } from '../engine/runtimes.js';
import type { DaemonRecord } from './state.js';

export interface DaemonConfig {
  runtimes: Record<string, RuntimeEntry>;
  bip: string;
  pool: string;
  /** Only for a second engine: its own sockets, data and pid file. */
  hosts?: string[];
  dataRoot?: string;
  execRoot?: string;
  pidfile?: string;
  /** containerd namespace, so two engines never share one even on a shared containerd. */
  containerdNamespace?: string;
}

/** daemon.json content (pure). */
export function daemonJson(c: DaemonConfig): Record<string, unknown> {
  return {
    ...(c.hosts ? { hosts: c.hosts } : {}),
    ...(c.dataRoot ? { 'data-root': c.dataRoot } : {}),
    ...(c.execRoot ? { 'exec-root': c.execRoot } : {}),
    ...(c.pidfile ? { pidfile: c.pidfile } : {}),
    ...(c.containerdNamespace
      ? { 'containerd-namespace': c.containerdNamespace, 'containerd-plugins-namespace': `${c.containerdNamespace}-plugins` }
      : {}),
    bip: c.bip,
    'default-address-pools': [{ base: c.pool, size: 24 }],
    runtimes: c.runtimes,
    'log-level': 'warn',
  };
}

export interface StartDaemon {
  label: string;
  configFile: string;
  config: DaemonConfig;
  logFile: string;
  endpoint: string;
  /** Network namespace to start it in (by nsenter --net); root namespace when absent. */
  netnsPath?: string;
}

/**
 * The whole environment of an engine the lab starts: it outlives the command that started it, so
 * it takes nothing from that command (a test runner's TMPDIR, deleted when it exits, made every
 * gVisor sandbox fail to start; npm's variables and node_modules/.bin on PATH are no engine's
 * business). Runtimes and shims are found on the system's PATH; their temporary files go to /tmp.
 */
export const DAEMON_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
};

export async function startDaemon(s: StartDaemon): Promise<DaemonRecord> {
  await makeDir(dirname(s.configFile));
  await makeDir(dirname(s.logFile));
  for (const d of [s.config.dataRoot, s.config.execRoot]) if (d) await makeDir(d);
  await writeFile(s.configFile, JSON.stringify(daemonJson(s.config), null, 2) + '\n');
  const argv = ['/usr/sbin/dockerd', '--config-file', s.configFile];
  const cmd = s.netnsPath ? ['nsenter', `--net=${s.netnsPath}`, ...argv] : argv;
  const log = openSync(s.logFile, 'a');
  const child = spawn(cmd[0]!, cmd.slice(1), { detached: true, stdio: ['ignore', log, log], env: { ...DAEMON_ENV } });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw daemonStartError(s, 'the process did not start');
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  child.unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw daemonStartError(s, `dockerd exited with ${exited}`, await tail(s.logFile));
    if (await answers(s.endpoint, 1_000)) return { pid, configFile: s.configFile, logFile: s.logFile };
    await sleep(100);
  }
  process.kill(pid, 'SIGTERM');
  throw daemonStartError(s, 'dockerd did not answer within 60 s', await tail(s.logFile));
}

function daemonStartError(s: StartDaemon, what: string, logTail = ''): NetbenchError {
  return new NetbenchError(
    'daemon-start',
    `the Docker engine of ${s.label} did not start: ${what}${logTail ? `\n  log: ${logTail}` : ''}`,
    `Read its log: ${s.logFile}. A dockerd already running on the same socket or data root is a common cause (pgrep -a dockerd).`,
  );
}

async function tail(file: string): Promise<string> {
  try {
    return lastLines(await readFile(file, 'utf8'), 3);
  } catch {
    return '';
  }
}

/**
 * Give a running dockerd of ours other runtimes: its config file rewritten, then SIGHUP (dockerd
 * reloads `runtimes` live); done when `registered()` lists them all, within 20 s. Whether it changed.
 */
export async function reloadRuntimes(
  rec: DaemonRecord,
  runtimes: Record<string, RuntimeEntry>,
  registered: () => Promise<string[]>,
): Promise<boolean> {
  const parsed: unknown = JSON.parse(await readFile(rec.configFile, 'utf8'));
  const now = isRecord(parsed) ? parsed : {};
  if (isDeepStrictEqual(now.runtimes ?? {}, runtimes)) return false; // (the same entries in another key order are the same)
  await writeFile(rec.configFile, JSON.stringify({ ...now, runtimes }, null, 2) + '\n');
  process.kill(rec.pid, 'SIGHUP');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const have = await registered().catch((): string[] => []);
    if (Object.keys(runtimes).every((r) => have.includes(r))) return true;
    await sleep(200);
  }
  throw new NetbenchError(
    'daemon-start',
    `the Docker engine (pid ${rec.pid}) did not take its new runtimes within 20 s`,
    `Read its log: ${rec.logFile}; netbench lab down and lab up start it afresh.`,
  );
}

/** Is `pid` still the dockerd we started with `configFile`? (guards against PID reuse) */
export async function isOurDaemon(rec: DaemonRecord): Promise<boolean> {
  try {
    const cmdline = (await readFile(`/proc/${rec.pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.includes('--config-file') && cmdline.includes(rec.configFile);
  } catch {
    return false;
  }
}

/** Stop a dockerd we started: SIGTERM, wait up to 30 s, then SIGKILL. */
export async function stopDaemon(rec: DaemonRecord): Promise<void> {
  if (!(await isOurDaemon(rec))) return;
  process.kill(rec.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!(await isOurDaemon(rec))) return;
    await sleep(100);
  }
  process.kill(rec.pid, 'SIGKILL');
  while (await isOurDaemon(rec)) await sleep(100);
}
