// A campaign's manifest.json: its schema (one type for the writer, resume, the loader and the paper)
// and reading it back checked. The record a new campaign starts with is campaign/new-manifest.ts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CampaignSchema } from '../config/campaign-config.js';
import { NetbenchError, describeError } from '../base/errors.js';
import { HostFactsSchema } from '../engine/host-facts.js';
import { VariantRecordSchema } from '../lab/state.js';
import { RuntimeBinarySchema } from '../model/runtime-binaries.js';
import { MANIFEST } from './campaign-dir.js';

const ToolkitSchema = z.object({ name: z.string(), version: z.string(), gitCommit: z.string(), gitDirty: z.boolean() });

/** Where the software and machine facts came from; the manifest's top-level copy is the first session's. */
const ProvenanceSchema = z.object({
  toolkit: ToolkitSchema,
  hosts: z.object({ A: HostFactsSchema, B: HostFactsSchema }),
  cpuModel: z.record(z.string(), z.string()),
  image: z.object({ tag: z.string(), id: z.string() }),
  toolVersions: z.record(z.string(), z.string()),
  /** The runtime variants the lab registered (lab up --variants): binary, build, sha256, arguments, source. */
  variants: z.array(VariantRecordSchema).optional(),
  /** The runtimes run by their own name (runc, crun, runsc): binary, version line, sha256; per host on remote engines. */
  runtimeBinaries: z.array(RuntimeBinarySchema).optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

// Fields in the order collect writes them, so a manifest read and written back keeps its layout.
const SessionSchema = z.object({
  startedAt: z.string(),
  tasksRun: z.number(),
  /** `killed`: a run that ended without recording its end (kill -9, crash). */
  status: z.enum(['running', 'complete', 'interrupted', 'killed']),
  /** This session's own provenance (a resumed campaign may run on another machine, image build or commit). */
  provenance: ProvenanceSchema.optional(),
  /** Provenance fields that differ from the campaign's first session, e.g. `image.id`, `hosts.A.kernel`. */
  differsFromFirst: z.array(z.string()).optional(),
  /**
   * The machine's CPU in use before the session's first run, per /proc/stat class (CPUs busy over
   * `seconds`), which every run's cost is net of; `unsupported` when it cannot be read (remote hosts).
   */
  idleCpu: z
    .union([z.object({ seconds: z.number(), cores: z.record(z.string(), z.number()) }), z.object({ unsupported: z.string() })])
    .optional(),
  /**
   * The offload settings (`ethtool -k`: the switchable features, on or off) of the emulated lab's
   * A-B link at each end when the session began; `unsupported` with the reason otherwise.
   */
  linkOffloads: z
    .union([
      z.object({ A: z.record(z.string(), z.enum(['on', 'off'])), B: z.record(z.string(), z.enum(['on', 'off'])) }),
      z.object({ unsupported: z.string() }),
    ])
    .optional(),
  endedAt: z.string().optional(),
});
export type Session = z.infer<typeof SessionSchema>;

/** One run of `netbench stalls --write`: the stall flags re-derived from the kept iperf3 reports. */
const StallRecheckSchema = z.object({ at: z.string(), gitCommit: z.string(), runs: z.number(), changedRuns: z.number() });
export type StallRecheck = z.infer<typeof StallRecheckSchema>;

export const ManifestSchema = z.object({
  campaignId: z.string(),
  status: z.enum(['running', 'complete', 'interrupted']),
  toolkit: ToolkitSchema,
  /** The campaign's settings; fields added to the toolkit since it began read back with their defaults. */
  config: CampaignSchema,
  /** linkRate: the emulated A-B link's rate each way when the lab shaped it (lab.linkRate, --link-rate). */
  lab: z.object({ mode: z.string(), name: z.string(), linkRate: z.string().optional() }),
  seed: z.number(),
  order: z.string(),
  containers: z.string(),
  warmupRows: z.string(),
  stress: z.string(),
  runtimeVariants: z.string(),
  baseline: z.string(),
  startedAt: z.string(),
  /** One entry per run of collect. */
  sessions: z.array(SessionSchema),
  hosts: ProvenanceSchema.shape.hosts,
  cpuModel: ProvenanceSchema.shape.cpuModel,
  image: ProvenanceSchema.shape.image,
  toolVersions: ProvenanceSchema.shape.toolVersions,
  variants: ProvenanceSchema.shape.variants,
  runtimeBinaries: ProvenanceSchema.shape.runtimeBinaries,
  plan: z.object({ cells: z.number(), unsupportedCells: z.array(z.object({ cell: z.string(), reason: z.string() })), tasks: z.number() }),
  endedAt: z.string().optional(),
  /** The stall flags of its iperf3 rows were re-derived from the kept reports by a later parser. */
  stallsRechecked: z.array(StallRecheckSchema).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * When the data of these campaigns was last added to: the latest end (or, for one still open, the
 * latest session start). Files made from the data carry this date, so the same data gives
 * the same bytes (figure PDFs, the manuscript).
 */
export function dataDate(ms: readonly Manifest[]): Date {
  const times = ms.flatMap((m) => [m.startedAt, m.endedAt, ...m.sessions.flatMap((s) => [s.startedAt, s.endedAt])]);
  return new Date(Math.max(...times.filter((t) => t !== undefined).map((t) => Date.parse(t))));
}

/** A manifest read from JSON, checked; the error names the file and the first field that is wrong. */
export function parseManifest(raw: unknown, file: string): Manifest {
  const r = ManifestSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new NetbenchError(
      'bad-data',
      `${file}: not a netbench campaign manifest (${i ? `${i.path.join('.') || '(top level)'}: ${i.message}` : 'invalid'})`,
      'Manifests are written by `netbench collect`; restore this file (git checkout) or leave this campaign out.',
    );
  }
  return r.data;
}

/** The manifest of the campaign in `dir`. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new NetbenchError(
      'bad-config',
      `cannot read ${file}: ${describeError(e)}`,
      'Name a campaign under the output directory by its id (ls data/raw), or its path.',
    );
  }
  return parseManifest(raw, file);
}

export const firstProvenance = (m: Manifest): Provenance => ({
  toolkit: m.toolkit,
  hosts: m.hosts,
  cpuModel: m.cpuModel,
  image: m.image,
  toolVersions: m.toolVersions,
  ...(m.variants ? { variants: m.variants } : {}),
  ...(m.runtimeBinaries ? { runtimeBinaries: m.runtimeBinaries } : {}),
});
