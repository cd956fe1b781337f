// The campaign section of a netbench config: what to measure and how. Defaults are the paper's
// protocol made explicit (docs/config.md documents every field); `--quick` is a short profile.
import { isRecord } from '../base/records.js';
import { z } from 'zod';
import { NetbenchError } from '../base/errors.js';
import { PROBES, PROBE_KEYS, PROBE_SETTINGS, type ProbeKey, type ProbeSettings } from '../probes/registry.js';
import { STRESS_SETTINGS } from '../probes/stress-ng.js';
import { parsesWith } from '../base/refine.js';
import { PAIR_TEXT, PAPER_PAIRS, pairId } from '../model/pairs.js';
import { canonicalRuntime } from '../model/runtimes.js';
import { httpRuntime } from '../probes/siege.js';
import { derivedIntervalS } from '../probes/iperf3.js';
import { EXPERIMENTS, LOADS, PAPER_EXPERIMENTS, PROFILES, type Experiment, type Profile } from '../model/experiments.js';

const runtimeText = z
  .string()
  .refine(
    parsesWith(canonicalRuntime),
    'unknown runtime (known: runc, crun, runsc, kata and their variants, e.g. runsc-2024, each also at one end only, e.g. runsc-2024@server; see docs/config.md)',
  );

export const CampaignSchema = z
  .object({
    /**
     * The preset it started from, when a short one (`quick`, `demo`); absent for the paper's
     * protocol, so that the manifests of such campaigns, older ones included, read back unchanged.
     */
    profile: z.enum(PROFILES).optional(),
    experiments: z
      .array(z.enum(EXPERIMENTS))
      .min(1)
      .default([...PAPER_EXPERIMENTS]),
    /** Default: runc plus every other runtime both hosts offer. */
    runtimes: z.array(runtimeText).min(1).optional(),
    /** Driver pairs of the bandwidth and latency experiments (the HTTP experiment has http.pairs). */
    pairs: z.array(PAIR_TEXT).min(1).default(PAPER_PAIRS.map(pairId)),
    loads: z.array(z.enum(LOADS)).min(1).default(['idle', 'stress']),
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
    /** Extra attempts for a probe run that fails or hangs, before it is recorded as failed (none once two runs of the cell failed every attempt with the same error). */
    retries: z.number().int().min(0).max(10).default(2),
    /** Record a runtime missing on a host as unsupported instead of refusing to start. */
    skipMissing: z.boolean().default(false),
    /** Add the bare-host baseline: the same probes between the hosts' own network stacks. */
    baseline: z.boolean().default(true),
    /**
     * Read the CPU counters around every iperf3 and siege run (the cost metrics, COST_METRICS). On
     * when absent; `false` (--no-cpu-cost) leaves them out, their rows `unsupported`.
     */
    cpuCost: z.boolean().optional(),
    outDir: z.string().default('data/raw'),
    ...PROBE_SETTINGS,
    stress: STRESS_SETTINGS,
  })
  .strict();

export type CampaignConfig = z.infer<typeof CampaignSchema>;

/** The preset a campaign started from (no `profile`: the paper's protocol). */
export const profileOf = (c: Pick<CampaignConfig, 'profile'>): Profile => c.profile ?? 'paper';

/** A short preset: the fields it sets, and each probe's `quick` settings with `probes` on top. */
interface ShortProfile {
  reps: number;
  warmup: number;
  retries?: number;
  experiments?: Experiment[];
  probes: { [K in ProbeKey]?: Partial<ProbeSettings[K]> };
}

/**
 * The short presets. `quick` (tests, `collect --quick`): 2 repetitions after a warm-up, of each
 * probe's short settings. `demo` (`netbench demo`): every experiment, the HTTP one included, as
 * short as still says something: 2 repetitions without warm-up, 1-second iperf3 (reporting every
 * 0.1 s, so that a stall shows) and sockperf runs
 * (latency is sockperf's alone: ping would add a probe run, 2.7 s, to every latency task of the
 * macvlan and overlay pairs), siege -c 64 for 3 s, two retries as in the paper's protocol (siege 4.0
 * hangs now and then, most often on runc idle: 4 attempts in a row on 2026-12-03).
 */
export const SHORT_PROFILES: Record<Exclude<Profile, 'paper'>, ShortProfile> = {
  quick: { reps: 2, warmup: 1, probes: {} },
  demo: {
    reps: 2,
    warmup: 0,
    retries: 2,
    experiments: ['bandwidth', 'latency', 'http'],
    // HTTP on runc and runsc only: siege's run and its occasional hang make each HTTP cell the dearest
    probes: {
      // reporting every 0.1 s (derivedIntervalS): a 1-second run with 1-second reports cannot show a stall
      iperf3: { durationS: 1, omitS: 0 },
      sockperf: { durationS: 1 },
      ping: { enabled: false },
      http: { concurrency: 64, durationS: 3, runtimes: ['runc', 'runsc'] },
    },
  },
};

export interface CampaignFlags {
  /** --quick: the quick profile */
  quick?: boolean;
  /** a short preset by name (`netbench demo` passes 'demo'); --quick is profile 'quick' */
  profile?: Exclude<Profile, 'paper'>;
  runtimes?: string;
  pairs?: string;
  loads?: string;
  reps?: number;
  /** warm-up repetitions per cell */
  warmup?: number;
  duration?: number;
  experiments?: string;
  seed?: number;
  skipMissing?: boolean;
  /** commander's --no-baseline sets this to false */
  baseline?: boolean;
  /** commander's --no-cpu-cost sets this to false */
  cpuCost?: boolean;
  out?: string;
  /** iperf3 -P */
  streams?: number;
  /** turn on the iperf3 UDP probe at this target rate (bits/s) */
  udp?: number;
  /** siege -c of the HTTP experiment */
  concurrency?: number;
}

