// Host B's network namespace, the veth link between A and B, and the blackhole routes that keep
// every lab address from falling through to the default route while the lab exists.
import { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';
import { contains, overlaps } from './ipv4.js';
import { run, succeeds } from './exec.js';

const ip = (args: string[], ns?: string) => run(ns ? ['ip', '-n', ns, ...args] : ['ip', ...args], { timeoutMs: 15_000 });

export const netnsPath = (name: string): string => `/var/run/netns/${name}`;

export async function netnsExists(name: string): Promise<boolean> {
  const r = await run(['ip', 'netns', 'list'], { reject: false, timeoutMs: 10_000 });
  return r.stdout.split('\n').some((l) => l.split(' ')[0] === name);
}

export const linkExists = (name: string, ns?: string): Promise<boolean> =>
  succeeds(ns ? ['ip', '-n', ns, 'link', 'show', name] : ['ip', 'link', 'show', name]);

/** `ip -j route` entries, the fields read here. */
const RoutesJson = z.array(z.object({ dst: z.string().default(''), type: z.string().optional(), dev: z.string().optional() }));
type RouteJson = z.infer<typeof RoutesJson>[number];

/** `ip -j` output through its schema: an error names the command when iproute2 prints something else. */
function ipJson<T>(schema: z.ZodType<T>, stdout: string, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout || '[]');
  } catch (e) {
    throw new NetbenchError(
      'tool-failed',
      `\`ip -j ${what}\` did not print JSON: ${describeError(e)}`,
      'Check iproute2 (Debian package iproute2).',
    );
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new NetbenchError(
      'tool-failed',
      `\`ip -j ${what}\` printed unexpected JSON: ${r.error.issues[0]?.message ?? ''}`,
      'Check iproute2 (Debian package iproute2).',
    );
  return r.data;
}

export async function routes(ns?: string): Promise<RouteJson[]> {
  const r = await ip(['-j', 'route', 'show', 'table', 'all'], ns);
  return ipJson(RoutesJson, r.stdout, 'route show table all');
}

export const isBlackhole = (r: RouteJson, dest: string): boolean => r.type === 'blackhole' && r.dst === dest;

/** Routes (not ours) that already use part of the lab's range: the lab would hide or break them. */
export async function conflictingRoutes(range: string, ns?: string): Promise<string[]> {
  return (await routes(ns))
    .filter((r) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(r.dst) && !isBlackhole(r, range))
    .filter((r) => overlaps(r.dst.includes('/') ? r.dst : `${r.dst}/32`, range))
    .map((r) => `${r.type && r.type !== 'unicast' ? r.type + ' ' : ''}${r.dst}${r.dev ? ' dev ' + r.dev : ''}`);
}

export async function addBlackhole(dest: string, ns?: string): Promise<void> {
  if ((await routes(ns)).some((r) => isBlackhole(r, dest))) return;
  await ip(['route', 'add', 'blackhole', dest], ns);
}

export async function removeBlackhole(dest: string, ns?: string): Promise<void> {
  if (ns && !(await netnsExists(ns))) return;
  if ((await routes(ns)).some((r) => isBlackhole(r, dest))) await ip(['route', 'del', 'blackhole', dest], ns);
}

/** `ip route get addr`: the route the kernel picks, or its error. */
export async function routeGet(addr: string, ns?: string): Promise<string> {
  const r = await run(ns ? ['ip', '-n', ns, 'route', 'get', addr] : ['ip', 'route', 'get', addr], {
    reject: false,
    timeoutMs: 10_000,
  });
  return (r.stdout || r.stderr).trim();
}

/**
 * Where a packet for `addr` goes: "dev <name>", or "blackhole" when the kernel picks a blackhole
 * route (route get then fails with EINVAL: "Invalid argument"), or the kernel's own answer.
 */
