// The campaign runner: brings the lab up, plans the matrix, then runs every task in order and
// appends its rows (flushed) as it finishes; resumes a campaign without repeating or losing a
// finished task; stops cleanly on SIGINT/SIGTERM, removing its containers.
import { constants } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isRecord } from '../base/records.js';
import { makeDir } from '../base/fsx.js';
import type { CampaignConfig } from '../config/campaign-config.js';
import { NetbenchError, describeError, fileSystemError, isNetbenchError } from '../base/errors.js';
import { LABEL_LAB, removeQuietly, runToCompletion } from '../engine/containers.js';
import { offeredRuntimes } from '../engine/host-facts.js';
import type { Logger } from '../base/logger.js';
import type { ReadyLab } from '../lab/ready.js';
import { BUSY_SHARE, cpuBusyShare, formatLoad, hostLoad } from '../machine/host-load.js';
import { driverEngine } from '../engine/runtimes.js';
import { statsCsv } from '../probes/docker-stats.js';
import { ALL_PROBES, probesFor, probesOf, type BoundProbe } from '../probes/registry.js';
import { STRESS_TOOL } from '../probes/stress-ng.js';
import type { MeasurementRecord, Status } from '../dataset/measurements.js';
import { TOOLKIT_ROOT, toolkitCommit, toolkitDirty, toolkitGit, toolkitPackage } from '../base/toolkit.js';
import { outcomesFromTimeline, retryBudget, type RunOutcome } from './retry-budget.js';
import {
  MANIFEST,
  appendRows,
  campaignId,
  campaignPath,
  completedTasks,
  createCampaignDir,
  writeArtifact,
  writeJsonAtomic,
} from '../dataset/campaign-dir.js';
import { estimateSeconds } from './estimate.js';
import { sectionsScript, splitSections } from './tool-versions.js';
import { artifactPath, emptyRows, ranRows, rowBase } from './rows.js';
import { firstProvenance, readManifest, type Manifest, type Provenance, type Session } from '../dataset/manifest.js';
import { newManifest } from './new-manifest.js';
import { planCampaign, type Plan, type PlannedCell } from './plan.js';
import { IDLE_BASELINE_S, measureIdleCpu } from './cpu-readings.js';
import { busyShare } from '../machine/cpu-time.js';
import { FailedRun, runProbeOnce, seconds, settleRemovals, stoppedEngine, withRetries, type ExchangeContext } from './probe-run.js';
import { appendTimeline, readTimeline, type RunPhases } from '../dataset/timeline.js';
import { cellKey, cellKeyOf, experimentOfKey, taskKey, taskKeyOf, type Task } from '../model/keys.js';
import type { LabConfig } from '../lab/lab-config.js';
import { linkOffloads } from '../lab/link-offloads.js';
import { localRuntimeBinaries } from '../machine/runtime-binaries.js';
import { engineRuntimeBinaries } from '../engine/runtime-binaries.js';
import type { RuntimeBinary } from '../model/runtime-binaries.js';
import { HOST_IDS } from '../model/hosts.js';

export const LABEL_CAMPAIGN = 'io.netbench.campaign';

export interface TaskReport {
  task: Task;
  key: string;
  rows: MeasurementRecord[];
  index: number;
  total: number;
}

/** What a campaign is about to run: its plan, the tasks left (all but those a resumed one has) and their expected time. */
export interface CampaignStart {
  id: string;
  plan: Plan;
  todo: number;
  expectedS: number;
}

export interface RunOptions {
  lab: LabConfig;
  /** The lab `lab` up and ready (lab/ready.ts readyLab), asked for once what the user named has been checked. */
  readyLab: () => Promise<ReadyLab>;
  campaign: CampaignConfig;
  /** Finish this campaign (its manifest's config and seed are used). */
  resume?: string;
  log: Logger;
  onTask?: (r: TaskReport) => void;
  onStart?: (s: CampaignStart) => void;
  signal?: AbortSignal;
  /**
   * Awaited once the lab is up, before anything is measured: work that may overlap the lab's
   * start (the demo's installs, beside the image build) but never a measurement.
   */
  beforeTasks?: () => Promise<void>;
}

