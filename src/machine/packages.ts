// Debian packages the lab needs, and installing the missing ones (as root, with apt-get).
// Services are kept from auto-starting during the install (policy-rc.d): the toolkit starts the
// engines it needs itself, with its own configuration.
import { unlink, writeFile } from 'node:fs/promises';
import { exists } from '../base/fsx.js';
import { NetbenchError, describeError } from '../base/errors.js';
import { lastLines, run } from './exec.js';

/** Package -> why the lab needs it. */
export const LAB_PACKAGES: Readonly<Record<string, string>> = {
  'docker.io': 'the Docker engine (dockerd 20.10, the paper major version) of both hosts',
  containerd: "the engine's container supervisor",
  runc: 'the default OCI runtime',
  crun: 'a second OCI runtime (C implementation)',
  runsc: 'gVisor, a user-space kernel runtime',
  debootstrap: 'builds the benchmark image from Debian packages, offline from any image registry',
  iproute2: 'network namespace, veth link, routes',
  iptables: "Docker's NAT for published ports",
  'util-linux': 'nsenter and unshare',
  procps: 'process inspection',
  ethtool: "the A-B link's offload settings, recorded in each campaign session",
};

export async function missingPackages(names: readonly string[]): Promise<string[]> {
  const r = await run(['dpkg-query', '-W', '-f=${Package} ${Status}\\n', ...names], { reject: false, timeoutMs: 30_000 });
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' install ok installed'))
      .map((l) => l.split(' ')[0]),
  );
  return names.filter((n) => !installed.has(n));
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * How long apt-get waits for another apt or dpkg (unattended upgrades, a second terminal) to let go
 * of its locks, instead of failing at once with "Could not get lock".
 */
export const APT_LOCK_WAIT_S = 600;
const APT_LOCKED = /Could not get lock|Unable to lock/;

/**
 * apt-get with `args`. While another apt or dpkg holds a lock it needs (the package lists' for
 * update, dpkg's for install: apt's own DPkg::Lock::Timeout covers only the second), it is run
 * again every 2 s for up to `waitS`, and `log` says once what it waits for.
 */
export async function aptGet(
  args: readonly string[],
  o: { timeoutMs: number; env?: Record<string, string>; log: (m: string) => void; waitS?: number },
): Promise<void> {
  const waitS = o.waitS ?? APT_LOCK_WAIT_S;
  const deadline = Date.now() + waitS * 1000;
  let said = false;
  for (;;) {
    const r = await run(['apt-get', ...args], { timeoutMs: o.timeoutMs, env: o.env ?? {}, reject: false });
    if (r.exitCode === 0) return;
    const out = r.stderr || r.stdout;
    if (!APT_LOCKED.test(out) || Date.now() > deadline)
      throw new NetbenchError(
        'tool-failed',
        `\`apt-get ${args.join(' ')}\` exited with ${r.exitCode}: ${lastLines(out, 5)}`,
        APT_LOCKED.test(out) ? `Another apt or dpkg held its lock for ${waitS} s: let it finish, then retry.` : 'Read the message above.',
      );
    if (!said)
      o.log(
        `waiting for another apt or dpkg to finish (up to ${Math.round(waitS / 60)} min): ${out
          .split('\n')
          .find((l) => APT_LOCKED.test(l))
          ?.replace(/^E: /, '')}`,
      );
    said = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function installPackages(names: readonly string[], log: (m: string) => void): Promise<void> {
  if (names.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new NetbenchError(
      'not-root',
      `Debian packages missing: ${names.join(', ')}`,
      `Run as root, or install them yourself: apt-get install -y ${names.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${names.join(', ')}`);
  const ownPolicy = !(await exists(POLICY_RC_D));
  if (ownPolicy) await writeFile(POLICY_RC_D, '#!/bin/sh\n# written by netbench during apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    await aptGet(['update', '-q'], { timeoutMs: 300_000, env, log });
    await aptGet(['install', '-y', '-q', '--no-install-recommends', ...names], { timeoutMs: 900_000, env, log });
  } catch (e) {
    throw new NetbenchError(
      'missing-package',
      `could not install ${names.join(', ')}: ${describeError(e)}`,
      'Check that Debian package mirrors are reachable (apt-get update) and that no other apt or dpkg keeps its lock, then retry.',
      { cause: e },
    );
  } finally {
    if (ownPolicy) await unlink(POLICY_RC_D).catch(() => undefined);
  }
  const still = await missingPackages(names);
  if (still.length) {
    throw new NetbenchError('missing-package', `still not installed: ${still.join(', ')}`, `apt-get install -y ${still.join(' ')}`);
  }
}
