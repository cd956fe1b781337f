// What each Docker host is and offers, read from the engine (docker info / version): the facts the
// doctor prints and the campaign manifest records.
import type Docker from 'dockerode';
import { z } from 'zod';
import { engineNameFor, hostDriverEngineName } from './runtimes.js';
import { engineInfo } from './replies.js';
import type { HostId } from '../model/hosts.js';
import { runtimeInfo } from '../model/runtimes.js';
import type { Driver } from '../model/pairs.js';

/** A host's facts as recorded in a campaign's manifest (also read back by resume, the loader and the paper). */
export const HostFactsSchema = z.object({
  id: z.enum(['A', 'B']),
  endpoint: z.string(),
  engineVersion: z.string(),
  apiVersion: z.string(),
  kernel: z.string(),
  os: z.string(),
  cpus: z.number(),
  memoryBytes: z.number(),
  cgroupVersion: z.string(),
  storageDriver: z.string(),
  /** Runtime names as registered with the engine (containerd's built-in runc aliases left out). */
  runtimes: z.array(z.string()),
  defaultRuntime: z.string(),
  swarm: z.string(),
});
export type HostFacts = z.infer<typeof HostFactsSchema>;

const CONTAINERD_BUILTINS = new Set(['io.containerd.runc.v2', 'io.containerd.runtime.v1.linux']);

export async function hostFacts(id: HostId, endpoint: string, docker: Docker): Promise<HostFacts> {
  const [info, version] = await Promise.all([engineInfo(docker), docker.version()]);
  const runtimes = Object.keys(info.Runtimes ?? {}).filter((r) => !CONTAINERD_BUILTINS.has(r));
  return {
    id,
    endpoint,
    engineVersion: info.ServerVersion,
    apiVersion: version.ApiVersion,
    kernel: info.KernelVersion,
    os: info.OperatingSystem,
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    cgroupVersion: info.CgroupVersion ?? '',
    storageDriver: info.Driver,
    runtimes: runtimes.sort(),
    defaultRuntime: info.DefaultRuntime,
    swarm: info.Swarm?.LocalNodeState ?? 'unknown',
  };
}

/**
 * The engine's name for a runtime the toolkit calls `canonical`, used with `driver` (e.g. runsc
 * with the host driver -> runsc-host; kata -> io.containerd.kata.v2 where registered so).
 */
export function engineRuntimeName(facts: HostFacts, canonical: string, driver?: Driver): string | undefined {
  const variant = driver ? engineNameFor(canonical, driver) : canonical;
  if (variant !== canonical) return facts.runtimes.includes(variant) ? variant : undefined;
  if (facts.runtimes.includes(canonical)) return canonical;
  return facts.runtimes.find((r) => runtimeInfo(r)?.name === canonical && !isDriverEngineName(r));
}

/** An engine runtime registered for one driver of a runtime (runsc-host, runsc-2024-host): not a runtime of its own. */
const isDriverEngineName = (engineName: string): boolean =>
  engineName.endsWith('-host') && hostDriverEngineName(engineName.slice(0, -'-host'.length)) === engineName;

/** The toolkit names of the runtimes a host offers. */
export const offeredRuntimes = (facts: HostFacts): string[] => [
  ...new Set(facts.runtimes.filter((r) => !isDriverEngineName(r)).map((r) => runtimeInfo(r)?.name ?? r)),
];
