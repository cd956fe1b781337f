// The manuscript's paragraph and table on gVisor's hostinet as a server, from a campaign that ran
// gVisor variants with `--network=host` (hostinet: the sandbox hands its sockets to the kernel's
// network stack of the container's namespace) at both ends, beside the same binary on its own
// network stack: per configuration and pair, idle, the bandwidth ratio to runc of both, or why a
// cell gave no value, written to generated/hostinet.tex. Pure.
import type { Metric } from '../model/metrics.js';
import type { ComparisonRow, CellSummary } from '../analysis/cells.js';
import type { Manifest } from '../dataset/manifest.js';
import { fmt, tex, type Facts } from './generate.js';
import { ciText, ratioText, type Ratio } from './direction.js';

const LOAD = 'idle';
const METRIC: Metric = 'bandwidth';
/** The runsc argument that puts the sandbox on hostinet. */
export const HOSTINET_ARG = '--network=host';

type VariantRecord = NonNullable<Manifest['variants']>[number];

/** A gVisor variant on hostinet, and the variant of the same binary on its own network stack (when the campaign ran one). */
export interface HostinetConfig {
  config: string;
  /** the runtime's own `--version` line, e.g. "runsc version 0.0~20240729.0" */
  version: string;
  netstack?: string;
}

/**
 * The gVisor variants on hostinet that the campaign measured (`runtimes`: its rows' runtimes; a
 * variant registered and not run does not count), by name, each with its measured netstack
 * sibling: the variant of the same binary (sha256) without --network=host.
 */
export function hostinetConfigs(variants: readonly VariantRecord[], runtimes: Iterable<string>): HostinetConfig[] {
  const measured = new Set(runtimes);
  const gvisor = variants.filter((v) => v.base === 'runsc' && measured.has(v.name));
  return gvisor
    .filter((v) => v.args.includes(HOSTINET_ARG))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((v) => {
      const own = gvisor.find((o) => o.sha256 === v.sha256 && !o.args.includes(HOSTINET_ARG));
      return { config: v.name, version: v.version, ...(own ? { netstack: own.name } : {}) };
    });
}

/** One cell: its ratio to runc with the CI, or (no value) its status and why. */
export interface HostinetCell extends Ratio {
  status: string;
  /** repetitions that failed */
  failed: number;
  reason: string;
}

/** A hostinet configuration on one pair, with the same binary on its own network stack beside it. */
export interface HostinetRow {
  config: string;
  version: string;
  pair: string;
  hostinet: HostinetCell;
  netstack?: HostinetCell & { config: string };
}

/** Per hostinet configuration and pair measured, idle bandwidth / runc, on hostinet and on the same build's own stack. */
export function hostinetRows(summary: readonly CellSummary[], vsRunc: readonly ComparisonRow[], configs: readonly HostinetConfig[]): HostinetRow[] {
  const cell = (runtime: string, pair: string): HostinetCell | undefined => {
    const s = summary.find((x) => x.metric === METRIC && x.load === LOAD && x.runtime === runtime && x.pair === pair);
    if (!s) return undefined;
    const c = vsRunc.find((x) => x.metric === METRIC && x.load === LOAD && x.runtime === runtime && x.pair === pair);
    return { status: s.status, failed: s.failed, reason: s.reason, ratio: c?.ratio ?? null, lo: c?.ratio_ci_lo ?? null, hi: c?.ratio_ci_hi ?? null };
  };
  const pairs = [...new Set(summary.filter((x) => x.metric === METRIC && x.load === LOAD).map((x) => x.pair))].sort();
  return configs.flatMap((c) =>
    pairs.flatMap((pair) => {
      const hostinet = cell(c.config, pair);
      if (!hostinet) return [];
      const own = c.netstack ? cell(c.netstack, pair) : undefined;
      return [{ config: c.config, version: c.version, pair, hostinet, ...(own && c.netstack ? { netstack: { ...own, config: c.netstack } } : {}) }];
    }),
  );
}

