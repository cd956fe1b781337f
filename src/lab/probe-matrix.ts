// Which runtimes and drivers really run on each host, found by running a container in each
// combination (not by reading configuration): the container opens a TCP connection to the other
// host's swarm gossip port (7946, open on every swarm node) and pings it. TCP decides; ICMP is
// reported beside it because some runtimes (gVisor with the host driver) have no raw sockets.
import type Docker from 'dockerode';
import { z } from 'zod';
import { describeError, isNetbenchError } from '../base/errors.js';
import { runToCompletion } from '../engine/containers.js';
import { engineRuntimeName, offeredRuntimes, type HostFacts } from '../engine/host-facts.js';
import { networkName } from './networks.js';
import { driverEngine } from '../engine/runtimes.js';
import type { Topology } from './topology.js';
import type { HostId } from '../model/hosts.js';
import { DRIVERS, type Driver } from '../model/pairs.js';
import { runtimeInfo } from '../model/runtimes.js';

export const MatrixEntrySchema = z.object({
  host: z.enum(['A', 'B']),
  runtime: z.string(),
  driver: z.enum(['bridge', 'host', 'macvlan', 'overlay']),
  status: z.enum(['ok', 'failed', 'unsupported']),
  detail: z.string(),
  seconds: z.number(),
});
/** One runtime and driver on one host, as `lab up` found it by running a container. */
export type MatrixEntry = z.infer<typeof MatrixEntrySchema>;

export interface MatrixJob {
  host: HostId;
  runtime: string;
  driver: Driver;
}

export function matrixJobs(facts: Record<HostId, HostFacts>): MatrixJob[] {
  const jobs: MatrixJob[] = [];
  for (const host of ['A', 'B'] as const) {
    for (const runtime of offeredRuntimes(facts[host])) for (const driver of DRIVERS) jobs.push({ host, runtime, driver });
  }
  return jobs;
}

export async function probeMatrix(
  engines: Record<HostId, Docker>,
  facts: Record<HostId, HostFacts>,
  t: Topology,
  image: string,
  concurrency = 4,
): Promise<MatrixEntry[]> {
  const lab: MatrixLab = { engines, facts, t, image };
  const jobs = matrixJobs(facts);
  const results: MatrixEntry[] = new Array<MatrixEntry>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await probeOne(lab, jobs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

/**
 * A container whose runtime failed to start it is started once more, and the entry says so: starts
 * race with the check's other containers (gVisor on hostinet copies the host's interfaces as it
 * starts, and one removed meanwhile fails the sandbox with "no such device"). A container that ran
 * but could not reach the peer, a start past its deadline and a runtime the engine lacks are not
 * tried again. Pure, apart from what `attempt` does.
 */
export async function withSecondStart(attempt: () => Promise<Attempt>): Promise<MatrixEntry> {
  const first = await attempt();
  if (first.entry.status !== 'failed' || !first.startFailed) return first.entry;
  const { entry } = await attempt();
  return {
    ...entry,
    detail: `${entry.detail} (a second start; the first failed: ${first.entry.detail})`,
    seconds: first.entry.seconds + entry.seconds,
  };
}

/** One try: the entry, and whether it failed because the runtime could not start the container. */
export interface Attempt {
  entry: MatrixEntry;
  startFailed: boolean;
}

/** What every container of the check runs on: the hosts' engines and facts, the lab's topology, the image. */
interface MatrixLab {
  engines: Record<HostId, Docker>;
  facts: Record<HostId, HostFacts>;
  t: Topology;
  image: string;
}

async function probeOne(lab: MatrixLab, j: MatrixJob): Promise<MatrixEntry> {
  const known = runtimeInfo(j.runtime)?.unsupportedDrivers[j.driver];
  if (known) return { ...j, status: 'unsupported', detail: known, seconds: 0 };
  return withSecondStart(() => attemptOne(lab, j));
}

async function attemptOne({ engines, facts, t, image }: MatrixLab, j: MatrixJob): Promise<Attempt> {
  const peer = t.hosts[j.host === 'A' ? 'B' : 'A'].address;
  const t0 = performance.now();
  try {
    const r = await runToCompletion(
      engines[j.host],
      t.name,
      {
        image,
        cmd: ['bash', '-c', reachScript(peer)],
        runtime: engineRuntimeName(facts[j.host], j.runtime, j.driver) ?? j.runtime,
        network: networkName(t.name, j.driver),
        role: 'doctor',
      },
      90_000,
    );
    const seconds = (performance.now() - t0) / 1000;
    const reach = parseReach(r.stdout);
    const icmp = reach.icmp ? 'ping ok' : 'ping failed (no ICMP from this runtime/driver)';
    const via = driverEngine(j.runtime, j.driver);
    const note = via ? ` (as ${via.engineName}: ${via.why})` : '';
    if (r.exitCode === 0 && reach.tcp)
      return { entry: { ...j, status: 'ok', detail: `reached ${peer} over TCP; ${icmp}${note}`, seconds }, startFailed: false };
    const out = (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? '';
    const detail = `container ran but could not reach ${peer}:${SWARM_PORT} over TCP (${icmp}): ${out}`;
    return { entry: { ...j, status: 'failed', detail, seconds }, startFailed: false };
  } catch (e) {
    // containerError's kind for an engine or runtime that refused the start (not a deadline, not a missing runtime)
    const startFailed = isNetbenchError(e) && e.kind === 'tool-failed';
    return { entry: { ...j, status: 'failed', detail: describeError(e), seconds: (performance.now() - t0) / 1000 }, startFailed };
  }
}

/** Swarm's gossip port: every swarm node listens on it. */
const SWARM_PORT = 7946;

/** ping, then a TCP connect; "Connection refused" is an answer (a RST) from the peer, so it counts as reached. */
export const reachScript = (peer: string): string =>
  `if ping -c 1 -W 3 ${peer} >/dev/null 2>&1; then echo icmp=ok; else echo icmp=fail; fi; ` +
  `out=$(timeout 5 bash -c 'exec 3<>/dev/tcp/${peer}/${SWARM_PORT}' 2>&1); rc=$?; ` +
  `if [ $rc = 0 ] || echo "$out" | grep -q 'Connection refused'; then echo tcp=ok; else echo "tcp=fail $out"; fi`;

export function parseReach(stdout: string): { icmp: boolean; tcp: boolean } {
  return { icmp: /^icmp=ok$/m.test(stdout), tcp: /^tcp=ok$/m.test(stdout) };
}