export interface CampaignResult {
  id: string;
  dir: string;
  status: Manifest['status'];
  tasksRun: number;
  tasksTotal: number;
}

export async function runCampaign(o: RunOptions): Promise<CampaignResult> {
  // What the user named is checked before the lab comes up: a wrong id or an unwritable output
  // directory costs nothing.
  const resumed = o.resume ? await resumedCampaign(o.campaign.outDir, o.resume) : undefined;
  if (resumed?.manifest.status === 'complete') {
    o.log.step(`campaign ${resumed.manifest.campaignId} is complete: nothing to resume`);
    const { campaignId: id, plan } = resumed.manifest;
    return { id, dir: resumed.dir, status: 'complete', tasksRun: 0, tasksTotal: plan.tasks };
  }
  await checkWritable(resumed ? resumed.dir : o.campaign.outDir);
  if (resumed) checkSameLink(resumed.manifest, o.lab);
  const lab = await o.readyLab();
  await o.beforeTasks?.();
  const open = await openSession(o, lab, resumed);
  const failure = await runTasks(o, open);
  return closeSession(o, open, failure);
}

/** A session of a campaign, open: its directory and manifest, the plan, and what is left to run. */
interface OpenSession {
  dir: string;
  manifest: Manifest;
  /** This session's entry in the manifest's sessions. */
  session: Session;
  cfg: CampaignConfig;
  plan: Plan;
  ctx: ExchangeContext;
  probes: BoundProbe[];
  /** The tasks already on disk, and those to run now. */
  done: Set<string>;
  todo: Task[];
}

/**
 * Start a session: the new campaign's directory and manifest (or the resumed one's), its plan, the
 * tasks left, this session's provenance in the manifest, and a word when the machine is busy.
 */
async function openSession(o: RunOptions, lab: ReadyLab, resumed: { dir: string; manifest: Manifest } | undefined): Promise<OpenSession> {
  const offered = { A: offeredRuntimes(lab.facts.A), B: offeredRuntimes(lab.facts.B) };
  let dir: string;
  let manifest: Manifest;
  let cfg = o.campaign;
  if (resumed) {
    ({ dir, manifest } = resumed);
    // Fields added since the campaign began get their defaults (they change nothing it runs).
    cfg = manifest.config;
  } else {
    const id = campaignId(new Date(), o.lab.name);
    const seed = cfg.seed ?? Math.floor(Math.random() * 2 ** 32);
    const plan0 = planCampaign(cfg, offered, seed); // refuses a bad matrix before anything is written
    const m = newManifest(id, cfg, o.lab, seed, plan0, await provenanceOf(lab, resolve(cfg.outDir), (m) => o.log.warn(m)));
    dir = await createCampaignDir(cfg.outDir, id);
    manifest = m;
  }
  const plan = planCampaign(cfg, offered, manifest.seed);
  const ctx: ExchangeContext = {
    engines: lab.engines,
    facts: lab.facts,
    topology: lab.topology,
    image: lab.image,
    labels: { [LABEL_CAMPAIGN]: manifest.campaignId },
    pendingRemovals: [], // client containers are removed while the next server starts
  };
  await removeCampaignContainers(ctx, manifest.campaignId);
  const probes = probesFor(cfg);
  const expectedProbes = (key: string) => {
    const experiment = experimentOfKey(key);
    return experiment ? probesOf(probes, experiment).length : 0;
  };
  const done = await completedTasks(
    dir,
    (r) => rowTaskKey(r),
    (k) => expectedProbes(k),
  );
  const todo = plan.tasks.filter((t) => !done.has(taskKey(t)));
  markKilledSessions(manifest.sessions, done.size);
  const first = firstProvenance(manifest);
  const provenance = manifest.sessions.length === 0 ? first : await provenanceOf(lab, resolve(cfg.outDir), (m) => o.log.warn(m));
  const differs = provenanceDiff(first, provenance);
  if (differs.length)
    o.log.warn(`resuming with different provenance than the campaign's first session: ${differs.join(', ')} (recorded in the manifest)`);
  ctx.cost = await costSetting(o, lab, cfg, probes);
  const session: Session = {
    startedAt: new Date().toISOString(),
    tasksRun: 0,
    status: 'running',
    provenance,
    ...(differs.length ? { differsFromFirst: differs } : {}),
    ...(ctx.cost && 'idle' in ctx.cost ? { idleCpu: ctx.cost.idle } : {}),
    linkOffloads: await linkOffloads(lab.config),
  };
  manifest.status = 'running';
  manifest.sessions.push(session);
  await writeJsonAtomic(join(dir, MANIFEST), manifest);
  // the idle baseline just measured says how busy the machine is; without one, a second's look
  const idle = ctx.cost && 'idle' in ctx.cost && 'cores' in ctx.cost.idle ? ctx.cost.idle : undefined;
  const busy = idle ? busyShare(idle.cores) : await cpuBusyShare();
  if (busy !== undefined && busy >= BUSY_SHARE) {
    o.log.warn(
      `this machine is busy (${Math.round(busy * 100)} % of its CPU time in use over the last ${idle ? `${idle.seconds.toFixed(0)} s` : 'second'}, load average ${formatLoad(await hostLoad())}): ` +
        'other work disturbs what the campaign measures; ' +
        'run campaigns on an otherwise idle machine (each probe run records the load average in its attempts.txt)',
    );
  }
  o.onStart?.({ id: manifest.campaignId, plan, todo: todo.length, expectedS: estimateSeconds(cfg, plan, todo) });
  return { dir, manifest, session, cfg, plan, ctx, probes, done, todo };
}

