// Every probe, and each bound to its settings from the campaign config. Adding a probe is one file
// in src/probes/ and one line here; the config, the runner and the loader know no tool by name.
import { keysOf } from '../base/records.js';
import type { z } from 'zod';
import { iperf3Probe } from './iperf3.js';
import { iperf3UdpProbe } from './iperf3-udp.js';
import { pingProbe } from './ping.js';
import type { MeasuredInterval, ParsedProbe, Probe, ProbeCell, ProbeRun } from './probe.js';
import { siegeProbe } from './siege.js';
import { sockperfProbe } from './sockperf.js';
import type { Experiment } from '../model/experiments.js';
import type { MetricSpec } from '../model/metrics.js';

export interface BoundProbe {
  name: string;
  experiment: Experiment;
  metrics: readonly MetricSpec[];
  supports(cell: ProbeCell): string | undefined;
  server(): ReturnType<Probe<unknown>['server']>;
  client(target: string): string[];
  runS(): number;
  timeoutS(): number;
  serverExitsAfterClient: boolean;
  monitorServer: boolean;
  /** The measured interval of a run and what it received then, for the CPU cost (Probe.cost). */
  cost?: { interval: MeasuredInterval; bytesPerSecond(p: ParsedProbe): number | undefined };
  nofile?: number;
  parse(run: ProbeRun): ParsedProbe;
  settings: unknown;
  /** The tool it runs and how its version is read (the manifest's toolVersions key is its name). */
  tool: Probe<unknown>['tool'];
}

export function bind<C>(p: Probe<C>, o: C): BoundProbe {
  return {
    name: p.name,
    experiment: p.experiment,
    metrics: p.metrics,
    supports: (cell) => p.supports(cell, o),
    server: () => p.server(o),
    client: (target) => p.client(target, o),
    runS: () => p.runS(o),
    timeoutS: () => p.timeoutS(o),
    serverExitsAfterClient: p.serverExitsAfterClient,
    monitorServer: p.monitorServer ?? false,
    ...(p.cost ? { cost: { interval: p.cost.interval(o), bytesPerSecond: p.cost.bytesPerSecond } } : {}),
    ...(p.nofile ? { nofile: p.nofile(o) } : {}),
    parse: (run) => p.parse(run, o),
    settings: o,
    tool: p.tool,
  };
}

/**
 * Every probe, by the section of the campaign config that holds its settings. Adding a probe is its
 * file in src/probes/ and one line here: the config's schema, the quick profile, the manifest's tool
 * versions and the loader's metric units all follow from this list.
 */
const ALL = { iperf3: iperf3Probe, iperf3Udp: iperf3UdpProbe, ping: pingProbe, sockperf: sockperfProbe, http: siegeProbe };

type SettingsOf<P> = P extends Probe<infer C> ? C : never;
/** Each probe's settings under its key: the campaign config's sections of the same names. */
export type ProbeSettings = { [K in keyof typeof ALL]: SettingsOf<(typeof ALL)[K]> };
export type ProbeKey = keyof ProbeSettings;
/** ALL, typed so that PROBES[k] and a ProbeSettings' [k] go together for any key k. */
export const PROBES: { readonly [K in ProbeKey]: Probe<ProbeSettings[K]> } = ALL;
// Object.keys is typed string[] whatever the object; these are exactly ALL's keys.
export const PROBE_KEYS: ProbeKey[] = keysOf(ALL);

/** Each probe's settings schema under its key, for the campaign config's schema. */
// Object.fromEntries loses which key holds which schema; each value is PROBES[k].settings of its key k.
export const PROBE_SETTINGS = Object.fromEntries(PROBE_KEYS.map((k) => [k, PROBES[k].settings])) as {
  [K in ProbeKey]: z.ZodType<ProbeSettings[K]>;
};

const bindKey = <K extends ProbeKey>(k: K, c: ProbeSettings): BoundProbe | undefined =>
  (PROBES[k].enabled?.(c[k]) ?? true) ? bind(PROBES[k], c[k]) : undefined;

/** The probes these settings turn on, bound to them, in ALL's order. */
export const probesFor = (c: ProbeSettings): BoundProbe[] => PROBE_KEYS.flatMap((k) => bindKey(k, c) ?? []);

export const probesOf = (all: BoundProbe[], e: Experiment): BoundProbe[] => all.filter((p) => p.experiment === e);

/** Every probe the toolkit has, for readers of its data (metric names and units). */
export const ALL_PROBES: ReadonlyArray<Pick<Probe<never>, 'name' | 'experiment' | 'metrics' | 'tool'>> = Object.values(ALL);
