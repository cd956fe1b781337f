// Does the engine's stats API measure containers? The HTTP experiment reads the server's CPU and
// memory from it. An engine can run containers and still answer every stats request with an empty
// object (read time 0001-01-01), e.g. when containerd finds no mount for a cgroup v1 hierarchy.
import type Docker from 'dockerode';
import { describeError } from '../base/errors.js';
import { z } from 'zod';
import { removeQuietly, startContainer } from './containers.js';

/** The fields of a one-shot stats object the check reads (all may be missing). */
const OneShotStats = z.object({
  read: z.string().optional(),
  memory_stats: z.object({ usage: z.number().optional() }).optional(),
  cpu_stats: z.object({ cpu_usage: z.object({ total_usage: z.number().optional() }).optional() }).optional(),
});

/** Why a one-shot stats object measured nothing, or undefined when it measured the container. Pure. */
export function emptyStatsReason(raw: unknown): string | undefined {
  const parsed = OneShotStats.safeParse(raw);
  if (!parsed.success) return `not a stats object: ${parsed.error.issues[0]?.message ?? ''}`;
  const s = parsed.data;
  const read = Date.parse(s.read ?? '');
  if (!Number.isFinite(read) || read <= 0) return `read time ${s.read ?? 'missing'}: the engine measured nothing`;
  if (!(s.memory_stats?.usage && s.memory_stats.usage > 0)) return 'no memory usage in the stats object';
  if (!(s.cpu_stats?.cpu_usage?.total_usage && s.cpu_stats.cpu_usage.total_usage > 0)) return 'no CPU usage in the stats object';
  return undefined;
}

/** Start a short-lived container, take one stats object, remove it. Returns a problem or undefined. */
export async function checkStats(d: Docker, lab: string, image: string, runtime = 'runc'): Promise<string | undefined> {
  let c: Docker.Container | undefined;
  try {
    c = await startContainer(d, lab, { image, cmd: ['sleep', '30'], runtime, network: 'none', role: 'doctor' });
    const raw = await c.stats({ stream: false });
    return emptyStatsReason(raw);
  } catch (e) {
    return describeError(e);
  } finally {
    if (c) await removeQuietly(c);
  }
}