/** Whether this session's runs read their CPU cost, after measuring the idle baseline they are net of. */
async function costSetting(o: RunOptions, lab: ReadyLab, cfg: CampaignConfig, probes: BoundProbe[]): Promise<ExchangeContext['cost']> {
  if (cfg.cpuCost === false) return { off: 'the campaign did not read CPU counters (cpuCost: false, --no-cpu-cost)' };
  if (!probes.some((p) => p.cost)) return undefined;
  const remote =
    lab.topology.mode === 'remote'
      ? "the hosts are remote engines: this machine's /proc/stat does not count their CPUs (their containers' cgroups are read through the engines)"
      : undefined;
  if (!remote) o.log.step(`measuring the idle CPU baseline (${IDLE_BASELINE_S} s)`);
  const idle = await measureIdleCpu(remote);
  if ('unsupported' in idle && !remote) o.log.warn(`no idle CPU baseline, so no machine CPU cost: ${idle.unsupported}`);
  return { idle };
}

/**
 * Run the session's tasks in order, appending each task's rows once it is whole, until they are
 * done, the signal aborts or something fails; that failure is returned, not thrown, so the session
 * can close the same way in every case.
 */
async function runTasks(o: RunOptions, s: OpenSession): Promise<unknown> {
  const { dir, manifest, plan, ctx, done, todo } = s;
  const cells = new Map(plan.cells.map((c) => [cellKey(c.cell), c]));
  const aborted = () => o.signal?.aborted ?? false;
  // per cell and probe, the runs so far in order (earlier sessions' from the timeline)
  const outcomes = outcomesFromTimeline(await readTimeline(dir), (t) => done.has(t));
  // On abort, the containers of the run in flight are removed at once (cutting it short); the
  // removal is awaited before the session ends, so no container outlives the process.
  let abortRemoval: Promise<unknown> | undefined;
  const onAbort = () => {
    abortRemoval = removeCampaignContainers(ctx, manifest.campaignId);
  };
  o.signal?.addEventListener('abort', onAbort);
  let failure: unknown;
  try {
    for (const [i, task] of todo.entries()) {
      if (aborted()) break;
      const rows = await runTask(task, {
        ctx,
        dir,
        id: manifest.campaignId,
        planned: cells.get(cellKey(task.cell))!,
        probes: probesOf(s.probes, task.cell.experiment),
        cfg: s.cfg,
        aborted,
        outcomes,
      });
      if (aborted()) break; // the task in flight was cut short: not recorded, run again on resume
      appendRows(dir, rows);
      s.session.tasksRun++;
      o.onTask?.({ task, key: taskKey(task), rows, index: done.size + i + 1, total: plan.tasks.length });
    }
  } catch (e) {
    failure = resumable(e, manifest.campaignId);
  }
  o.signal?.removeEventListener('abort', onAbort);
  await abortRemoval;
  return failure;
}

