// One probe run across the two hosts: a fresh server container on host B (with stress-ng inside it
// under load, checked before the client starts), a fresh client container on host A, both with the
// runtime under test, each on its side's driver. The client's container starts beside the server's
// and holds its tool until the server listens. Containers are removed whatever happens.
import type Docker from 'dockerode';
import { NetbenchError, describeError, isNetbenchError, type ErrorKind } from '../base/errors.js';
import {
  ContainerTimeout,
  closeStream,
  discardHeld,
  execIn,
  logsOf,
  release,
  removeQuietly,
  startContainer,
  startHeld,
  waitForOutput,
  withDeadline,
  type Held,
} from '../engine/containers.js';
import { engineRuntimeName, type HostFacts } from '../engine/host-facts.js';
import { networkName, serverAddress, type Engines } from '../lab/networks.js';
import { answers } from '../engine/endpoint.js';
import type { Topology } from '../lab/topology.js';
import type { End, HostId } from '../model/hosts.js';
import type { ParsedProbe } from '../probes/probe.js';
import { statsSample, type StatsSample } from '../probes/docker-stats.js';
import { SERVER_READY } from '../probes/probe.js';
import type { BoundProbe } from '../probes/registry.js';
import { parseStressStart, stressCommand, stressStartCommand, type StressOptions } from '../probes/stress-ng.js';
import type { Pair, Driver } from '../model/pairs.js';
import { BASELINE_RUNTIME, runtimeAt, runtimeInfo } from '../model/runtimes.js';
import type { Phase, RunPhases } from '../dataset/timeline.js';
import { costOfRun, failedCost, unsupportedCost, withCost, type CostOfRun, type IdleCpu } from './cpu-cost.js';
import { readAcross, readCpu, type IntervalReadings } from './cpu-readings.js';
import { containerCpuReader } from '../engine/container-cpu.js';

export interface ExchangeContext {
  engines: Engines;
  facts: Record<HostId, HostFacts>;
  topology: Topology;
  image: string;
  /** Labels added to every container (e.g. the campaign id, so an interrupted run finds its own). */
  labels?: Record<string, string>;
  /**
   * When set, a finished client container is removed in the background and its removal kept here;
   * the next probe run waits for it after its server is up, before stress-ng and the client start.
   * So the removal overlaps the next server's start, never a measurement. Drain with settleRemovals().
   */
  pendingRemovals?: Array<Promise<void>>;
  /**
   * Whether runs of probes with a measured interval (Probe.cost) read what they cost in CPU: the
   * session's idle baseline (`unsupported` when this machine's /proc/stat does not count the hosts'
   * CPUs), or why the cost is off. Absent: off.
   */
  cost?: { idle: IdleCpu } | { off: string };
}

/** How long a host's engine gets to answer a ping after a failed run before it counts as stopped. */
const ENGINE_PING_MS = 10_000;

/**
 * After a failed probe run: the host whose Docker engine no longer answers, if any. Such a failure
 * is not the probe's (retrying cannot help, and recording it would fill the rest of the campaign
 * with failed rows): the campaign stops instead, to be resumed once the engine is back.
 */
export async function stoppedEngine(ctx: ExchangeContext): Promise<HostId | undefined> {
  for (const id of ['A', 'B'] as const) if (!(await answers(ctx.topology.hosts[id].endpoint, ENGINE_PING_MS))) return id;
  return undefined;
}

/** Wait for the removals a campaign left in the background (pendingRemovals). */
export async function settleRemovals(ctx: ExchangeContext): Promise<void> {
  if (ctx.pendingRemovals?.length) await Promise.all(ctx.pendingRemovals.splice(0));
}

export interface ProbeRunResult {
  parsed: ParsedProbe;
  clientStdout: string;
  clientStderr: string;
  serverStdout: string;
  serverStderr: string;
  /** What was seen of stress-ng in the server container (stress load only). */
  stress?: string;
  /** The server container's Docker stats while the client ran (probes with monitorServer). */
  serverStats?: StatsSample[];
  /** Stats objects that could not be read (kept as warnings, never dropped silently). */
  statsErrors?: string[];
  startedAt: string;
  durationS: number;
  serverAddress: string;
}

