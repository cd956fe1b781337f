// `lab up`: the two hosts, their engines, the benchmark image, the networks of every driver and the
// runtimes, brought up step by step and recorded so `down` undoes exactly what `up` did. A failed
// first `up` rolls itself back: nothing half-created is left behind.
import { join } from 'node:path';
import { NetbenchError, describeError } from '../base/errors.js';
import { leftContainer, removeLabelledContainers } from '../engine/containers.js';
import { isOurDaemon, reloadRuntimes, startDaemon, type DaemonConfig } from './daemon.js';
import { answers, client, sshHostKeyProblem } from '../engine/endpoint.js';
import { run } from '../machine/exec.js';
import { shapeLink } from '../machine/link-shaping.js';
import { moveControllersToV1, runscNeedsWrapper, which, writeRunscWrapper } from '../machine/host-fixes.js';
import { hostFacts, type HostFacts } from '../engine/host-facts.js';
import { engineInfo } from '../engine/replies.js';
import type { RuntimeVariant } from '../model/variants.js';
import { readyVariants, wantedVariants } from './variants.js';
import { IMAGE_BUILD_DIR, buildImage, copyImage, hostSuite, imagePresent, imageRecipe, imageTag } from './image.js';
import {
  addBlackhole,
  hasAddress,
  conflictingRoutes,
  createLink,
  createNetns,
  linkExists,
  netnsExists,
  netnsPath,
  busy,
} from '../machine/netns.js';
import { ensureMacvlan, ensureOverlay, ensureSwarm } from './networks.js';
import { installPackages, missingPackages } from '../machine/packages.js';
import { probeMatrix, type MatrixEntry } from './probe-matrix.js';
import { engineMajorVersion, runtimeEntries, type RuntimeBinaries } from '../engine/runtimes.js';
import { StateStore, emptyState, type DaemonRecord, type LabState, type VariantRecord } from './state.js';
import { emulatedPlan, topologyOf, type Topology } from './topology.js';
import type { Logger } from '../base/logger.js';
import type { HostId } from '../model/hosts.js';
import type { EmulatedLabConfig, LabConfig } from './lab-config.js';
import { DEBIAN_DIR, engines, keptMarker, labPackages, requireRoot, round, stateStore } from './lab-common.js';
import { labDown } from './down.js';

export interface UpReport {
  durationS: number;
  imageBuilt: boolean;
  image: string;
  facts: Record<HostId, HostFacts>;
  matrix: MatrixEntry[];
  steps: Array<{ step: string; seconds: number }>;
  externalEngine: Partial<Record<HostId, string>>;
  /** Only the emulated hosts were brought up (namespace, link, engines, image): no lab networks. */
  hostsOnly: boolean;
  /** The runtime variants registered, with their binaries' builds. */
  variants: VariantRecord[];
  /** When the matrix shown was checked, if this lab up reused it (nothing it was checked on had changed). */
  matrixFrom?: string;
}

export interface UpOptions {
  /** Runtime variants to fetch and register (model/variants.ts); default: those of the last lab up. */
  variants?: string[];
  /**
   * Emulated lab only: bring up the two hosts (namespace, link, engines, image) and stop there, with
   * no swarm and no lab networks: two bare Docker hosts, the way a remote config expects to find them.
   */
  hostsOnly?: boolean;
  /**
   * The runtime x driver check (one container per runtime, driver and host). false: leave it out (a
   * campaign does: it runs every cell it plans and records each failure with its reason, and no
   * campaign reads the check). true: run it (`lab up --recheck`). Default: run it unless the last
   * check was made on the same engines (their PIDs), facts, image and variants, and reuse that one.
   */
  check?: boolean;
}

