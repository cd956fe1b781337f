// `lab down`: undoes what `lab up` recorded (engines, networks, link, namespace, cgroup fixes),
// and with --purge the image and build cache too.
import { readFile, rmdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { join } from 'node:path';
import { removeNetworks, type Engines } from './networks.js';
import { endOrphanedShims } from '../machine/orphans.js';
import { keptV1Controllers, restoreControllers } from '../machine/host-fixes.js';
import { run } from '../machine/exec.js';
import { describeError } from '../base/errors.js';
import { removeLabelledContainers } from '../engine/containers.js';
import { startDaemon, stopDaemon } from './daemon.js';
import { answers, client } from '../engine/endpoint.js';
import { IMAGE_BUILD_DIR, IMAGE_REPO } from './image.js';
import { deleteLink, deleteNetns, removeBlackhole, removeLeftoverEngineBridges } from '../machine/netns.js';
import { emptyState, type DaemonRecord } from './state.js';
import { emulatedPlan, topologyOf } from './topology.js';
import type { Logger } from '../base/logger.js';
import type { LabConfig } from './lab-config.js';
import { keptMarker, requireRoot, stateStore } from './lab-common.js';

export interface DownReport {
  removedContainers: number;
  warnings: string[];
}

/** Undo everything the state file records; safe to run again, and on a lab that never came up. */
export async function labDown(c: LabConfig, log: Logger, opts: { purge?: boolean } = {}): Promise<DownReport> {
  requireRoot('lab down');
  const store = stateStore(c);
  const state = (await store.read()) ?? emptyState(c.name);
  const t = topologyOf(c);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    log.warn(m);
  };
  const eng: Partial<Engines> = {};
  for (const id of ['A', 'B'] as const) if (await answers(t.hosts[id].endpoint)) eng[id] = client(t.hosts[id].endpoint);
  let removedContainers = 0;
  for (const id of ['B', 'A'] as const) {
    const d = eng[id];
    if (d)
      removedContainers += await removeLabelledContainers(d, c.name).catch((e: unknown) => (warn(`host ${id}: ${describeError(e)}`), 0));
  }
  log.step(`removed ${removedContainers} lab container(s)`);
  await removeNetworks(eng, t, state.swarmCreated, warn);
  if (opts.purge) await purgeImages(c, eng.A, log, warn);
  for (const id of ['B', 'A'] as const) {
    const rec = state.daemons[id];
    if (rec) {
      log.step(`stopping host ${id}'s dockerd (pid ${rec.pid})`);
      await stopDaemon(rec);
    }
  }
  if (c.mode === 'emulated') {
    const plan = emulatedPlan(c);
    // dockerd leaves its bridges behind when it stops or dies; an engine still answering on A is not ours.
    if (!(await answers(t.hosts.A.endpoint))) {
      const removed = await removeLeftoverEngineBridges(c.labCidr);
      if (removed.length) log.step(`removed the engine's leftover ${removed.join(', ')}`);
      // and the network namespaces' files of the engine A the toolkit ran (Docker's default exec root), when it died
      if (state.daemons.A) await unmountUnder(ENGINE_A_NETNS, warn);
    }
    // B's engine is stopped: a shim still under its run directory is an orphan of an engine that died
    const orphans = await endOrphanedShims(join(c.runDir, c.name));
    if (orphans) log.step(`ended ${orphans} container shim(s) left running by an engine that died, and their processes`);
    await unmountUnder(join(c.runDir, c.name), warn);
    // host B's dockerd makes its data root a mount point (bound onto itself) and leaves it when it stops
    await unmountUnder(join(c.stateDir, c.name), warn);
    if (state.link || state.netns) await deleteLink(plan.linkA);
    if (state.netns) await deleteNetns(plan.netns);
    for (const r of state.routes)
      await removeBlackhole(r.dest, r.ns === 'root' ? undefined : r.ns).catch((e: unknown) => warn(describeError(e)));
    const kept = await restoreControllers(state.cgroupControllersMounted, keptMarker(c), warn);
    for (const k of (await keptV1Controllers(keptMarker(c))).filter((x) => !kept.includes(x)))
      log.step(
        `cgroup: ${k} stays mounted at /sys/fs/cgroup/${k}: the kernel keeps its v1 hierarchy (it holds removed cgroups) and engines' stats fail without the mount; it returns to cgroup2 at the next boot (docs/lab.md, "Runtime fixes")`,
      );
    // the swarm is gone: host B's engine keeps no swarm state of it. It is there when B's engine did not
    // answer to leave (it had died), and the next start of that engine would spend 20 s trying to rejoin.
    if (state.swarmCreated) await run(['rm', '-rf', join(plan.dataRootB, 'swarm')], { reject: false });
    await run(['rm', '-rf', join(c.runDir, c.name)], { reject: false });
    if (opts.purge) {
      for (const dir of [join(c.stateDir, c.name), join(c.stateDir, IMAGE_BUILD_DIR)]) {
        const r = await run(['rm', '-rf', dir], { reject: false });
        if (r.exitCode !== 0) warn(`could not remove ${dir}: ${r.stderr.trim()}`);
      }
      await rmdir(c.stateDir).catch(() => undefined); // when no other lab uses it
    }
  }
  await store.remove();
  return { removedContainers, warnings };
}