/**
 * A probe run that failed after its client started, with the raw output its tools had printed by
 * then (file name -> text, e.g. `client.stdout`): the campaign keeps it as the attempt's artifacts.
 */
export class FailedRun extends Error {
  constructor(
    readonly reason: unknown,
    readonly outputs: Record<string, string>,
  ) {
    super(describeError(reason), { cause: reason });
    this.name = 'FailedRun';
  }
}

/** What a (possibly gone) server container printed, in artifact files; nothing when it cannot be read. */
async function serverOutputs(c: Docker.Container): Promise<Record<string, string>> {
  const logs = await logsOf(c).catch(() => undefined);
  return logs ? { 'server.stdout': logs.stdout, 'server.stderr': logs.stderr } : {};
}

export function dockerRuntime(ctx: ExchangeContext, host: HostId, runtime: string, driver: Driver): string {
  // The baseline's processes run in runc containers on the host network: the host's own stack.
  if (runtime === BASELINE_RUNTIME) return 'runc';
  const name = engineRuntimeName(ctx.facts[host], runtime, driver);
  if (!name) {
    throw new NetbenchError(
      'missing-runtime',
      `host ${host} has no runtime "${runtime}" (it offers ${ctx.facts[host].runtimes.join(', ')})`,
      'Run `netbench doctor` for how to add it, or leave it out with --runtimes.',
    );
  }
  return name;
}

/** Milliseconds as seconds, to the millisecond. */
export const seconds = (ms: number): number => Math.round(ms) / 1000;

async function timed<T>(phases: RunPhases | undefined, phase: Phase, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    if (phases) phases[phase] = seconds(performance.now() - t);
  }
}

/** Where the server's address goes in the client's argv until heldCommand's shell puts it there. */
export const TARGET = '@NETBENCH_TARGET@';

/**
 * The client's argv (TARGET for the server's address) turned into a command that first reads the
 * address from stdin, so that its container can start before the server has one. No line: exit 97.
 * Pure.
 */
export const heldCommand = (argv: readonly string[]): string[] => [
  'bash',
  '-c',
  `read -r target || exit 97; exec "\${@//${TARGET}/$target}"`,
  'netbench-client',
  ...argv,
];

/** The held client's start, settled into a value: its failure waits until the client's turn. */
type HeldStart = Promise<{ held: Held } | { error: unknown }>;

/** Remove a held client that was never released (the run failed before its turn). */
async function discard(start: HeldStart): Promise<void> {
  const h = await start;
  if ('held' in h) await discardHeld(h.held);
}

/** How long after the client ends a docker stats object still counts (stats cover the second before their read time). */
const STATS_GRACE_MS = 1_500;