export async function labUp(c: LabConfig, log: Logger, o: UpOptions = {}): Promise<UpReport> {
  requireRoot('lab up');
  if (o.hostsOnly && c.mode !== 'emulated') {
    throw new NetbenchError(
      'bad-config',
      '--hosts-only brings up the emulated hosts; this config names remote hosts',
      'Leave out --hosts-only, or use the default (emulated) lab config.',
    );
  }
  const t0 = performance.now();
  const store = stateStore(c);
  const previous = await store.read();
  const state = previous ?? emptyState(c.name);
  const steps: UpReport['steps'] = [];
  const timed = async <T>(step: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    log.step(step);
    const r = await f();
    steps.push({ step, seconds: round((performance.now() - s) / 1000) });
    return r;
  };
  try {
    const t = topologyOf(c);
    // Remote hosts bring their own engines; this machine only builds the image for them.
    await timed('Debian packages', async () => installPackages(await missingPackages(labPackages(c)), log.step));
    const wanted = wantedVariants(o.variants ?? state.variantsWanted ?? []);
    if (wanted.length && c.mode !== 'emulated')
      throw new NetbenchError(
        'bad-config',
        `--variants ${wanted.map((v) => v.name).join(',')}: the toolkit registers variants on the emulated lab's engines only`,
        "On remote hosts, register each variant in the engine's daemon.json yourself (netbench doctor prints the entries), under its name.",
      );
    await store.update(state, (s) => (s.variantsWanted = wanted.map((v) => v.name)));
    let startedNow: HostId[] = [];
    if (c.mode === 'emulated')
      startedNow = await timed('host B: namespace, link, engines', () => upEmulatedHosts(c, store, state, log, wanted, o.check === true));
    else await timed('remote engines', () => checkRemoteEngines(t));
    const eng = engines(t);
    for (const id of ['A', 'B'] as const) {
      const n = await removeLabelledContainers(eng[id], c.name, leftContainer(startedNow.includes(id)));
      if (n) log.step(`host ${id}: removed ${n} lab container(s) not running, left by an engine that died`);
    }
    const recipe = imageRecipe(await hostSuite());
    const tag = imageTag(recipe);
    let imageBuilt = false;
    await timed('benchmark image', async () => {
      if (!(await imagePresent(eng.A, tag))) {
        await buildImage(eng.A, recipe, join(c.stateDir, IMAGE_BUILD_DIR), log.step);
        imageBuilt = true;
      } else log.step(`image ${tag} is cached on host A`);
      if (!(await imagePresent(eng.B, tag))) {
        log.step(`loading ${tag} into host B`);
        await copyImage(eng.A, eng.B, tag);
      }
      await store.update(state, (s) => (s.image = { tag, recipeHash: tag.split(':')[1]! }));
    });
    const facts = { A: await hostFacts('A', t.hosts.A.endpoint, eng.A), B: await hostFacts('B', t.hosts.B.endpoint, eng.B) };
    const finished = async (matrix: MatrixEntry[], hostsOnly: boolean, matrixFrom?: string): Promise<UpReport> => {
      const durationS = round((performance.now() - t0) / 1000);
      await store.update(state, (s) => {
        s.facts = facts;
        // a lab up that left the check out keeps the last one (a later lab up reuses it if it still holds)
        if (o.check !== false || hostsOnly) {
          s.matrix = matrix;
          if (matrix.length && !matrixFrom) s.matrixChecked = { at: new Date().toISOString(), fingerprint: checkedOn(s, tag) };
          if (!matrix.length) delete s.matrixChecked;
        }
        s.lastUp = { at: new Date().toISOString(), durationS, imageBuilt, ...(hostsOnly ? { hostsOnly } : {}) };
      });
      return {
        durationS,
        imageBuilt,
        image: tag,
        facts,
        matrix,
        steps,
        externalEngine: state.externalEngine ?? {},
        hostsOnly,
        variants: state.variants ?? [],
        ...(matrixFrom ? { matrixFrom } : {}),
      };
    };
    if (o.hostsOnly) return await finished([], true);
    await timed('networks: swarm, overlay, macvlan', async () => {
      const created = await ensureSwarm(eng, t, state.swarmCreated);
      if (created) await store.update(state, (s) => (s.swarmCreated = true));
      await ensureOverlay(eng, t, tag);
      await ensureMacvlan(eng, t);
    });
    let matrix: MatrixEntry[] = [];
    // the last check still holds when the engines, what they offer, the image and the variants are those it ran on
    const last = state.matrixChecked;
    const reuse =
      o.check === undefined && last && state.matrix?.length && last.fingerprint === checkedOn({ ...state, facts }, tag)
        ? last.at
        : undefined;
    if (o.check === false) log.step('runtimes x drivers: not checked now (`netbench lab up` checks them)');
    else if (reuse) {
      matrix = state.matrix!;
      log.step(
        `runtimes x drivers: the check of ${reuse} still holds (the same engines, runtimes and image since; --recheck checks again)`,
      );
    } else matrix = await timed('runtimes x drivers (one container each)', () => probeMatrix(eng, facts, t, tag));
    if (c.mode === 'emulated') await assertLinkAddresses(c);
    return await finished(matrix, false, reuse);
  } catch (e) {
    if (!previous) {
      log.warn(`lab up failed (${describeError(e)}); removing what it created`);
      await labDown(c, log).catch((d: unknown) => log.warn(`rollback incomplete: ${describeError(d)}`));
    }
    throw e;
  }
}