/**
 * End the session the same way whether its tasks finished, were aborted or failed: no container of
 * the campaign left, and the manifest records how it ended. The failure, if any, is thrown last.
 */
async function closeSession(o: RunOptions, s: OpenSession, failure: unknown): Promise<CampaignResult> {
  const { dir, manifest, session, ctx } = s;
  await settleRemovals(ctx);
  const left = await removeCampaignContainers(ctx, manifest.campaignId);
  if (left.length) {
    o.log.warn(
      `this campaign's containers may not all be removed: ${left.join('; ')}; ` +
        'remove them with `netbench lab down` (or `docker rm -f`) before measuring again',
    );
  }
  const complete = failure === undefined && !(o.signal?.aborted ?? false) && session.tasksRun === s.todo.length;
  manifest.status = complete ? 'complete' : 'interrupted';
  session.endedAt = new Date().toISOString();
  session.status = manifest.status;
  if (complete) manifest.endedAt = session.endedAt;
  try {
    await writeJsonAtomic(join(dir, MANIFEST), manifest);
  } catch (e) {
    // The error that stopped the campaign (say, a full disk) is the one to report; the manifest
    // keeps its session `running`, which the resume reads as killed.
    if (failure === undefined) throw e;
    o.log.warn(`the manifest could not record how this session ended: ${describeError(e)}`);
  }
  if (failure !== undefined) throw failure;
  return { id: manifest.campaignId, dir, status: manifest.status, tasksRun: session.tasksRun, tasksTotal: s.plan.tasks.length };
}

/** A file-system error (a full disk, say) that stopped the campaign, with the way to finish it once fixed. */
function resumable(e: unknown, id: string): unknown {
  if (!(isNetbenchError(e) && e.kind === 'bad-config' && e.cause instanceof Error && 'code' in e.cause)) return e;
  const resume = `Then finish the campaign with \`netbench collect --resume ${id}\`: the tasks on disk are whole and kept.`;
  return new NetbenchError(e.kind, e.message, `${e.hint} ${resume}`, { cause: e.cause });
}

/**
 * The campaign `--resume` names: an id under the output directory, or the campaign directory's path
 * (what tab completion gives).
 */
async function resumedCampaign(outDir: string, name: string): Promise<{ dir: string; manifest: Manifest }> {
  const dir = campaignPath(name, outDir);
  return { dir, manifest: await readManifest(dir) };
}

/** A resumed campaign goes on over a link of the rate it began with (a shaped link changes every value). */
export function checkSameLink(m: Manifest, lab: LabConfig): void {
  const was = m.lab.linkRate;
  const now = lab.mode === 'emulated' ? lab.linkRate : undefined;
  if (was === now) return;
  throw new NetbenchError(
    'bad-config',
    `campaign ${m.campaignId} ran over ${was ? `a link shaped to ${was}` : 'an unshaped link'}, and this run would use ${now ? `one shaped to ${now}` : 'an unshaped one'}`,
    `Resume it with ${was ? `--link-rate ${was}` : '--link-rate off (or without lab.linkRate in the config)'}.`,
  );
}

/** The output directory exists (made if missing) and takes a new campaign, or the resumed campaign's directory takes its rows. */
async function checkWritable(outDir: string): Promise<void> {
  await makeDir(outDir);
  await access(outDir, constants.W_OK).catch((e: unknown) => {
    throw fileSystemError(e, outDir) ?? e;
  });
}

