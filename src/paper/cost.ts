// The manuscript's paragraph, table and figure on what a byte costs, from campaigns that read the
// CPU time of every run (the `cpu_*` rows): one over the unshaped link, where the CPUs bound every
// configuration, and others over shaped links, where the link does. It states gVisor's CPU per byte
// against runc's, where the extra time goes (the host kernel's packet path or the sandbox), how
// well min(link, C / c) predicts each configuration's bandwidth (analysis/cpu-model.ts), what a
// slow link does to the cost, and gVisor's guide's absolute numbers beside ours; written to
// generated/cost.tex. Pure.
import type { CellSummary, ComparisonRow } from '../analysis/cells.js';
import type { ModelRow } from '../analysis/cpu-model.js';
import type { Metric } from '../model/metrics.js';
import { atOneEnd, byRuntime, gvisorConfigs, oneEndOf, PEER_RUNTIME } from '../model/runtimes.js';
import { ciText, ratioText, type Ratio } from './direction.js';
import { fmt, tex, type Facts } from './generate.js';
import type { GvisorGuide } from './gvisor-guide.js';
import { rateText } from './link.js';

const PAIR = 'bridge,bridge';
const LOAD = 'idle';

/** One campaign of the group: its link (bits/s, undefined: unshaped), the rate as tc writes it, and its tables. */
export interface CostCampaign {
  id: string;
  linkBps: number | undefined;
  linkRate: string | undefined;
  summary: readonly CellSummary[];
  comparisons: readonly ComparisonRow[];
}

/** The figures the paragraph refers to, under generated/figures. */
export const COST_FIGURES = { split: 'cost-split', model: 'cost-model', link: 'cost-link' } as const;

const median = (c: CostCampaign, metric: Metric, runtime: string): number | null =>
  c.summary.find((r) => r.metric === metric && r.runtime === runtime && r.pair === PAIR && r.load === LOAD && r.status === 'ok')?.median ?? null;

const ratio = (c: CostCampaign, metric: Metric, runtime: string, pair = PAIR, load = LOAD): Ratio | undefined => {
  const r = c.comparisons.find((x) => x.metric === metric && x.runtime === runtime && x.pair === pair && x.load === load && x.status === 'ok');
  return r && { ratio: r.ratio, lo: r.ratio_ci_lo, hi: r.ratio_ci_hi };
};