const LIST_EXAMPLES = {
  runtimes: 'runc,runsc',
  pairs: "'bridge,bridge host,bridge'",
  loads: 'idle,stress',
  experiments: 'bandwidth,latency',
  variants: 'runsc-2024,runsc-2024-ptrace',
} as const;

/** A list flag's entries, trimmed; an empty list or entry (`--runtimes ''`, `runc,,crun`, `runc, ,crun`) is an error, never "the default". */
export function listFlag(flag: keyof typeof LIST_EXAMPLES, text: string, separator: string | RegExp): string[] {
  const items = text
    .trim()
    .split(separator)
    .map((x) => x.trim());
  if (items.some((x) => x === ''))
    throw new NetbenchError(
      'bad-config',
      text.trim() === '' ? `--${flag} is empty` : `--${flag} "${text}" has an empty entry`,
      `Name at least one, without empty entries: e.g. --${flag} ${LIST_EXAMPLES[flag]} (leave the flag out for the default).`,
    );
  return items;
}

/** The config file's campaign section, then the short profile (if any), then flags; validated once. */
export function resolveCampaign(fromFile: unknown, f: CampaignFlags): CampaignConfig {
  if (fromFile !== undefined && fromFile !== null && !isRecord(fromFile)) {
    throw new NetbenchError(
      'bad-config',
      `the campaign section is not a mapping (${JSON.stringify(fromFile)})`,
      'Write it as `campaign:` with fields below it (docs/config.md).',
    );
  }
  const merged: Record<string, unknown> = isRecord(fromFile) ? { ...fromFile } : {};
  // A flag's settings go into the probe's section; a section that is not a mapping is left for the schema to name.
  const sub = (k: string, v: object) => {
    const before = merged[k];
    merged[k] = isRecord(before) ? { ...before, ...v } : before === undefined ? { ...v } : before;
  };
  const profile = f.profile ?? (f.quick ? 'quick' : undefined);
  if (profile) {
    const preset = SHORT_PROFILES[profile];
    merged.profile = profile;
    merged.reps = preset.reps;
    merged.warmup = preset.warmup;
    if (preset.retries !== undefined) merged.retries = preset.retries;
    if (preset.experiments) merged.experiments = [...preset.experiments];
    for (const k of PROBE_KEYS) sub(k, { ...PROBES[k].quick, ...preset.probes[k] });
  }
  if (f.runtimes !== undefined) merged.runtimes = listFlag('runtimes', f.runtimes, ',');
  if (f.pairs !== undefined) {
    // --pairs narrows every experiment of the run, the HTTP one included. A bad entry is named
    // once, under campaign.pairs: the HTTP list only gets the flag's pairs when all of them are pairs.
    const pairs = listFlag('pairs', f.pairs, /[;\s]+/);
    merged.pairs = pairs;
    if (pairs.every((p) => PAIR_TEXT.safeParse(p).success)) sub('http', { pairs });
  }
  if (f.streams !== undefined) sub('iperf3', { streams: f.streams });
  if (f.udp !== undefined) sub('iperf3Udp', { enabled: true, targetBps: f.udp });
  if (f.concurrency !== undefined) sub('http', { concurrency: f.concurrency });
  if (f.loads !== undefined) merged.loads = listFlag('loads', f.loads, ',');
  if (f.experiments !== undefined) merged.experiments = listFlag('experiments', f.experiments, ',');
  if (f.reps !== undefined) merged.reps = f.reps;
  if (f.warmup !== undefined) merged.warmup = f.warmup;
  if (f.seed !== undefined) merged.seed = f.seed;
  if (f.skipMissing) merged.skipMissing = true;
  if (f.baseline === false) merged.baseline = false;
  if (f.cpuCost === false) merged.cpuCost = false;
  if (f.out) merged.outDir = f.out;
  if (f.duration !== undefined) {
    sub('iperf3', { durationS: f.duration });
    sub('iperf3Udp', { durationS: f.duration });
    sub('sockperf', { durationS: f.duration });
    if (Number.isInteger(f.duration)) sub('http', { durationS: f.duration });
  }
  const r = CampaignSchema.safeParse(merged);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  campaign.${i.path.map(String).join('.')}: ${i.message}`);
    throw new NetbenchError(
      'bad-config',
      `the campaign settings are not valid:\n${lines.join('\n')}`,
      'Fix the flags or config fields named above (docs/config.md).',
    );
  }
  const c = r.data;
  // (-O is not checked against -t: iperf3 runs its omitted seconds before the -t seconds it measures)
  if (c.experiments.includes('http') && f.duration !== undefined && !Number.isInteger(f.duration)) {
    throw new NetbenchError(
      'bad-config',
      `--duration ${f.duration}: siege runs for whole seconds`,
      'Give --duration a whole number of seconds.',
    );
  }
  const httpRuntimes = c.http.runtimes?.map(httpRuntime);
  // a run shorter than the paper's reports about ten intervals, unless the config gives its interval; the manifest records it
  const intervalS = c.iperf3.intervalS ?? derivedIntervalS(c.iperf3.durationS);
  return {
    ...c,
    runtimes: c.runtimes?.map(canonicalRuntime),
    iperf3: { ...c.iperf3, ...(intervalS !== undefined ? { intervalS } : {}) },
    http: { ...c.http, ...(httpRuntimes ? { runtimes: httpRuntimes } : {}) },
  };
}