/**
 * Remove every tag of the benchmark image from host A's engine (host B's copy goes with its data
 * root). After a plain `lab down` the toolkit's engine A is stopped: it is started alone for this,
 * with no runtime and the lab's bridge addresses, and stopped again.
 */
async function purgeImages(c: LabConfig, a: Docker | undefined, log: Logger, warn: (m: string) => void): Promise<void> {
  const t = topologyOf(c);
  let temporary: DaemonRecord | undefined;
  if (!a && c.mode === 'emulated') {
    const dir = join(c.runDir, c.name, 'purge-hostA');
    log.step("starting host A's engine to remove the benchmark image");
    temporary = await startDaemon({
      label: 'host A (purge)',
      configFile: join(dir, 'daemon.json'),
      logFile: join(dir, 'dockerd.log'),
      config: { runtimes: {}, ...emulatedPlan(c).bridgeA },
      endpoint: t.hosts.A.endpoint,
    }).catch((e: unknown) => (warn(`host A's engine did not start, so the benchmark image stays in it: ${describeError(e)}`), undefined));
  }
  const engine = a ?? (temporary ? client(t.hosts.A.endpoint) : undefined);
  try {
    if (!engine) {
      warn(`host A's engine does not answer at ${t.hosts.A.endpoint}: the benchmark image (${IMAGE_REPO}) stays in it`);
      return;
    }
    const tags = (await engine.listImages({ filters: { reference: [IMAGE_REPO] } })).flatMap((i) => i.RepoTags ?? []);
    for (const tag of tags) {
      await engine
        .getImage(tag)
        .remove({ force: true })
        .then(() => log.step(`removed image ${tag} from host A`))
        .catch((e: unknown) => warn(`could not remove image ${tag}: ${describeError(e)}`));
    }
  } finally {
    if (temporary) await stopDaemon(temporary);
  }
}

/** Where host A's engine (started with Docker's default exec root) keeps its network namespaces' files. */
const ENGINE_A_NETNS = '/run/docker/netns';

/** Leftover mounts of an engine that stopped or died (overlay layers, netns files) under a directory. */
async function unmountUnder(dir: string, warn: (m: string) => void): Promise<void> {
  const mounts = (await readFile('/proc/mounts', 'utf8'))
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort()
    .reverse();
  for (const m of mounts) {
    const r = await run(['umount', '-l', m], { reject: false });
    if (r.exitCode !== 0) warn(`could not unmount ${m}: ${r.stderr}`);
  }
}