/** Is this recorded engine the dockerd we started, still running? */
const runningOurs = async (rec: DaemonRecord | undefined): Promise<boolean> => rec !== undefined && (await isOurDaemon(rec));

async function upEmulatedHosts(
  c: EmulatedLabConfig,
  store: StateStore,
  state: LabState,
  log: Logger,
  wanted: readonly RuntimeVariant[],
  recheck: boolean,
): Promise<HostId[]> {
  const plan = emulatedPlan(c);
  const t = topologyOf(c);
  // Pre-flight: refuse names and ranges that exist but are not this lab's, before touching anything.
  if (!state.netns && (await netnsExists(plan.netns))) throw busy(`network namespace ${plan.netns}`, `ip netns del ${plan.netns}`);
  if (!state.link && (await linkExists(plan.linkA))) throw busy(`network interface ${plan.linkA}`, `ip link del ${plan.linkA}`);
  if (!state.routes.some((r) => r.ns === 'root')) {
    const conflicts = await conflictingRoutes(c.labCidr);
    if (conflicts.length) {
      throw new NetbenchError(
        'busy',
        `the lab's address range ${c.labCidr} is already routed here: ${conflicts.join('; ')}`,
        conflicts.some((x) => /dev (docker0|docker_gwbridge)$/.test(x))
          ? "An earlier lab's engine left its bridges: ./netbench lab down removes them. Or choose another /16: --lab-cidr 10.x.0.0/16."
          : 'Choose another /16: --lab-cidr 10.x.0.0/16 (or lab.labCidr in the config).',
      );
    }
  }
  // The guard first: while the lab exists, its range never falls through to the default route.
  await addBlackhole(c.labCidr);
  if (!state.routes.some((r) => r.ns === 'root')) await store.update(state, (s) => s.routes.push({ ns: 'root', dest: c.labCidr }));

  const mounted = await moveControllersToV1(keptMarker(c), (m) => log.step(m));
  if (mounted.length) await store.update(state, (s) => s.cgroupControllersMounted.push(...mounted));

  if (!(await netnsExists(plan.netns))) {
    await createNetns(plan.netns);
    await store.update(state, (s) => (s.netns = plan.netns));
  }
  await addBlackhole(c.labCidr, plan.netns);
  if (!state.routes.some((r) => r.ns === plan.netns)) await store.update(state, (s) => s.routes.push({ ns: plan.netns, dest: c.labCidr }));
  if (!(await linkExists(plan.linkA))) {
    await createLink({
      netns: plan.netns,
      linkA: plan.linkA,
      linkB: plan.linkB,
      addressA: t.hosts.A.address,
      addressB: t.hosts.B.address,
      prefix: 24,
    });
    await store.update(state, (s) => (s.link = plan.linkA));
  }
  // The link's rate is what this config says, every time: a plain lab up takes a shaping off.
  await shapeLink(plan.linkA, c.linkRate);
  await shapeLink(plan.linkB, c.linkRate, plan.netns);
  if (c.linkRate) log.step(`link ${plan.linkA} <-> ${plan.linkB}: ${c.linkRate} each way (tc tbf on both ends)`);

  const bins = await runtimeBinaries(c, plan.netns, log);
  const ready = await readyVariants(wanted, {
    debianDir: join(c.stateDir, DEBIAN_DIR),
    binDir: join(c.stateDir, c.name, 'bin'),
    runscNeedsWrapper: bins.runsc !== undefined && bins.runsc !== bins.runscBinary,
    sandbox: { known: state.sandboxChecks ?? [], recheck },
    log,
  });
  await store.update(state, (s) => {
    s.variants = ready.records;
    s.sandboxChecks = ready.sandboxChecks;
  });
  const runtimes = runtimeEntries({ ...bins, variants: ready.binaries }, engineMajorVersion((await run(['dockerd', '--version'])).stdout));
  const dir = join(c.stateDir, c.name);
  // engines of ours already running take the runtimes live; the others are started below
  const running = { A: await runningOurs(state.daemons.A), B: await runningOurs(state.daemons.B) };
  for (const id of ['A', 'B'] as const) {
    const rec = state.daemons[id];
    if (
      rec &&
      running[id] &&
      (await reloadRuntimes(rec, runtimes, async () => Object.keys((await engineInfo(client(t.hosts[id].endpoint))).Runtimes ?? {})))
    )
      log.step(`host ${id}: its engine took the runtimes ${Object.keys(runtimes).join(', ')}`);
  }
  const daemonA: DaemonConfig = { runtimes, ...plan.bridgeA };
  const started: HostId[] = [];
  if (!running.A) {
    if (await answers(t.hosts.A.endpoint)) {
      const why =
        'a Docker engine was already running at /var/run/docker.sock; netbench uses it as host A and leaves its configuration alone';
      log.step(`host A: ${why}`);
      await store.update(state, (s) => (s.externalEngine = { ...s.externalEngine, A: why }));
    } else {
      const rec = await startDaemon({
        label: 'host A',
        configFile: join(dir, 'hostA', 'daemon.json'),
        logFile: join(dir, 'hostA', 'dockerd.log'),
        config: daemonA,
        endpoint: t.hosts.A.endpoint,
      });
      await store.update(state, (s) => {
        s.daemons.A = rec;
        delete s.externalEngine?.A;
      });
      started.push('A');
    }
  }
  if (!running.B) {
    const runB = join(c.runDir, c.name, 'hostB');
    const rec = await startDaemon({
      label: 'host B',
      configFile: join(dir, 'hostB', 'daemon.json'),
      logFile: join(dir, 'hostB', 'dockerd.log'),
      endpoint: t.hosts.B.endpoint,
      netnsPath: netnsPath(plan.netns),
      config: {
        runtimes,
        ...plan.bridgeB,
        hosts: [t.hosts.B.endpoint],
        dataRoot: plan.dataRootB,
        execRoot: join(runB, 'exec'),
        pidfile: join(runB, 'dockerd.pid'),
        containerdNamespace: `${c.name}-hostB`,
      },
    });
    await store.update(state, (s) => (s.daemons.B = rec));
    started.push('B');
  }
  return started;
}

