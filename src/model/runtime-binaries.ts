// The record of an OCI runtime binary an engine runs by the runtime's own name (runc, crun, runsc):
// which file, which build (its first `--version` line) and its sha256, so that `compare` can tell a
// runtime upgrade from noise.
import { z } from 'zod';

export const RuntimeBinarySchema = z.object({
  name: z.string(),
  binary: z.string(),
  version: z.string(),
  sha256: z.string(),
  /** The host whose engine runs it: recorded for remote engines, which may differ; absent on a local lab (one machine). */
  host: z.enum(['A', 'B']).optional(),
});
export type RuntimeBinary = z.infer<typeof RuntimeBinarySchema>;

/** The runtimes registered by their own name whose binaries are recorded. */
export const BUILTIN_RUNTIME_BINARIES = ['runc', 'crun', 'runsc'] as const;
