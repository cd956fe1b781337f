// The OCI runtimes this machine's engines run by their own names (runc, crun, runsc): which binary,
// which build (its first `--version` line) and its sha256, for the manifest, so that `compare` can
// tell a runtime upgrade from noise. Variants (lab up --variants) are recorded by lab/variants.ts.
import { z } from 'zod';
import { sha256File } from './debian-fetch.js';
import { run } from './exec.js';
import { which } from './host-fixes.js';

export const RuntimeBinarySchema = z.object({ name: z.string(), binary: z.string(), version: z.string(), sha256: z.string() });
export type RuntimeBinary = z.infer<typeof RuntimeBinarySchema>;

/** The runtimes registered by their own name that a local lab may run. */
export const BUILTIN_RUNTIME_BINARIES = ['runc', 'crun', 'runsc'] as const;

/** Each of BUILTIN_RUNTIME_BINARIES found on this machine, with its version line and sha256. */
export async function localRuntimeBinaries(): Promise<RuntimeBinary[]> {
  const out: RuntimeBinary[] = [];
  for (const name of BUILTIN_RUNTIME_BINARIES) {
    const binary = await which(name);
    if (!binary) continue;
    const v = await run([binary, '--version'], { timeoutMs: 15_000, reject: false });
    const version = (v.stdout || v.stderr).split('\n')[0]?.trim() || `unknown (exit ${v.exitCode})`;
    out.push({ name, binary, version, sha256: await sha256File(binary) });
  }
  return out;
}
