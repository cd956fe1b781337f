// The OCI runtimes the toolkit knows: names and aliases, how to get each one, the drivers it cannot
// use by design, the bare-host baseline's name, and the order runtimes are shown in. Pure data;
// registering a runtime with an engine is engine/runtimes.ts.
import { NetbenchError } from '../base/errors.js';
import type { End } from './hosts.js';
import type { Driver, Pair } from './pairs.js';
import { BUILTIN_VARIANTS, variantOf, type RuntimeVariant } from './variants.js';

export interface RuntimeInfo {
  /** The name the toolkit and the CSV use. */
  name: string;
  aliases: string[];
  isolation: string;
  /** How to get it onto a host when it is missing. */
  install: string;
  /** Drivers it cannot use by design, with the reason recorded in `unsupported` rows. */
  unsupportedDrivers: Partial<Record<Driver, string>>;
  /**
   * Why the container's cgroup does not hold all the CPU the runtime spends for it, when it does
   * not: its per-container CPU is then `unsupported` with this reason. gVisor's Sentry and Gofer
   * run in the container's cgroup (test/integration/cpu-cost.test.ts measures it).
   */
  cgroupMissesCpu?: string;
}

export const RUNTIMES: readonly RuntimeInfo[] = [
  {
    name: 'runc',
    aliases: ['io.containerd.runc.v2'],
    isolation: 'namespaces + cgroups (Docker default)',
    install: 'apt-get install runc (netbench lab up does it)',
    unsupportedDrivers: {},
  },
  {
    name: 'crun',
    aliases: [],
    isolation: 'namespaces + cgroups (C implementation)',
    install: 'apt-get install crun (netbench lab up does it and registers it)',
    unsupportedDrivers: {},
  },
  {
    name: 'runsc',
    aliases: ['gvisor', 'io.containerd.runsc.v1', 'runsc-host'],
    isolation: 'gVisor user-space kernel (ptrace platform)',
    install: 'apt-get install runsc (netbench lab up does it and registers it through its netns wrapper)',
    unsupportedDrivers: {},
  },
  {
    name: 'kata',
    aliases: ['io.containerd.kata.v2', 'kata-runtime', 'kata-containers'],
    isolation: 'lightweight VM per container (QEMU/KVM)',
    install:
      'Kata Containers is not packaged in Debian bookworm: install a Kata release on the host (kata-static, which ' +
      'provides containerd-shim-kata-v2; Docker >= 23 is needed to use a shim v2 runtime), then run `netbench lab up` again',
    unsupportedDrivers: {
      host:
        'Kata runs the container inside a VM with its own kernel, so it cannot join the host network namespace ' +
        '(--network host is not supported by Kata; the paper plotted 0 here)',
    },
    cgroupMissesCpu:
      "Kata's VM (QEMU and its vCPU threads) and its shim run outside the container's cgroup unless the host sets " +
      'sandbox_cgroup_only=true, so the cgroup does not hold the CPU the container costs',
  },
];

/**
 * The bare-host baseline's runtime name: the probes between the two hosts' own network stacks
 * (host network on both sides: no veth, bridge, NAT or overlay): the limit of the path.
 */
export const BASELINE_RUNTIME = 'bare';

/**
 * `<runtime>@server` and `<runtime>@client`: that runtime at one end of the pair only, with
 * `PEER_RUNTIME` at the other. gVisor's Performance Guide measures so ("download": gVisor runs the
 * server; "upload": it runs the client), and its ratios are to the peer at both ends.
 */
const ONE_END = /^(.+)@(client|server)$/;
export const PEER_RUNTIME = 'runc';

/** The runtime that runs at one end of a pair for a runtime name: itself, or a one-end name's runtime or peer. */
export function runtimeAt(runtime: string, end: End): string {
  const m = ONE_END.exec(runtime);
  return m ? (m[2] === end ? m[1]! : PEER_RUNTIME) : runtime;
}

/** The name of `runtime` at one end of the pair only, `PEER_RUNTIME` at the other: `runsc@server`. */
export const atOneEnd = (runtime: string, end: End): string => `${runtime}@${end}`;

/** The end a one-end name puts its runtime at (undefined: both ends). */
export function oneEndOf(runtime: string): End | undefined {
  const end = ONE_END.exec(runtime)?.[2];
  return end === 'client' || end === 'server' ? end : undefined;
}