/**
 * A session still `running` when the campaign is resumed was killed without writing its end: mark
 * it so, and count its tasks as those on disk that no other session accounts for (tasks are
 * appended whole, so the rows on disk are exact).
 */
export function markKilledSessions(sessions: Session[], tasksOnDisk: number): void {
  for (const s of sessions) {
    if (s.status !== 'running') continue;
    s.status = 'killed';
    const others = sessions.reduce((n, o) => n + (o === s ? 0 : o.tasksRun), 0);
    s.tasksRun = Math.max(0, tasksOnDisk - others);
  }
}

/** The task a CSV row belongs to: must equal taskKey() of that task (resume matches the two). */
export const rowTaskKey = (r: Record<string, string>): string =>
  taskKeyOf(cellKeyOf(r.experiment!, r.runtime!, `${r.client_driver},${r.server_driver}`, r.load!), r.rep!, r.warmup === 'true');

/** What running a task needs besides the task: the campaign's context, its cell's plan and its probes. */
interface TaskContext {
  ctx: ExchangeContext;
  /** The campaign's directory and id. */
  dir: string;
  id: string;
  planned: PlannedCell;
  /** The probes of the task's experiment. */
  probes: BoundProbe[];
  cfg: CampaignConfig;
  aborted: () => boolean;
  /** Each cell's probe runs so far (the retry budget's history), by `cellKey|probe`. */
  outcomes: Map<string, RunOutcome[]>;
}