const gbit = (bps: number | null | undefined): string => fmt(bps == null ? null : bps / 1e9);
const linkName = (c: Pick<CostCampaign, 'linkRate'>): string => (c.linkRate ? rateText(c.linkRate) : 'unshaped');
const range = (xs: readonly number[]): [number, number] | undefined => (xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined);
/** "a, b and c" */
const list = (xs: readonly string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/**
 * The gVisor configuration the text reads: at both ends, the one also measured at the server only
 * (the newest build the campaigns measured one-ended), else the first by name; undefined without gVisor.
 */
export function leadConfig(runtimes: readonly string[]): string | undefined {
  const both = gvisorConfigs(runtimes).filter((r) => oneEndOf(r) === undefined);
  return [...both].reverse().find((r) => runtimes.includes(atOneEnd(r, 'server'))) ?? both[0];
}

/** The campaigns, the unshaped one first, then the shaped ones from the fastest link to the slowest. */
export const byLink = (campaigns: readonly CostCampaign[]): CostCampaign[] =>
  [...campaigns].sort((a, b) => (b.linkBps ?? Infinity) - (a.linkBps ?? Infinity));

/** The guide's iperf numbers in Gbit/s. */
const guideGbit = (g: GvisorGuide) => ({
  runcDown: g.iperf_bandwidth.download.runc / 1e9,
  runcUp: g.iperf_bandwidth.upload.runc / 1e9,
  runscDown: g.iperf_bandwidth.download.runsc / 1e9,
  runscUp: g.iperf_bandwidth.upload.runsc / 1e9,
});

/**
 * generated/cost.tex: the paragraph "What a byte costs", its table (every configuration over every
 * link: bandwidth measured and predicted, CPU per GB and its ratio to runc, CPUs busy) and its
 * figure. `rows`: cpuModel over the campaigns; `facts`: reps, cpus.
 */
export function costTex(campaigns: readonly CostCampaign[], rows: readonly ModelRow[], guide: GvisorGuide, facts: Facts): string {
  const ordered = byLink(campaigns);
  const free = ordered.find((c) => c.linkBps === undefined);
  const shaped = ordered.filter((c) => c.linkBps !== undefined);
  const ids = `\\newcommand{\\nbcostcampaigns}{${ordered.map((c) => tex(c.id)).join(' ')}}`;
  if (!free || !rows.length) return `% no campaign over the unshaped link with the CPU cost of its runs\n${ids}\n`;
  const runtimes = [...new Set(rows.map((r) => r.runtime))];
  const lead = leadConfig(runtimes);
  const L = lead ? `\\texttt{${tex(lead)}}` : '';
  const freeRows = rows.filter((r) => r.campaign === free.id);
  const shapedRows = rows.filter((r) => r.campaign !== free.id);

  const intro =
    `\\paragraph{What a byte costs.} Campaigns ${list(ordered.map((c) => `\\texttt{${tex(c.id)}} (${linkName(c) === 'unshaped' ? 'unshaped link' : tex(linkName(c))})`))}` +
    ` (${tex(facts.reps ?? '')} each; idle) read the CPU time of every run over its measured interval: the machine's, from \\texttt{/proc/stat} net of an idle baseline measured in the same session, and each container's, from its cgroup, which holds gVisor's Sentry and Gofer (Table~\\ref{tab:cost}, Figures~\\ref{fig:cost} and~\\ref{fig:model}).`;

  const cores = range(freeRows.map((r) => r.cores).filter((x): x is number => x !== null));
  const busy = cores ? ` Over the unshaped link every configuration keeps between ${fmt(cores[0], 2)} and ${fmt(cores[1], 2)} of the ${tex(facts.cpus ?? '--')} CPUs busy; what differs is the CPU time per GB received.` : '';
  const leadCost = lead
    ? ` ${L} at both ends spends ${ciText(ratio(free, 'cpu_s_per_gb', lead))} times runc's (${fmt(median(free, 'cpu_s_per_gb', lead))} against ${fmt(median(free, 'cpu_s_per_gb', PEER_RUNTIME))} CPU~s/GB, medians) and moves ${ciText(ratio(free, 'bandwidth', lead))} of runc's bandwidth.`
    : '';

  const fit = range(freeRows.map((r) => r.measuredBps / r.predictedBps));
  const shapedFit = range(shapedRows.map((r) => r.measuredBps / r.predictedBps));
  const linkBound = shapedRows.filter((r) => r.bound === 'link').length;
  // what TCP carries of the frames tc's shaper counts (MTU 1500, timestamps): 1448 of 1514 bytes
  const framing = shapedFit && shapedFit[0] >= 0.9 && shapedFit[1] <= 0.97 ? ", about what TCP carries of the Ethernet frames the shaper counts (1448 of 1514 bytes)" : '';
  const model =
    (fit
      ? ` With each configuration's c (CPU seconds per GB) and C (CPUs busy) over the unshaped link, min(link, C/c) predicts its median bandwidth there within ${fmt(Math.max(1 - fit[0], fit[1] - 1) * 100, 2)}\\% (measured over predicted ${fmt(fit[0])}--${fmt(fit[1])})`
      : '') +
    (shapedFit
      ? `; over the shaped links it calls ${linkBound} of ${shapedRows.length} configurations bound by the link, and they move ${fmt(shapedFit[0])}--${fmt(shapedFit[1])} of the prediction${framing}.`
      : '.');

  const softirq = lead ? ratio(free, 'cpu_softirq_s_per_gb', lead) : undefined;
  // the host kernel's packet path costs gVisor what it costs runc: the rest is the sandbox's
  const sameKernelPath = softirq?.lo != null && softirq.hi != null && softirq.lo <= 1 && softirq.hi >= 1;
  const where = lead
    ? ` ${sameKernelPath ? "The extra time is the sandbox's: per GB" : 'Per GB'}, the host kernel's packet path (softirq) costs ${L} ${ciText(softirq)} times what it costs runc, user time ${ciText(ratio(free, 'cpu_user_s_per_gb', lead))} times and system time ${ciText(ratio(free, 'cpu_system_s_per_gb', lead))} times.` +
      (median(free, 'server_cpu_s_per_gb', atOneEnd(lead, 'server')) !== null
        ? ` With gVisor at the server only, the server's cgroup accounts for ${fmt(median(free, 'server_cpu_s_per_gb', atOneEnd(lead, 'server')))} CPU~s/GB, against ${fmt(median(free, 'server_cpu_s_per_gb', PEER_RUNTIME))} with runc.`
        : '')
    : '';

  const slowest = shaped.at(-1);
  const trend =
    lead && shaped.length
      ? ` A slower link raises the cost per GB: ${L} spends ${list(ordered.map((c) => fmt(median(c, 'cpu_s_per_gb', lead))))} CPU~s/GB over the ${list(ordered.map(linkName))} links, runc ${list(ordered.map((c) => fmt(median(c, 'cpu_s_per_gb', PEER_RUNTIME))))}.`
      : '';
  const hidden =
    lead && slowest
      ? ` Over ${tex(linkName(slowest))} ${L} moves ${ciText(ratio(slowest, 'bandwidth', lead))} of runc's bandwidth, and its cost shows only in CPU: ${ciText(ratio(slowest, 'cpu_s_per_gb', lead))} times runc's CPU per byte, ${fmt(median(slowest, 'cpu_cores', lead), 2)} CPUs busy against runc's ${fmt(median(slowest, 'cpu_cores', PEER_RUNTIME), 2)}. A link slower than C/c hides the cost from the bandwidth ratio.`
      : '';

  const g = guideGbit(guide);
  const gvisorMedians = rows.filter((r) => gvisorConfigs([r.runtime]).length).map((r) => r.measuredBps / 1e9);
  // gVisor at one end keeps runc's bandwidth over the slowest link: there the guide's loss is not reproduced
  const lossless =
    lead !== undefined && slowest !== undefined && (['server', 'client'] as const).every((end) => (ratio(slowest, 'bandwidth', atOneEnd(lead, end))?.lo ?? 0) >= 0.95);
  const above = gvisorMedians.length > 0 && Math.min(...gvisorMedians) > Math.max(g.runscDown, g.runscUp);
  const at = (c: CostCampaign, end: 'server' | 'client') => (lead ? gbit(rows.find((r) => r.campaign === c.id && r.runtime === atOneEnd(lead, end) && r.pair === PAIR)?.measuredBps) : '--');
  const runcAt = (c: CostCampaign) => gbit(rows.find((r) => r.campaign === c.id && r.runtime === PEER_RUNTIME && r.pair === PAIR)?.measuredBps);
  const guideText =
    ` gVisor's guide measured, between two instances, runc at ${fmt(g.runcDown)} and ${fmt(g.runcUp)}~Gbit/s and gVisor at ${fmt(g.runscDown)} with it at the server (download) and ${fmt(g.runscUp)} at the client (upload).` +
    (lead && slowest
      ? ` Over ${tex(linkName(slowest))} here runc moves ${runcAt(slowest)}, gVisor at the server ${at(slowest, 'server')} and at the client ${at(slowest, 'client')}~Gbit/s (ratios ${ciText(ratio(slowest, 'bandwidth', atOneEnd(lead, 'server')))} and ${ciText(ratio(slowest, 'bandwidth', atOneEnd(lead, 'client')))}); over the unshaped link ${at(free, 'server')} and ${at(free, 'client')}~Gbit/s.`
      : '') +
    (above ? " Every gVisor configuration measured here moves more than the guide's gVisor did." : '') +
    (lossless ? " On a link-bound path with CPUs to spare gVisor at one end loses nothing, so the guide's loss does not follow from CPU per byte alone; its data do not record what bound it." : '');

  const unexplained =
    ' What stays unexplained: why the cost per GB rises as the link slows (costs per wake-up spread over fewer bytes would do it; wake-ups were not counted), and which of the Sentry\'s work its user and system time are (no profile was taken).';

  return [
    '% Generated by `netbench paper` from the campaigns with the CPU cost of their runs; do not edit.',
    ids,
    // the floats before the paragraph that first mentions them: a double-column float goes to the top of the next page at the earliest
    costTable(ordered, rows),
    costFigures(),
    intro + busy + leadCost + model + where + trend + hidden + guideText + unexplained,
    '',
  ].join('\n');
}

/** Table tab:cost: per configuration, over each link (unshaped first). */
function costTable(ordered: readonly CostCampaign[], rows: readonly ModelRow[]): string {
  const rank = new Map(ordered.map((c, i) => [c.id, i]));
  const sorted = [...rows].sort((a, b) => byRuntime(a.runtime, b.runtime) || a.pair.localeCompare(b.pair) || rank.get(a.campaign)! - rank.get(b.campaign)!);
  const body = sorted.map((r) => {
    const c = ordered.find((x) => x.id === r.campaign)!;
    const cost = r.cpuSPerGb === null ? '--' : `${fmt(r.cpuSPerGb)} [${fmt(r.cpuSPerGbLo)}, ${fmt(r.cpuSPerGbHi)}]`;
    const vsRunc = r.runtime === PEER_RUNTIME ? '' : ratioText(ratio(c, 'cpu_s_per_gb', r.runtime, r.pair, r.load));
    return `\\texttt{${tex(r.runtime)}} & ${tex(r.pair)} & ${tex(linkName(c))} & ${gbit(r.measuredBps)} & ${gbit(r.predictedBps)} & ${cost} & ${vsRunc} & ${fmt(r.cores, 2)} \\\\`;
  });
  return [
    '\\begin{table*}[t]\\centering\\small',
    "\\caption{What a byte costs, idle: per configuration and link, TCP bandwidth (median, Gbit/s) and the model's min(link, C/c) with c and C from the unshaped link; CPU seconds per GB received (whole machine net of idle: median [95\\% CI]) and its ratio to runc's (ratio of means [Fieller 95\\% CI]); CPUs busy (median). \\texttt{@server}/\\texttt{@client}: gVisor at that end only, runc at the other.}\\label{tab:cost}",
    '\\begin{tabular}{llllllll}\\hline',
    'runtime & pair & link & Gbit/s & predicted & CPU s/GB & / runc & CPUs \\\\ \\hline',
    ...body,
    '\\hline\\end{tabular}',
    '\\end{table*}',
  ].join('\n');
}

/**
 * Figures fig:cost (where the CPU goes over the unshaped link, a double-column figure) and fig:model
 * (measured against predicted, and CPU per GB against the link: two single-column panels side by side).
 */
function costFigures(): string {
  const panel = (name: string) => `\\nbgraphic{0.49\\textwidth}{generated/figures/${name}.pdf}`;
  return [
    '\\begin{figure*}[t]\\centering',
    `\\nbgraphic{\\textwidth}{generated/figures/${COST_FIGURES.split}.pdf}`,
    "\\caption{What a byte costs over the unshaped link, idle: CPU seconds per GB received, median per configuration, split into the server's and the client's container cgroups (gVisor's Sentry and Gofer included) and the rest (host kernel, engines), with the 95\\% CI of the whole.}\\label{fig:cost}",
    '\\end{figure*}',
    '\\begin{figure*}[t]\\centering',
    `${panel(COST_FIGURES.model)}\\hfill${panel(COST_FIGURES.link)}`,
    '\\caption{The CPU model. Left: bandwidth measured (median, 95\\% CI) against min(link, C/c), c and C of each configuration over the unshaped link, every configuration and link. Right: CPU seconds per GB (median) against the link rate, one line per configuration.}\\label{fig:model}',
    '\\end{figure*}',
  ].join('\n');
}