/** A runtime's facts by its name or alias; a variant's are its base runtime's, under the variant's name. */
export function runtimeInfo(nameOrAlias: string): RuntimeInfo | undefined {
  const n = nameOrAlias.trim().toLowerCase();
  const one = ONE_END.exec(n);
  if (one) {
    const own = ONE_END.test(one[1]!) ? undefined : runtimeInfo(one[1]!);
    const end = one[2]!;
    return own && own.name !== PEER_RUNTIME
      ? {
          ...own,
          name: `${own.name}@${end}`,
          aliases: [],
          isolation: `${own.isolation}; at the ${end} only, ${PEER_RUNTIME} at the ${end === 'server' ? 'client' : 'server'}`,
        }
      : undefined;
  }
  const own = RUNTIMES.find((r) => r.name === n || r.aliases.includes(n));
  if (own) return own;
  const v = variantOf(n);
  const base = v && RUNTIMES.find((r) => r.name === v.base);
  return v && base
    ? { ...base, name: v.name, aliases: [], isolation: `${base.isolation}; ${v.description}`, install: variantInstall(v) }
    : undefined;
}

/** How a variant gets onto the lab. */
function variantInstall(v: RuntimeVariant): string {
  const needs = v.requires?.length ? `it needs ${v.requires.join(' and ')} on both hosts; then ` : '';
  return needs + variantSteps(v);
}

function variantSteps(v: RuntimeVariant): string {
  switch (v.source.kind) {
    case 'host':
      return `it is ${v.base} with ${v.args.join(' ')}: bring the lab up with it, netbench lab up --variants ${v.name}`;
    case 'debian':
      return `netbench lab up --variants ${v.name} (fetches ${v.source.package} from Debian ${v.source.suite} and registers it)`;
    case 'shim':
      return `install Kata Containers with kata-deploy (it provides ${v.source.shim}; Docker >= 23 takes shim v2 runtimes), then netbench lab up --variants ${v.name}`;
  }
}

/** The runtime a name stands for: itself, or a variant's base. */
export const baseRuntime = (name: string): string => {
  const own = ONE_END.exec(name)?.[1] ?? name;
  return variantOf(own)?.base ?? runtimeInfo(own)?.name ?? own;
};

/** The gVisor configurations among `runtimes` (runsc and its variants), sorted. */
export const gvisorConfigs = (runtimes: Iterable<string>): string[] =>
  [...new Set(runtimes)].filter((r) => baseRuntime(r) === 'runsc').sort();

/**
 * Does `runtime` run on gVisor's hostinet (the host kernel's network stack) on this driver? gVisor
 * does with Docker's host driver (registered as `<runtime>-host` with --network=host), and its
 * hostinet variants do on every driver.
 */
export const hostinetOn = (runtime: string, driver: Driver): boolean =>
  baseRuntime(runtime) === 'runsc' && (driver === 'host' || (variantOf(runtime)?.args.includes('--network=host') ?? false));

/** Normalise a user-given runtime name; unknown names are an error listing the known ones. */
export function canonicalRuntime(nameOrAlias: string): string {
  const info = runtimeInfo(nameOrAlias);
  if (!info) {
    throw new NetbenchError(
      'missing-runtime',
      `unknown runtime "${nameOrAlias}"`,
      `Use one of: ${RUNTIMES.map((r) => r.name).join(', ')} (aliases: ${RUNTIMES.flatMap((r) => r.aliases).join(', ')}); ` +
        `variants: ${BUILTIN_VARIANTS.map((v) => v.name).join(', ')}; ` +
        `any of them but ${PEER_RUNTIME} at one end only, ${PEER_RUNTIME} at the other: <runtime>@server or <runtime>@client (e.g. runsc-2024@server).`,
    );
  }
  return info.name;
}

/** Why `runtime` cannot use this pair by design (e.g. Kata with the host driver), or undefined; each end's runtime with its own driver. */
export function pairUnsupportedBy(runtime: string, p: Pair): string | undefined {
  return (
    runtimeInfo(runtimeAt(runtime, 'client'))?.unsupportedDrivers[p.client] ??
    runtimeInfo(runtimeAt(runtime, 'server'))?.unsupportedDrivers[p.server]
  );
}

/** The order runtimes are shown in (tables, legends): the baseline, then the paper's, each variant after its base, then any other by name. */
export const RUNTIME_ORDER = [BASELINE_RUNTIME, 'runc', 'crun', 'runsc', 'kata'];
const rank = (r: string) => {
  const b = baseRuntime(r);
  return RUNTIME_ORDER.includes(b) ? RUNTIME_ORDER.indexOf(b) : RUNTIME_ORDER.length;
};
/** A base runtime before its variants, variants in their catalogue's order (then by name); a one-end name after its runtime. */
const variantRank = (r: string) => {
  const own = ONE_END.exec(r)?.[1] ?? r;
  const i = BUILTIN_VARIANTS.findIndex((v) => v.name === own);
  return variantOf(own) ? (i < 0 ? BUILTIN_VARIANTS.length : i) + 1 : 0;
};
export const byRuntime = (a: string, b: string): number => rank(a) - rank(b) || variantRank(a) - variantRank(b) || a.localeCompare(b);
