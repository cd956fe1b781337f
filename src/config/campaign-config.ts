// The campaign section of a netbench config: what to measure and how. Defaults are the paper's
// protocol made explicit (docs/config.md documents every field); `--quick` is a short profile.
import { z } from 'zod';
import { NetbenchError } from '../errors.js';
import { PAPER_PAIRS, pairId, parsePair } from '../lab/pairs.js';
import { canonicalRuntime } from '../lab/runtimes.js';
import { IPERF3_DEFAULTS } from '../probes/iperf3.js';
import { PING_DEFAULTS } from '../probes/ping.js';
import { EXPERIMENTS } from '../probes/probe.js';
import { SOCKPERF_DEFAULTS } from '../probes/sockperf.js';
import { STRESS_DEFAULTS } from '../probes/stress-ng.js';
import { parsesWith } from './refine.js';

const pairText = z
  .string()
  .refine(parsesWith(parsePair), 'must be a driver pair client,server such as bridge,bridge (the overlay server needs an overlay client)');

const runtimeText = z.string().refine(parsesWith(canonicalRuntime), 'unknown runtime (known: runc, crun, runsc, kata)');

export const CampaignSchema = z
  .object({
    experiments: z
      .array(z.enum(EXPERIMENTS as [string, ...string[]]))
      .min(1)
      .default([...EXPERIMENTS]),
    /** Default: runc plus every other runtime both hosts offer. */
    runtimes: z.array(runtimeText).min(1).optional(),
    pairs: z.array(pairText).min(1).default(PAPER_PAIRS.map(pairId)),
    loads: z
      .array(z.enum(['idle', 'stress']))
      .min(1)
      .default(['idle', 'stress']),
    reps: z.number().int().min(1).max(1000).default(15),
    /** Discarded warm-up repetitions per cell, run before the first measured one. */
    warmup: z.number().int().min(0).max(5).default(1),
    /** Seed of the run order; drawn at random (and recorded in the manifest) when absent. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    /** Extra attempts for a probe run that fails or hangs, before it is recorded as failed. */
    retries: z.number().int().min(0).max(10).default(2),
    /** Record a runtime missing on a host as unsupported instead of refusing to start. */
    skipMissing: z.boolean().default(false),
    /** Add the bare-host baseline: the same probes between the hosts' own network stacks. */
    baseline: z.boolean().default(true),
    outDir: z.string().default('data/raw'),
    iperf3: z
      .object({
        durationS: z.number().positive().max(3600).default(IPERF3_DEFAULTS.durationS),
        omitS: z.number().int().min(0).max(60).default(IPERF3_DEFAULTS.omitS),
        port: z.number().int().min(1).max(65535).default(IPERF3_DEFAULTS.port),
        streams: z.number().int().min(1).max(128).default(1),
      })
      .strict()
      .default({ ...IPERF3_DEFAULTS, streams: 1 }),
    ping: z
      .object({
        count: z.number().int().min(1).max(10_000).default(PING_DEFAULTS.count),
        intervalS: z.number().min(0.2).max(10).default(PING_DEFAULTS.intervalS),
      })
      .strict()
      .default(PING_DEFAULTS),
    sockperf: z
      .object({
        durationS: z.number().positive().max(3600).default(SOCKPERF_DEFAULTS.durationS),
        port: z.number().int().min(1).max(65535).default(SOCKPERF_DEFAULTS.port),
        tcp: z.boolean().default(false),
      })
      .strict()
      .default(SOCKPERF_DEFAULTS),
    stress: z
      .object({
        cpuWorkers: z.number().int().min(0).max(1024).default(STRESS_DEFAULTS.cpuWorkers),
        method: z.string().default(STRESS_DEFAULTS.method),
      })
      .strict()
      .default(STRESS_DEFAULTS),
  })
  .strict();

export type CampaignConfig = z.infer<typeof CampaignSchema>;

/** The short profile for demos and CI: 2 repetitions of short probes. */
export const QUICK_PROFILE = {
  reps: 2,
  warmup: 1,
  iperf3: { durationS: 2, omitS: 1 },
  ping: { count: 5, intervalS: 0.2 },
  sockperf: { durationS: 1 },
} as const;

export interface CampaignFlags {
  quick?: boolean;
  runtimes?: string;
  pairs?: string;
  loads?: string;
  reps?: number;
  duration?: number;
  experiments?: string;
  seed?: number;
  skipMissing?: boolean;
  /** commander's --no-baseline sets this to false */
  baseline?: boolean;
  out?: string;
}

/** The config file's campaign section, then the quick profile, then flags; validated once. */
export function resolveCampaign(fromFile: unknown, f: CampaignFlags): CampaignConfig {
  const base = (fromFile ?? {}) as Record<string, Record<string, unknown> | unknown>;
  const merged: Record<string, unknown> = { ...base };
  const sub = (k: string, v: Record<string, unknown>) => (merged[k] = { ...((merged[k] as object) ?? {}), ...v });
  if (f.quick) {
    merged.reps = QUICK_PROFILE.reps;
    merged.warmup = QUICK_PROFILE.warmup;
    sub('iperf3', QUICK_PROFILE.iperf3);
    sub('ping', QUICK_PROFILE.ping);
    sub('sockperf', QUICK_PROFILE.sockperf);
  }
  if (f.runtimes) merged.runtimes = f.runtimes.split(',').filter(Boolean);
  if (f.pairs) merged.pairs = f.pairs.split(/[;\s]+/).filter(Boolean);
  if (f.loads) merged.loads = f.loads.split(',').filter(Boolean);
  if (f.experiments) merged.experiments = f.experiments.split(',').filter(Boolean);
  if (f.reps !== undefined) merged.reps = f.reps;
  if (f.seed !== undefined) merged.seed = f.seed;
  if (f.skipMissing) merged.skipMissing = true;
  if (f.baseline === false) merged.baseline = false;
  if (f.out) merged.outDir = f.out;
  if (f.duration !== undefined) {
    sub('iperf3', { durationS: f.duration });
    sub('sockperf', { durationS: f.duration });
  }
  const r = CampaignSchema.safeParse(merged);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  campaign.${i.path.join('.')}: ${i.message}`);
    throw new NetbenchError(
      'bad-config',
      `the campaign settings are not valid:\n${lines.join('\n')}`,
      'Fix the flags or config fields named above (docs/config.md).',
    );
  }
  const c = r.data;
  if (c.experiments.includes('bandwidth') && c.iperf3.omitS >= c.iperf3.durationS) {
    throw new NetbenchError(
      'bad-config',
      `iperf3 omits ${c.iperf3.omitS} s of a ${c.iperf3.durationS} s run: nothing would be measured`,
      'Lower campaign.iperf3.omitS or raise --duration.',
    );
  }
  return { ...c, runtimes: c.runtimes?.map(canonicalRuntime) };
}
