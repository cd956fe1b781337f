// The contract every probe meets (after k8s-netperf's drivers): can it run this cell, what to run
// on each side, and a pure parser from the tool's raw output to typed samples.
import { stripVTControlCharacters } from 'node:util';
import type { z } from 'zod';
import type { Experiment } from '../model/experiments.js';
import type { Metric, MetricSpec, Unit } from '../model/metrics.js';
import type { Driver } from '../model/pairs.js';
import type { StatsSample } from './docker-stats.js';

/** A tool's output that its parser cannot read: the run failed, with this as its reason. */
export class ProbeOutputError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(`${tool}: ${message}`);
    this.name = 'ProbeOutputError';
  }
}

export interface Sample {
  metric: Metric;
  value: number;
  unit: Unit;
}

export interface ProbeCell {
  runtime: string;
  client: Driver;
  server: Driver;
}

export interface ProbeRun {
  clientStdout: string;
  clientStderr: string;
  clientExitCode: number;
  serverStdout: string;
  /** Docker stats of the server container while the client ran (probes with `monitorServer`). */
  serverStats?: StatsSample[];
}

export interface ParsedProbe {
  samples: Sample[];
  warnings: string[];
  /** Why a promised metric has no value in this run, by metric (when the parser knows): `failed` rows. */
  missing?: Record<string, string>;
  /** Promised metrics this setup cannot measure, with the reason: `unsupported` rows. */
  unsupported?: Record<string, string>;
}

/**
 * The metrics a probe promises that one run did not deliver, each with its reason: they become
 * `failed` rows, so nothing is silently dropped. Pure.
 */
export function missingMetrics(promised: readonly MetricSpec[], p: ParsedProbe): Array<MetricSpec & { reason: string }> {
  const got = new Set(p.samples.map((s) => s.metric));
  return promised
    .filter((m) => !got.has(m.metric) && p.unsupported?.[m.metric] === undefined)
    .map((m) => ({
      ...m,
      reason:
        p.missing?.[m.metric] ?? `the tool's output gave no value for ${m.metric}${p.warnings.length ? ` (${p.warnings.join('; ')})` : ''}`,
    }));
}

/** Printed on stderr by every server script once it listens (or gives up). */
export const SERVER_READY = /^NETBENCH-(NOT-)?READY$/m;

/** The measured interval of a run, in seconds from the client's start. */
export interface MeasuredInterval {
  fromS: number;
  toS: number;
}

export interface ProbeCost<C> {
  interval(cfg: C): MeasuredInterval;
  /** The bytes per second a parsed run received over its measured interval (undefined: it gave none). */
  bytesPerSecond(p: ParsedProbe): number | undefined;
}

export interface Probe<C> {
  name: string;
  experiment: Experiment;
  /** Its section of the campaign config: the schema, with the paper's defaults (docs/config.md). */
  settings: z.ZodType<C>;
  /** What `--quick` sets in that section: short runs, for demos and tests. */
  quick: Partial<C>;
  /** Whether these settings turn the probe on (always, when absent). */
  enabled?(cfg: C): boolean;
  /** The tool it runs, and a shell command (in the image) that prints its version for the manifest. */
  tool: { name: string; version: string };
  /** Every metric a run yields: failed and unsupported runs get one empty row per metric. */
  metrics: readonly MetricSpec[];
  /** undefined when the probe can run in this cell with these settings, else why not (becomes an `unsupported` row). */
  supports(cell: ProbeCell, cfg: C): string | undefined;
  /** The server container's command (prints SERVER_READY on stderr), and the ports it serves. */
  server(cfg: C): { cmd: string[]; ports: Array<{ port: number; proto: 'tcp' | 'udp' }> };
  /** The client's argv against the server at `target`. */
  client(target: string, cfg: C): string[];
  /** How long the client runs when all goes well, in seconds: what the expected time of a campaign adds up. */
  runS(cfg: C): number;
  /** Upper bound of the client's run time, for its deadline. */
  timeoutS(cfg: C): number;
  /** Whether the server exits by itself after one client (its report is then read from stdout). */
  serverExitsAfterClient: boolean;
  /** Sample the server container's CPU and memory (Docker stats API) while the client runs. */
  monitorServer?: boolean;
  /**
   * For probes that move bulk data: the interval a run measures (seconds from the client's start,
   * e.g. after iperf3's omitted ones) and the bytes per second it received then. The campaign reads
   * the CPU counters at both ends of that interval and adds the run's cost (COST_METRICS).
   */
  cost?: ProbeCost<C>;
  /** Open-file limit for both containers, when the tool needs more than the engine's default. */
  nofile?(cfg: C): number;
  parse(run: ProbeRun, cfg: C): ParsedProbe;
}

/** A bash snippet that waits (bounded) until `port`/`proto` listens in /proc/net, then prints the marker. */
export function waitListening(port: number, proto: 'tcp' | 'udp'): string {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  // TCP LISTEN is state 0A; a bound UDP socket is state 07.
  const [files, state] = proto === 'tcp' ? ['/proc/net/tcp /proc/net/tcp6', '0A'] : ['/proc/net/udp /proc/net/udp6', '07'];
  return (
    `i=0; until grep -qE ':${hex} [0-9A-F]+:0000 ${state}' ${files} 2>/dev/null; do ` +
    `i=$((i+1)); if [ $i -gt 1500 ]; then echo NETBENCH-NOT-READY >&2; break; fi; sleep 0.02; done; ` +
    `echo NETBENCH-READY >&2`
  );
}

/** Remove ANSI colour codes (sockperf colours its output even when not on a terminal). */
export const stripAnsi = (s: string): string => stripVTControlCharacters(s);