/** Every probe of one task, each run with its retries; the task's rows (none kept when aborted). */
async function runTask(task: Task, { ctx, dir, id, planned, probes, cfg, aborted, outcomes }: TaskContext): Promise<MeasurementRecord[]> {
  const c = task.cell;
  const rows: MeasurementRecord[] = [];
  for (const probe of probes) {
    if (aborted()) break; // the caller drops a task cut short
    const base = rowBase(id, task, probe.name);
    const noValues = (status: Status, reason: string, attempts: number, warnings: string, artifact: string) =>
      emptyRows(base, probe.metrics, { status, reason, attempts, warnings, artifact, startedAt: new Date().toISOString() });
    const unsupported = planned.unsupported ?? probe.supports({ runtime: c.runtime, client: c.pair.client, server: c.pair.server });
    if (unsupported) {
      rows.push(...noValues('unsupported', unsupported, 0, '', ''));
      continue;
    }
    const art = artifactPath(task, probe.name);
    const loadBefore = await hostLoad();
    await rm(join(dir, art), { recursive: true, force: true }); // what a run cut short (then resumed) left
    const kept = new Set<number>(); // failed attempts whose raw output is in attempt<n>/
    const historyKey = `${cellKey(c)}|${probe.name}`;
    const history = outcomes.get(historyKey) ?? [];
    outcomes.set(historyKey, history);
    const budget = retryBudget(history, cfg.retries);
    const attempt = await withRetries(
      budget.retries,
      async (n) => {
        const phases: RunPhases = {};
        const at = new Date().toISOString();
        const t0 = performance.now();
        let ok = false;
        let error: string | undefined;
        let interrupted = false;
        try {
          const r = await runProbeOnce(ctx, probe, c.runtime, c.pair, c.load === 'stress' ? cfg.stress : undefined, phases);
          ok = true;
          return r;
        } catch (e) {
          error = describeError(e);
          if (aborted()) {
            // the abort removed its containers under it: what the engine said then is no failure of the runtime
            interrupted = true;
            error = `cut short by the interruption (the engine then said: ${error})`;
            throw e;
          }
          const stopped = await stoppedEngine(ctx);
          if (stopped) {
            const host = ctx.topology.hosts[stopped];
            throw new NetbenchError(
              'daemon-down',
              `host ${stopped}'s Docker engine (${host.endpoint}) stopped answering during the campaign (the run of ${taskKey(task)} ${probe.name} failed: ${error})`,
              `Bring it back (${ctx.topology.mode === 'emulated' ? '`netbench lab up`' : 'start dockerd on that host'}), then finish with \`netbench collect --resume ${id}\`: the task in flight is not recorded and runs again.`,
            );
          }
          if (e instanceof FailedRun && (await writeOutputs(dir, `${art}/attempt${n}`, e.outputs))) kept.add(n);
          throw e;
        } finally {
          await appendTimeline(dir, {
            task: taskKey(task),
            probe: probe.name,
            attempt: n,
            ok,
            ...(error !== undefined ? { error } : {}),
            ...(interrupted ? { interrupted } : {}),
            at,
            total_s: seconds(performance.now() - t0),
            ...phases,
          });
        }
      },
      aborted,
    );
    const r = attempt.value;
    history.push({ ok: r !== undefined, errors: attempt.errors });
    const skipped = budget.skipped ? [budget.skipped] : [];
    await writeArtifact(
      dir,
      `${art}/attempts.txt`,
      attempt.errors
        .map((e, i) => `attempt ${i + 1} failed: ${e}${kept.has(i + 1) ? ` (raw output in attempt${i + 1}/)` : ''}\n`)
        .join('') +
        (r ? `attempt ${attempt.attempts} ok\n` : '') +
        skipped.map((x) => `${x}\n`).join('') +
        `toolkit host load average (1, 5, 15 min) before: ${formatLoad(loadBefore)}; after: ${formatLoad(await hostLoad())}\n`,
    );
    if (!r) {
      rows.push(
        ...noValues(
          'failed',
          attempt.errors.at(-1) ?? 'unknown error',
          attempt.attempts,
          [...attempt.errors.slice(0, -1), ...skipped].join(' | '),
          art,
        ),
      );
      continue;
    }
    await writeArtifact(dir, `${art}/client.stdout`, r.clientStdout);
    if (r.clientStderr) await writeArtifact(dir, `${art}/client.stderr`, r.clientStderr);
    if (r.serverStdout) await writeArtifact(dir, `${art}/server.stdout`, r.serverStdout);
    if (r.stress) await writeArtifact(dir, `${art}/stress.txt`, r.stress);
    if (r.serverStats) await writeArtifact(dir, `${art}/server-stats.csv`, statsCsv(r.serverStats));
    const warnings = [...r.parsed.warnings, ...(r.statsErrors ?? []), ...attempt.errors.map((e) => `retried: ${e}`), ...skipped];
    const variant = driverEngine(c.runtime, c.pair.client) ?? driverEngine(c.runtime, c.pair.server);
    if (variant) warnings.push(`client as ${variant.engineName}`);
    // One row per metric the probe promises: its value, or `failed` with why the run gave none.
    rows.push(...ranRows(base, probe.metrics, r, { attempts: attempt.attempts, warnings, artifact: art }));
  }
  return rows;
}

/** Write the non-empty outputs of a failed attempt under `rel`; whether anything was written. */
async function writeOutputs(dir: string, rel: string, outputs: Record<string, string>): Promise<boolean> {
  const files = Object.entries(outputs).filter(([, text]) => text !== '');
  for (const [name, text] of files) await writeArtifact(dir, `${rel}/${name}`, text);
  return files.length > 0;
}

/**
 * Remove the campaign's containers on both hosts; what may be left afterwards: `host:name` of each
 * container still listed, or the host whose engine could not list its containers, with the error.
 */
async function removeCampaignContainers(ctx: ExchangeContext, id: string): Promise<string[]> {
  const left: string[] = [];
  for (const [host, d] of [
    ['A', ctx.engines.A],
    ['B', ctx.engines.B],
  ] as const) {
    const list = () =>
      d.listContainers({ all: true, filters: { label: [`${LABEL_CAMPAIGN}=${id}`, `${LABEL_LAB}=${ctx.topology.name}`] } });
    try {
      await Promise.all((await list()).map((c) => removeQuietly(d.getContainer(c.Id))));
      left.push(...(await list()).map((c) => `${host}:${c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)}`));
    } catch (e) {
      left.push(`host ${host}: its containers could not be listed (${describeError(e)})`);
    }
  }
  return left;
}