/** A table cell: the ratio [CI], or for a cell without values its status and failed repetitions. */
const cellText = (c: HostinetCell | undefined): string => (c && c.ratio === null && c.status !== 'ok' ? `${tex(c.status)} (${c.failed})` : ratioText(c));

/** An argument in \\texttt, its `--` kept as two hyphens. */
const argTex = (a: string): string => tex(a).replace(/--/g, '-{}-');

/** "0.0~20240729.0" from "runsc version 0.0~20240729.0". */
const versionOf = (v: string): string => v.replace(/^runsc version\s*/, '');

/**
 * What the paragraph reads: on bridge,bridge, each configuration that gave a ratio on hostinet
 * (against its own stack, and the factor between them), then each that failed in every run (why).
 */
function reading(rows: readonly HostinetRow[]): string {
  const bridge = rows.filter((r) => r.pair === 'bridge,bridge');
  const measured = bridge
    .filter((r) => r.hostinet.ratio !== null)
    .map((r) => {
      const own = r.netstack?.ratio != null ? r.netstack : undefined;
      return (
        ` On bridge,bridge, \\texttt{${tex(r.config)}} keeps ${ciText(r.hostinet)} of runc's bandwidth` +
        (own ? ` against ${ciText(own)} on its own network stack (\\texttt{${tex(own.config)}}), a factor of ${fmt(r.hostinet.ratio! / own.ratio!)}.` : '.')
      );
    });
  const failed = rows
    .filter((r) => r.hostinet.status === 'failed')
    .reduce((m, r) => m.set(r.config, [...(m.get(r.config) ?? []), r]), new Map<string, HostinetRow[]>());
  const failures = [...failed.entries()].map(([config, rs]) => {
    const all = rs.length === rows.filter((r) => r.config === config).length;
    const reasons = [...new Set(rs.map((r) => r.hostinet.reason).filter(Boolean))];
    return (
      ` \\texttt{${tex(config)}} (runsc ${tex(versionOf(rs[0]!.version))}) failed every repetition as a server ${all ? 'on every pair' : `on ${rs.map((r) => tex(r.pair)).join(', ')}`}` +
      (reasons.length ? `: \\emph{${tex(reasons.join('; '))}}.` : '.')
    );
  });
  return measured.join('') + failures.join('');
}

/**
 * generated/hostinet.tex: a paragraph that reads the bridge,bridge rows and names the
 * configurations that failed, and a table of every row. `facts`: campaign, reps.
 */
export function hostinetTex(rows: readonly HostinetRow[], facts: Facts): string {
  const id = `\\newcommand{\\nbhostinetcampaign}{${tex(facts.campaign ?? '')}}`;
  if (!rows.length) return `% no gVisor configuration on hostinet in this campaign\n${id}\n`;
  const body = rows
    .map((r) => `\\texttt{${tex(r.config)}} & ${tex(versionOf(r.version))} & ${tex(r.pair)} & ${cellText(r.hostinet)} & ${cellText(r.netstack)} \\\\`)
    .join('\n');
  return [
    '% Generated by `netbench paper` from the campaign of gVisor on hostinet; do not edit.',
    id,
    '\\begin{table*}[t]\\centering\\small',
    `\\caption{TCP bandwidth of gVisor on hostinet (\\texttt{${argTex(HOSTINET_ARG)}}) at both ends and of the same build on its own network stack, idle: ratio of means to runc [Fieller 95\\% CI]; failed (n): no repetition gave a value, n of them failed.}\\label{tab:hostinet}`,
    '\\begin{tabular}{lllll}\\hline',
    'gVisor & runsc & pair & hostinet & own stack \\\\ \\hline',
    body,
    '\\hline\\end{tabular}',
    '\\end{table*}',
    `\\paragraph{Hostinet as a server.} Campaign \\texttt{${tex(facts.campaign ?? '')}} (${tex(facts.reps ?? '')}; idle) runs gVisor with \\texttt{${argTex(HOSTINET_ARG)}} (hostinet: the sandbox hands its sockets to the kernel's network stack of the container's namespace) at both ends, beside the same build on its own network stack (Table~\\ref{tab:hostinet}).${reading(rows)}`,
    '',
  ].join('\n');
}
