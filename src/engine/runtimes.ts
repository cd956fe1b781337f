// Registering OCI runtimes with a Docker engine: daemon.json entries and the engine names of
// driver-specific variants. Pure; the host fixes some runtimes need are host/runtime-fixes.ts,
// probing happens in lab/probe-matrix.ts, the runtimes' names and facts are model/runtimes.ts.
import type { Driver } from '../model/pairs.js';
import { variantOf, type RuntimeVariant } from '../model/variants.js';

export interface RuntimeEntry {
  path?: string;
  runtimeArgs?: string[];
  runtimeType?: string;
}

export interface VariantBinary {
  variant: RuntimeVariant;
  /** the binary, or the wrapper that starts it; absent for a shim */
  path?: string;
}

export interface RuntimeBinaries {
  crun?: string;
  /** runsc, or the wrapper that starts it on kernels that need it. */
  runsc?: string;
  /** runsc itself (for the host-network variant, which needs no wrapper). */
  runscBinary?: string;
  /** Runtime variants to register: their binary (or wrapper) and arguments, or a shim's runtime type. */
  variants?: VariantBinary[];
  /** containerd-shim-kata-v2 found on PATH. */
  kataShimV2?: string;
  /** kata-runtime (Kata 1.x OCI runtime binary). */
  kataRuntimeV1?: string;
}

/**
 * The `runtimes` section of a daemon.json for what is installed. Kata is registered by its shim
 * name (io.containerd.kata.v2) where the engine supports shim v2 runtimes (Docker >= 23), or by
 * the Kata 1.x `kata-runtime` binary where that is what is installed.
 */
export function runtimeEntries(bin: RuntimeBinaries, engineMajor: number): Record<string, RuntimeEntry> {
  const out: Record<string, RuntimeEntry> = {};
  if (bin.crun) out.crun = { path: bin.crun };
  if (bin.runsc) out.runsc = { path: bin.runsc };
  if (bin.runsc || bin.runscBinary) out['runsc-host'] = { path: bin.runscBinary ?? bin.runsc, runtimeArgs: ['--network=host'] };
  if (bin.kataShimV2 && engineMajor >= 23) out.kata = { runtimeType: 'io.containerd.kata.v2' };
  else if (bin.kataRuntimeV1) out.kata = { path: bin.kataRuntimeV1 };
  for (const { variant: v, path } of bin.variants ?? []) {
    if (v.source.kind === 'shim') {
      if (engineMajor >= 23) out[v.name] = { runtimeType: v.source.runtimeType };
      continue;
    }
    if (!path) continue;
    out[v.name] = { path, ...(v.args.length ? { runtimeArgs: [...v.args] } : {}) };
    const host = hostDriverEngineName(v.name);
    if (host !== v.name) out[host] = { path, runtimeArgs: [...v.args, '--network=host'] };
  }
  return out;
}

/** Major version from `dockerd --version` or the engine's ServerVersion ("20.10.24+dfsg1"). */
export function engineMajorVersion(version: string): number {
  const m = /(\d+)\.\d+/.exec(version);
  if (!m) throw new Error(`cannot read a Docker version from "${version}"`);
  return Number(m[1]);
}

/** Engine runtime names the toolkit registers for a runtime and driver, when not the runtime's own. */
export const DRIVER_VARIANTS: Readonly<Record<string, Partial<Record<Driver, { engineName: string; why: string }>>>> = {
  runsc: {
    host: {
      engineName: 'runsc-host',
      why: "runsc --network=host (gVisor hostinet): with Docker's host driver the sandbox network would take over the host's own addresses",
    },
  },
};

/**
 * The engine's name for a gVisor variant with Docker's host driver: `<variant>-host`, the same
 * binary with --network=host (runsc-host is that for runsc); the variant itself when it has hostinet
 * already, or is not gVisor's.
 */
export function hostDriverEngineName(runtime: string): string {
  const v = variantOf(runtime);
  if (!v) return DRIVER_VARIANTS[runtime]?.host?.engineName ?? runtime;
  return v.base === 'runsc' && !v.args.includes('--network=host') ? `${v.name}-host` : v.name;
}

export const engineNameFor = (runtime: string, driver: Driver): string =>
  driver === 'host' ? hostDriverEngineName(runtime) : (DRIVER_VARIANTS[runtime]?.[driver]?.engineName ?? runtime);

/** The engine runtime a runtime runs as with a driver, when not itself, and why (runsc-host for runsc with the host driver). */
export function driverEngine(runtime: string, driver: Driver): { engineName: string; why: string } | undefined {
  const engineName = engineNameFor(runtime, driver);
  if (engineName === runtime) return undefined;
  return (
    DRIVER_VARIANTS[runtime]?.[driver] ?? {
      engineName,
      why: `${runtime} --network=host (gVisor hostinet): ${DRIVER_VARIANTS.runsc!.host!.why.split(': ')[1]}`,
    }
  );
}