export async function runProbeOnce(
  ctx: ExchangeContext,
  probe: BoundProbe,
  runtime: string,
  pair: Pair,
  stress?: StressOptions,
  phases?: RunPhases,
): Promise<ProbeRunResult> {
  const lab = ctx.topology.name;
  const server = probe.server();
  const clientRuntime = dockerRuntime(ctx, 'A', runtimeAt(runtime, 'client'), pair.client);
  const serverRuntime = dockerRuntime(ctx, 'B', runtimeAt(runtime, 'server'), pair.server);
  // The client's container starts beside the server's (no measurement runs yet) and waits for the
  // server's address: a run no longer waits for the client container's start.
  const heldStart: HeldStart = timed(phases, 'client_start', () =>
    startHeld(ctx.engines.A, lab, {
      image: ctx.image,
      cmd: heldCommand(probe.client(TARGET)),
      runtime: clientRuntime,
      network: networkName(lab, pair.client),
      role: 'client',
      labels: ctx.labels,
      ...(probe.nofile ? { nofile: probe.nofile } : {}),
    }),
  ).then(
    (held) => ({ held }),
    (error: unknown) => ({ error }),
  );
  let released = false;
  const container = await timed(phases, 'server_start', () =>
    startContainer(ctx.engines.B, lab, {
      image: ctx.image,
      cmd: server.cmd,
      runtime: serverRuntime,
      network: networkName(lab, pair.server),
      publish: pair.server === 'bridge' ? server.ports : [],
      role: 'server',
      labels: ctx.labels,
      ...(probe.nofile ? { nofile: probe.nofile } : {}),
    }),
  ).catch(async (e: unknown) => {
    await discard(heldStart);
    throw e;
  });
  let afterFrom: number | undefined;
  try {
    await timed(phases, 'server_ready', async () => {
      await waitForOutput(container, SERVER_READY, 60_000);
      if (/NETBENCH-NOT-READY/.test((await logsOf(container)).stderr)) {
        throw new NetbenchError(
          'timeout',
          `${probe.name} server did not listen within 30 s`,
          'Check the server runtime with `netbench doctor`.',
        );
      }
    });
    await timed(phases, 'settle', () => settleRemovals(ctx)); // the last run's client container: gone before anything is measured
    const stressSeen = stress ? await timed(phases, 'stress', () => startStress(container, stress, probe.timeoutS() + 30)) : undefined;
    const address = await serverAddress(ctx.topology, pair.server, container);
    const stats = probe.monitorServer ? await streamStats(container) : undefined;
    let readings: { done(): Promise<IntervalReadings> } | undefined;
    const client = await timed(phases, 'client', async () => {
      const h = await heldStart;
      if ('error' in h) throw h.error;
      released = true;
      const cost = ctx.cost;
      if (probe.cost && cost && 'idle' in cost) {
        const machine = 'unsupported' in cost.idle ? cost.idle.unsupported : undefined;
        const local = ctx.topology.mode === 'emulated';
        // a reader that cannot be made fails each reading with its error (the run's cost is failed, not the run)
        const reader = (x: Docker.Container) => containerCpuReader(x, local).catch((e: unknown) => () => Promise.reject(e));
        const [s, c] = await Promise.all([reader(container), reader(h.held.container)]);
        readings = readAcross(probe.cost.interval, () => readCpu(machine, s, c));
      }
      return release(
        h.held,
        address,
        probe.timeoutS() * 1000,
        ctx.pendingRemovals ? { deferRemoval: (r) => ctx.pendingRemovals!.push(r) } : {},
        probe.client(address),
      );
    }).catch(async (e: unknown) => {
      stats?.stop();
      await readings?.done();
      const printed: Record<string, string> =
        e instanceof ContainerTimeout ? { 'client.stdout': e.printed.stdout, 'client.stderr': e.printed.stderr } : {};
      throw new FailedRun(e, { ...printed, ...(await serverOutputs(container)) });
    });
    const across = await readings?.done();
    afterFrom = performance.now();
    const clientOutputs = { 'client.stdout': client.stdout, 'client.stderr': client.stderr };
    // A stats object covers the second before it is read: the one that arrives just after the
    // client ends still describes the load, so wait for it (bounded) before closing the stream.
    const t0 = Date.parse(client.startedAt);
    const clientEnd = t0 + client.durationS * 1000;
    const end = clientEnd + STATS_GRACE_MS;
    if (stats) {
      while (Date.now() < end && !stats.samples.some((x) => x.arrived > clientEnd)) await new Promise((r) => setTimeout(r, 100));
      stats.stop();
    }
    // Only samples that arrived while the client ran (or in that grace second) describe the service
    // under load (arrival on this machine's clock: a remote daemon's clock may differ).
    const serverStats = stats?.samples.filter((x) => x.arrived >= t0 && x.arrived <= end).map((x) => x.sample);
    if (probe.serverExitsAfterClient) {
      await withDeadline(
        container.wait().then(() => undefined),
        15_000,
        async () => new NetbenchError('timeout', `${probe.name} server did not finish after its client`, 'It was killed.'),
      ).catch(async (e: unknown) => {
        throw new FailedRun(e, { ...clientOutputs, ...(await serverOutputs(container)) });
      });
    }
    const logs = await logsOf(container);
    const run = {
      clientStdout: client.stdout,
      clientStderr: client.stderr,
      clientExitCode: client.exitCode,
      serverStdout: logs.stdout,
      ...(serverStats ? { serverStats } : {}),
    };
    let parsed: ParsedProbe;
    try {
      parsed = probe.parse(run);
    } catch (e) {
      throw new FailedRun(e, { ...clientOutputs, 'server.stdout': logs.stdout, 'server.stderr': logs.stderr });
    }
    if (probe.cost) parsed = withCost(parsed, costOf(ctx, probe, runtime, parsed, across));
    return {
      parsed,
      clientStdout: client.stdout,
      clientStderr: client.stderr,
      serverStdout: logs.stdout,
      serverStderr: logs.stderr,
      ...(stressSeen !== undefined ? { stress: stressSeen } : {}),
      ...(serverStats ? { serverStats, statsErrors: stats!.errors } : {}),
      startedAt: client.startedAt,
      durationS: client.durationS,
      serverAddress: address,
    };
  } finally {
    const from = afterFrom ?? performance.now();
    if (!released) await discard(heldStart);
    await removeQuietly(container);
    if (phases) phases.after = seconds(performance.now() - from);
  }
}

