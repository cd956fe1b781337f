// What the toolkit has created for a lab, recorded step by step (atomic writes) so that `lab down`
// undoes exactly that, even after a crash half-way through `lab up`.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeDir, writeJsonAtomic } from '../base/fsx.js';
import { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';
import { HostFactsSchema } from '../engine/host-facts.js';
import { MatrixEntrySchema } from './probe-matrix.js';

const HostIdSchema = z.enum(['A', 'B']);

const RouteRecordSchema = z.object({
  /** 'root' = host A's namespace; otherwise the netns name. */
  ns: z.string(),
  dest: z.string(),
});
export type RouteRecord = z.infer<typeof RouteRecordSchema>;

const DaemonRecordSchema = z.object({ pid: z.number(), configFile: z.string(), logFile: z.string() });
export type DaemonRecord = z.infer<typeof DaemonRecordSchema>;

/** A runtime variant the lab registered: where its binary came from, which build it is. */
export const VariantRecordSchema = z.object({
  name: z.string(),
  base: z.string(),
  /** the binary (not the wrapper the engine may run it through); a shim's path for a shim */
  binary: z.string(),
  version: z.string(),
  sha256: z.string(),
  args: z.array(z.string()),
  /** e.g. "host", "debian trixie runsc 0.0~20240729.0-4+b7 (deb sha256 ...)", "shim io.containerd.kata-fc.v2" */
  source: z.string(),
});
export type VariantRecord = z.infer<typeof VariantRecordSchema>;

/**
 * A gVisor variant's sandbox check (lab/variants.ts): its outcome holds for the same binary and
 * arguments until the machine starts again (the boot id changes) or `lab up --recheck`.
 */
export const SandboxCheckSchema = z.object({
  sha256: z.string(),
  args: z.array(z.string()),
  bootId: z.string(),
  at: z.string(),
  /** why no sandbox started; absent: one started */
  failed: z.string().optional(),
});
export type SandboxCheck = z.infer<typeof SandboxCheckSchema>;

const LabStateSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  routes: z.array(RouteRecordSchema),
  netns: z.string().optional(),
  link: z.string().optional(),
  cgroupControllersMounted: z.array(z.string()),
  daemons: z.partialRecord(HostIdSchema, DaemonRecordSchema),
  swarmCreated: z.boolean(),
  image: z.object({ tag: z.string(), recipeHash: z.string() }).optional(),
  /** The last `lab up` that finished; `hostsOnly` when it brought up the bare hosts (no swarm, no networks). */
  lastUp: z.object({ at: z.string(), durationS: z.number(), imageBuilt: z.boolean(), hostsOnly: z.boolean().optional() }).optional(),
  /** What the last `lab up` found by running containers. */
  facts: z.partialRecord(HostIdSchema, HostFactsSchema).optional(),
  matrix: z.array(MatrixEntrySchema).optional(),
  /** When the matrix was checked, and what it was checked on (engines, their facts, image, variants): a lab up that finds the same reuses it. */
  matrixChecked: z.object({ at: z.string(), fingerprint: z.string() }).optional(),
  /** Why a host's engine was not started by the toolkit (so its runtimes are its own). */
  externalEngine: z.partialRecord(HostIdSchema, z.string()).optional(),
  /** the runtime variants asked for (lab up --variants), and those registered */
  variantsWanted: z.array(z.string()).optional(),
  variants: z.array(VariantRecordSchema).optional(),
  /** the gVisor variants' sandbox checks, reused while they hold (the KVM platform's takes 20 s where it cannot start) */
  sandboxChecks: z.array(SandboxCheckSchema).optional(),
});
export type LabState = z.infer<typeof LabStateSchema>;

export const emptyState = (name: string): LabState => ({
  name,
  createdAt: new Date().toISOString(),
  routes: [],
  cgroupControllersMounted: [],
  daemons: {},
  swarmCreated: false,
});

export class StateStore {
  constructor(readonly file: string) {}

  static forLab(stateDir: string, name: string): StateStore {
    return new StateStore(join(stateDir, name, 'state.json'));
  }

  async read(): Promise<LabState | undefined> {
    const text = await readFile(this.file, 'utf8').catch((e: unknown) => {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (text === undefined) return undefined;
    const unreadable = (why: string) =>
      new NetbenchError(
        'bad-data',
        `${this.file}: not a lab state this toolkit can read (${why})`,
        `It records what \`lab up\` created. Undo that by hand (\`./netbench lab status\` lists it), then remove the file and run \`./netbench lab up\`.`,
      );
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw unreadable(describeError(e));
    }
    const r = LabStateSchema.safeParse(raw);
    if (!r.success) throw unreadable(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return r.data;
  }

  async write(s: LabState): Promise<void> {
    await makeDir(dirname(this.file));
    await writeJsonAtomic(this.file, s);
  }

  /** Apply a change and persist it at once. */
  async update(s: LabState, change: (s: LabState) => void): Promise<void> {
    change(s);
    await this.write(s);
  }

  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