export async function routeVerdict(addr: string, ns?: string): Promise<string> {
  const out = await routeGet(addr, ns);
  const dev = / dev (\S+)/.exec(out)?.[1];
  if (dev) return `dev ${dev}`;
  if (/Invalid argument/.test(out) && (await routes(ns)).some((r) => r.type === 'blackhole' && /\//.test(r.dst) && contains(r.dst, addr))) {
    return 'blackhole';
  }
  return out;
}

export interface LinkPlan {
  netns: string;
  linkA: string;
  linkB: string;
  addressA: string;
  addressB: string;
  prefix: number;
}

export async function createNetns(name: string): Promise<void> {
  if (await netnsExists(name)) throw busy(`network namespace ${name}`, `ip netns del ${name}`);
  await run(['ip', 'netns', 'add', name], { timeoutMs: 15_000 });
  await ip(['link', 'set', 'lo', 'up'], name);
}

export async function createLink(p: LinkPlan): Promise<void> {
  if (await linkExists(p.linkA)) throw busy(`network interface ${p.linkA}`, `ip link del ${p.linkA}`);
  await ip(['link', 'add', p.linkA, 'type', 'veth', 'peer', 'name', p.linkB]);
  await ip(['link', 'set', p.linkB, 'netns', p.netns]);
  await ip(['addr', 'add', `${p.addressA}/${p.prefix}`, 'dev', p.linkA]);
  await ip(['link', 'set', p.linkA, 'up']);
  await ip(['addr', 'add', `${p.addressB}/${p.prefix}`, 'dev', p.linkB], p.netns);
  await ip(['link', 'set', p.linkB, 'up'], p.netns);
}

export async function deleteLink(name: string): Promise<void> {
  if (await linkExists(name)) await ip(['link', 'del', name]);
}

export async function deleteNetns(name: string): Promise<void> {
  if (await netnsExists(name)) await run(['ip', 'netns', 'del', name], { timeoutMs: 15_000 });
}

export function busy(what: string, fix: string): NetbenchError {
  return new NetbenchError(
    'busy',
    `${what} already exists and was not created by this lab`,
    `Remove it (${fix}) or give the lab another name (--lab-name, or lab.name in the config).`,
  );
}

/** `ip -j addr` / `ip -j link` entries, the fields read here. */
const LinksJson = z.array(
  z.object({ ifname: z.string(), addr_info: z.array(z.object({ family: z.string(), local: z.string().default('') })).optional() }),
);
type AddrJson = z.infer<typeof LinksJson>[number];

/** Names of the links that hold an IPv4 address inside `range`, from `ip -j addr`. Pure. */
export function linksWithAddressIn(addrs: readonly AddrJson[], range: string): string[] {
  return addrs.filter((a) => (a.addr_info ?? []).some((i) => i.family === 'inet' && contains(range, i.local))).map((a) => a.ifname);
}

/** Links of this (or `ns`'s) namespace that hold an IPv4 address inside `range`. */
export async function linksInRange(range: string, ns?: string): Promise<string[]> {
  return linksWithAddressIn(ipJson(LinksJson, (await ip(['-j', 'addr', 'show'], ns)).stdout, 'addr show'), range);
}

/**
 * The bridges a stopped (or crashed) engine of the lab leaves in this namespace: docker0 with the
 * lab's bip and swarm's docker_gwbridge, recognised by their address in the lab's range. Removes
 * each with the veths plugged into it (swarm's ingress sandbox keeps one). Returns those removed.
 */
export async function removeLeftoverEngineBridges(range: string): Promise<string[]> {
  const bridges = (await linksInRange(range)).filter((n) => n === 'docker0' || n === 'docker_gwbridge');
  for (const dev of bridges) {
    const ports = ipJson(LinksJson, (await ip(['-j', 'link', 'show', 'master', dev])).stdout, `link show master ${dev}`);
    for (const p of ports) await deleteLink(p.ifname);
    await deleteLink(dev);
  }
  return bridges;
}

/** Does `dev` (in `ns`) still carry `address`? A runtime that takes over a namespace's addresses removes it. */
export async function hasAddress(dev: string, address: string, ns?: string): Promise<boolean> {
  const r = await run(ns ? ['ip', '-n', ns, '-4', '-o', 'addr', 'show', 'dev', dev] : ['ip', '-4', '-o', 'addr', 'show', 'dev', dev], {
    reject: false,
    timeoutMs: 10_000,
  });
  return r.stdout.includes(` ${address}/`);
}