/** A finished run's CPU cost from its readings (none: the context measures no cost). */
function costOf(ctx: ExchangeContext, probe: BoundProbe, runtime: string, parsed: ParsedProbe, across?: IntervalReadings): CostOfRun {
  const cost = ctx.cost;
  if (!cost) return unsupportedCost('this run did not measure its CPU cost');
  if ('off' in cost) return unsupportedCost(cost.off);
  if (!across) return failedCost('the CPU counters were not read');
  if ('failed' in across) return failedCost(across.failed);
  const outside = (end: End) => runtimeInfo(runtimeAt(runtime, end))?.cgroupMissesCpu;
  const outsideCgroup: Partial<Record<End, string>> = {};
  for (const end of ['server', 'client'] as const) {
    const why = outside(end);
    if (why) outsideCgroup[end] = why;
  }
  return costOfRun(across.start, across.end, probe.cost?.bytesPerSecond(parsed), cost.idle, outsideCgroup);
}

/** Follow the Docker stats stream of a container (one object about every second) until stop(). */
async function streamStats(
  c: Docker.Container,
): Promise<{ samples: Array<{ arrived: number; sample: StatsSample }>; errors: string[]; stop(): void }> {
  const stream = await c.stats({ stream: true });
  const samples: Array<{ arrived: number; sample: StatsSample }> = [];
  const errors: string[] = [];
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (!line) continue;
      try {
        samples.push({ arrived: Date.now(), sample: statsSample(JSON.parse(line)) });
      } catch (e) {
        errors.push(`docker stats: ${describeError(e).slice(0, 200)}`);
      }
    }
  });
  stream.on('error', (e: unknown) => errors.push(`docker stats stream: ${describeError(e)}`));
  const stop = () => closeStream(stream);
  return { samples, errors, stop };
}

/** Start stress-ng in the server container and wait (bounded) until its workers run: one exec. */
async function startStress(c: Docker.Container, o: StressOptions, timeoutS: number): Promise<string> {
  const { seen, log } = parseStressStart((await execIn(c, stressStartCommand(o, timeoutS), { timeoutMs: 30_000 })).stdout);
  if (seen >= 2)
    return `${stressCommand(o, timeoutS).join(' ')}\nstress-ng processes running before the probe (parent + workers): ${seen}\n`;
  throw new NetbenchError(
    'tool-failed',
    `stress-ng is not running in the server container (${seen} process(es) seen)${log.length ? `; it said: ${log.join(' | ')}` : ''}`,
    log.length
      ? 'Fix campaign.stress (cpuWorkers, method) by what stress-ng said.'
      : 'Check that the image has stress-ng: netbench lab up rebuilds it when its recipe changes.',
  );
}

export interface Attempted<T> {
  value?: T;
  attempts: number;
  errors: string[];
}

/** Errors no retry can change and no row should record (the user must fix them): they stop the campaign. */
const FATAL = new Set<ErrorKind>(['missing-runtime', 'bad-config', 'busy', 'daemon-down']);

/** Up to 1 + retries attempts; errors the user must fix (FATAL) are not retried but thrown. */

export async function withRetries<T>(
  retries: number,
  f: (attempt: number) => Promise<T>,
  aborted: () => boolean = () => false,
): Promise<Attempted<T>> {
  const errors: string[] = [];
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      return { value: await f(attempt), attempts: attempt, errors };
    } catch (e) {
      const cause = e instanceof FailedRun ? e.reason : e;
      if (isNetbenchError(cause) && FATAL.has(cause.kind)) throw cause;
      errors.push(describeError(e));
      if (aborted()) break;
    }
  }
  return { attempts: errors.length, errors };
}