/** What a runtime x driver check ran on: the engines (by the PIDs of those the lab started), their facts, the image and the variants. */
function checkedOn(s: LabState, tag: string): string {
  return JSON.stringify({
    daemons: { A: s.daemons.A?.pid ?? 'external', B: s.daemons.B?.pid ?? 'external' },
    // the swarm's state left out: the facts are read before lab up makes the swarm
    facts: Object.fromEntries(Object.entries(s.facts ?? {}).map(([id, f]) => [id, { ...f, swarm: undefined }])),
    image: tag,
    variants: (s.variants ?? []).map((v) => [v.name, v.sha256, v.args]),
  });
}

/** The link addresses must survive every container the lab ran (a runtime in the wrong namespace removes them). */
async function assertLinkAddresses(c: EmulatedLabConfig): Promise<void> {
  const plan = emulatedPlan(c);
  const t = topologyOf(c);
  for (const [dev, addr, ns] of [
    [plan.linkA, t.hosts.A.address, undefined],
    [plan.linkB, t.hosts.B.address, plan.netns],
  ] as const) {
    if (!(await hasAddress(dev, addr, ns))) {
      throw new NetbenchError(
        'tool-failed',
        `${dev} lost its address ${addr} while the lab ran containers: a runtime took over a host network namespace`,
        "Run `netbench lab down`, then report this with `netbench doctor --json`; check the host's own interfaces (ip addr).",
      );
    }
  }
}

async function runtimeBinaries(c: EmulatedLabConfig, netns: string, log: Logger): Promise<RuntimeBinaries> {
  const bins: RuntimeBinaries = {};
  const crun = await which('crun');
  if (crun) bins.crun = crun;
  const runsc = await which('runsc');
  if (runsc) {
    bins.runscBinary = runsc;
    if (await runscNeedsWrapper(netnsPath(netns))) {
      bins.runsc = await writeRunscWrapper(join(c.stateDir, c.name, 'bin'), runsc);
      log.step(`runsc: this kernel shows /proc/sys/net/core/rmem_default in every netns; registering it through ${bins.runsc}`);
    } else bins.runsc = runsc;
  }
  const kataShim = await which('containerd-shim-kata-v2');
  if (kataShim) bins.kataShimV2 = kataShim;
  const kataV1 = await which('kata-runtime');
  if (kataV1) bins.kataRuntimeV1 = kataV1;
  return bins;
}

async function checkRemoteEngines(t: Topology): Promise<void> {
  for (const id of ['A', 'B'] as const) {
    if (!(await answers(t.hosts[id].endpoint, 15_000))) {
      const hostKey = sshHostKeyProblem(t.hosts[id].endpoint);
      if (hostKey) throw new NetbenchError('bad-config', `host ${id}: ${hostKey.problem}`, hostKey.fix);
      throw new NetbenchError(
        'daemon-down',
        `host ${id}: no Docker engine answers at ${t.hosts[id].endpoint}`,
        `Check that dockerd runs there and that \`docker -H ${t.hosts[id].endpoint} info\` works from this machine.`,
      );
    }
  }
}
