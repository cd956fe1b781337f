// The OCI runtimes this machine's engines run by their own names (runc, crun, runsc), read from the
// files here (a local lab). Remote engines' are read through the engine (engine/runtime-binaries.ts);
// variants (lab up --variants) are recorded by lab/variants.ts.
import { BUILTIN_RUNTIME_BINARIES, type RuntimeBinary } from '../model/runtime-binaries.js';
import { sha256File } from './debian-fetch.js';
import { run } from './exec.js';
import { which } from './host-fixes.js';

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