/** Dotted paths of the provenance fields that differ; arrays (like a host's runtime list) compare whole. */
export function provenanceDiff(a: unknown, b: unknown, path = ''): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => provenanceDiff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

/** The software and machine a session runs on: toolkit commit, both hosts' docker info facts, CPU model, image, tool versions. */
async function provenanceOf(up: ReadyLab, outDir: string, warn: (m: string) => void): Promise<Provenance> {
  const { config: lab, engines } = up;
  const pkg = toolkitPackage();
  const image = await engines.A.getImage(up.image).inspect();
  // One container per host: A's reports every tool's version and its CPU, B's its CPU.
  const sections = (docker: ExchangeContext['engines']['A'], commands: ReadonlyMap<string, string>) =>
    runToCompletion(
      docker,
      lab.name,
      { image: up.image, cmd: ['bash', '-c', sectionsScript(commands)], runtime: 'runc', network: 'none', role: 'manifest' },
      60_000,
    ).then(
      (r) => splitSections(r.stdout),
      (e: unknown) => describeError(e),
    );
  const cpu = new Map([[CPU_MODEL, CPU_MODEL_COMMAND]]);
  const [a, b] = await Promise.all([sections(engines.A, new Map([...TOOL_VERSION_COMMANDS, ...cpu])), sections(engines.B, cpu)]);
  const runtimeBinaries = lab.mode === 'emulated' ? await localRuntimeBinaries() : await remoteRuntimeBinaries(up, warn);
  const toolVersions: Record<string, string> = {};
  for (const tool of TOOL_VERSION_COMMANDS.keys())
    toolVersions[tool] = typeof a === 'string' ? `unknown (${a})` : (a.get(tool) ?? 'unknown (the version script stopped before it)');
  const cpuOf = (s: Map<string, string> | string) => (typeof s === 'string' ? 'unknown' : (s.get(CPU_MODEL) ?? 'unknown'));
  return {
    toolkit: {
      name: pkg.name,
      version: pkg.version,
      gitCommit: toolkitCommit(),
      gitDirty: toolkitDirty(toolkitGit(['status', '--porcelain']), TOOLKIT_ROOT, outDir),
    },
    hosts: up.facts,
    cpuModel: { A: cpuOf(a), B: cpuOf(b) },
    image: { tag: up.image, id: image.Id },
    toolVersions,
    ...(up.variants.length ? { variants: up.variants } : {}),
    ...(runtimeBinaries.length ? { runtimeBinaries } : {}),
  };
}

/**
 * The runtime binaries of a remote lab's engines, host by host (they may differ), read through each
 * engine; one that cannot be read is named in a warning, not left out in silence. (The engines of an
 * emulated lab run this machine's files: localRuntimeBinaries.)
 */
async function remoteRuntimeBinaries(up: ReadyLab, warn: (m: string) => void): Promise<RuntimeBinary[]> {
  const read = await Promise.all(
    HOST_IDS.map(async (host) => ({
      host,
      ...(await engineRuntimeBinaries(up.engines[host], host, { lab: up.config.name, image: up.image })),
    })),
  );
  for (const r of read) for (const m of r.missing) warn(`host ${r.host}: a runtime binary is not recorded in the manifest (${m})`);
  return read.flatMap((r) => r.binaries);
}

/** Each tool's version command: the probes' (iperf3's once) and the load's. */
const TOOL_VERSION_COMMANDS = new Map([...ALL_PROBES.map((p) => p.tool), STRESS_TOOL].map((t) => [t.name, t.version]));
/** The CPU model's section (no tool has this name) and the command that prints it. */
const CPU_MODEL = 'cpu model';
const CPU_MODEL_COMMAND = 'grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed "s/^ *//"';
