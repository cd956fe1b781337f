// A comparison as people read it (pure): one row builder for the terminal and the Markdown of a
// pull-request comment, the summary line, the shifts the gate cannot call yet, and the warnings
// (sessions that drifted, a bare host that moved, cells one side lacks, differences accepted).
import type { MetricCell } from '../analysis/cells.js';
import { METRICS, normalisedByBare, unitOf } from '../model/metrics.js';
import { selectorText } from './cell-selection.js';
import type { CellChange, Verdict } from './campaign-compare.js';
import { VERDICTS, type CompareReport, type ComparedCell, type SessionDrift } from './compare-report.js';

export const COMPARE_HEADER = [
  'verdict',
  'experiment',
  'metric',
  'runtime',
  'pair',
  'load',
  'A',
  'B',
  'unit',
  'B/A [95% CI]',
  'simultaneous CI',
  'p (Holm)',
  'note',
];

const num = (v: number | null, digits = 4): string => (v === null ? '-' : String(Number(v.toPrecision(digits))));
const pct = (x: number, decimals = 1): string => `${Number((x * 100).toFixed(decimals))} %`;

/** A value in its display unit (Gbit/s, µs, ms, MiB), to 4 digits. */
export const shown = (v: number | null, unit: string): string => (v === null ? '-' : num(v * unitOf(unit).scale));

function note(c: ComparedCell): string {
  const parts: string[] = [];
  if (c.rawVerdict && c.rawVerdict !== c.verdict) parts.push(`raw: ${c.rawVerdict}`);
  if (c.verdict === 'inconclusive' && c.ownVerdict !== 'inconclusive' && c.ownVerdict !== 'same') parts.push(`alone: ${c.ownVerdict}`);
  if (c.verdict === 'inconclusive' && c.repsToSettle !== null) parts.push(`~${c.repsToSettle} reps would settle it`);
  if (c.reason) parts.push(c.reason);
  return parts.join('; ');
}

/** A cell's row in COMPARE_HEADER's order, with the medians and note given. */
const row = (c: CellChange, medianA: number | null, medianB: number | null, note: string): string[] => [
  c.verdict,
  c.experiment,
  c.metric,
  c.runtime,
  c.pair,
  c.load,
  shown(medianA, c.unit),
  shown(medianB, c.unit),
  unitOf(c.unit).label,
  c.ratio === null ? '-' : `${num(c.ratio, 3)} [${num(c.lo, 3)}, ${num(c.hi, 3)}]`,
  c.ratio === null ? '-' : `[${num(c.gateLo, 3)}, ${num(c.gateHi, 3)}]`,
  c.mwPHolm === null ? '-' : num(c.mwPHolm, 2),
  note,
];

/** One row per compared cell: medians of the values measured, the ratio of the chosen mode. */
export const compareRow = (c: ComparedCell): string[] => row(c, c.rawMedianA, c.rawMedianB, note(c));

/** The bare host's cells (the machines themselves), one row each. */
export const machineRow = (c: CellChange): string[] => row(c, c.medianA, c.medianB, '');

const cellName = (k: MetricCell): string => `${k.experiment} ${k.metric} ${k.runtime} ${k.pair} ${k.load}`;

/** A few cells by name; many by metric and count ("cpu_s_per_gb (28 cells), tcp_mss (28 cells)"). */
function someCells(cs: readonly MetricCell[]): string {
  if (cs.length <= 5) return cs.map(cellName).join('; ');
  const by = new Map<string, number>();
  for (const c of cs) by.set(c.metric, (by.get(c.metric) ?? 0) + 1);
  return [...by].map(([m, n]) => `${m} (${n} cell${n > 1 ? 's' : ''})`).join(', ');
}

/** "2 worse, 1 better, 30 same, 280 inconclusive of 313 cells" */
export function compareSummary(r: CompareReport): string {
  const parts = VERDICTS.filter((v) => r.counts[v] > 0).map((v) => `${r.counts[v]} ${v}`);
  return `${parts.join(', ') || 'no cell'} of ${r.cells.length} cells matched`;
}

/** The metrics compare divides by the bare host (the catalogue's `normalise: 'bare'`), the RTTs of one probe as one: ping_rtt_*. */
const BY_BARE = [
  ...new Set(
    Object.keys(METRICS)
      .filter(normalisedByBare)
      .map((m) => m.replace(/^(ping|sockperf)_rtt_.*/, '$1_rtt_*')),
  ),
];

/** How the verdicts were reached, in a sentence or two. */
export function compareRule(r: CompareReport): string {
  const selection = r.selection ? `; cells ${r.selection.map(selectorText).join('; ')}` : '';
  return (
    `Tolerance ±${pct(r.tolerance)}; ${
      r.normalised
        ? `rates and round-trip times (${BY_BARE.join(', ')}) divided by the bare host's mean of their campaign, metric, load and session, other metrics as measured`
        : 'values as measured'
    }` +
    `${r.metrics ? `; metrics ${r.metrics.join(', ')}` : ''}${selection}. B/A is the ratio of the means. \`same\`: its 95 % CI ` +
    `(${r.normalised ? "Fieller; of normalised values on the log scale, the normalisers' uncertainty included" : 'Fieller'}) lies inside 1 ± tolerance. ` +
    `\`better\`/\`worse\`: the estimate lies beyond the tolerance and the simultaneous CI (${pct(r.gateLevel, 3)}: Bonferroni over the ` +
    `${r.family} cells gated, so a false \`worse\` anywhere stays under 5 %) excludes 1. Otherwise \`inconclusive\`, with the repetitions per campaign that would settle it at even odds (\`netbench plan\` gives them for 90 %). A and B are medians as measured.`
  );
}

/** A ratio's CI as a change in per cent: "−20 % [−31, −7]". */
const change = (c: CellChange): string => {
  const p = (x: number | null) => (x === null ? '?' : `${x >= 1 ? '+' : '−'}${Number(Math.abs((x - 1) * 100).toPrecision(2))}`);
  return `${p(c.ratio)} % [${p(c.lo)}, ${p(c.hi)}]`;
};

export const SHIFT_HEADER = ['alone', 'experiment', 'metric', 'runtime', 'pair', 'load', 'B vs A [95% CI]', 'to decide'];

/** A shift the gate cannot call yet, one row: "worse", the cell, "−20 % [−31, −7]", "~22 reps". */
export const shiftRow = (c: ComparedCell): string[] => [
  c.ownVerdict,
  c.experiment,
  c.metric,
  c.runtime,
  c.pair,
  c.load,
  change(c),
  c.repsToSettle === null ? '-' : `~${c.repsToSettle} reps`,
];

/** What the shifts are, in a sentence. */
export const shiftsTitle = (r: CompareReport): string =>
  `${r.shifts.length} shift(s) the gate cannot call yet: each cell's own 95 % CI says so, the simultaneous CI over ${r.family} cells does not ` +
  '(inconclusive; the repetitions per campaign that would decide at this spread, at even odds: `netbench plan` gives them for 90 %; --cells or --metrics gate on fewer cells, with more power):';

/** What the reader must know before trusting the verdicts. */
export function compareWarnings(r: CompareReport): string[] {
  const w: string[] = [];
  for (const d of r.differences.filter((d) => d.accepted))
    w.push(`accepted difference (${d.name}): ${d.what} is ${d.a} in A and ${d.b} in B; the verdicts include its effect`);
  for (const d of r.drift) w.push(driftWarning(d, r));
  if (r.machineMoved.length) {
    const top = r.machineMoved[0]!;
    w.push(
      `the bare host itself moved between the campaigns in ${r.machineMoved.length} of ${r.machine.length} cells (e.g. ${cellName(top)}: ` +
        `B/A ${num(top.ratio, 3)} [${num(top.lo, 3)}, ${num(top.hi, 3)}]); rates and round-trip times are normalised by it, other metrics are as measured`,
    );
  }
  const decisive = (v: Verdict | null) => v === 'worse' || v === 'better' || v === 'changed';
  const disagree = r.cells.filter((c) => c.rawVerdict && c.rawVerdict !== c.verdict && (decisive(c.verdict) || decisive(c.rawVerdict)));
  if (disagree.length)
    w.push(
      `${disagree.length} cell(s) are ${disagree
        .map((c) => `${c.verdict} normalised and ${c.rawVerdict} on the values measured`)
        .slice(0, 3)
        .join('; ')}` +
        `${disagree.length > 3 ? '; ...' : ''} (the note says "raw: ..."): the normalised verdict is the one gated, about the runtime net of the machine`,
    );
  if (r.onlyInA.length) w.push(`${r.onlyInA.length} cell(s) only in A (${r.a}), not compared: ${someCells(r.onlyInA)}`);
  if (r.onlyInB.length) w.push(`${r.onlyInB.length} cell(s) only in B (${r.b}), not compared: ${someCells(r.onlyInB)}`);
  return w;
}

function driftWarning(d: SessionDrift, r: CompareReport): string {
  const top = d.drifting[0]!;
  const ms = Object.entries(top.sessions).map(([s, m]) => `session ${s}: ${shown(m.median, top.unit)}`);
  return (
    `${d.side} (${d.campaign}): its sessions differ by more than ${pct(r.tolerance)} in ${d.drifting.length} of ${d.cells} ` +
    `${d.checked === 'bare host' ? 'bare-host ' : ''}cells (e.g. ${cellName(top)}, ${ms.join(', ')}${unitOf(top.unit).label ? ` ${unitOf(top.unit).label}` : ''}, x${num(top.spread, 3)}); ` +
    (r.normalised
      ? 'rates and round-trip times are normalised per session, other metrics are not, '
      : 'values are not normalised (--normalise bare would divide by each session’s bare host), ') +
    'but a verdict within that drift is weak evidence'
  );
}

const mdEscape = (s: string): string => s.replaceAll('|', '\\|');
/** A Markdown table, cells escaped. */
export const mdTable = (header: readonly string[], rows: readonly string[][]): string =>
  [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(mdEscape).join(' | ')} |`).join('\n');

/** A Markdown comparison fit for a pull-request comment: changed cells shown, the rest folded. */
export function compareMarkdown(r: CompareReport): string {
  const out = [`### netbench compare: \`${r.b}\` (B) against \`${r.a}\` (A)`, '', compareRule(r), '', `**${compareSummary(r)}.**`];
  const warnings = compareWarnings(r);
  if (warnings.length) out.push('', ...warnings.map((w) => `> **warning:** ${w}`));
  const shownNow = (v: Verdict) => v === 'worse' || v === 'better' || v === 'changed';
  const open = r.cells.filter((c) => shownNow(c.verdict));
  if (open.length) out.push('', mdTable(COMPARE_HEADER, open.map(compareRow)));
  if (r.shifts.length) out.push('', shiftsTitle(r), '', mdTable(SHIFT_HEADER, r.shifts.map(shiftRow)));
  for (const v of ['inconclusive', 'same'] as const) {
    const rows = r.cells.filter((c) => c.verdict === v);
    if (rows.length)
      out.push('', `<details><summary>${rows.length} ${v}</summary>`, '', mdTable(COMPARE_HEADER, rows.map(compareRow)), '', '</details>');
  }
  if (r.machine.length)
    out.push(
      '',
      `<details><summary>the machines: ${r.machine.length} bare-host cells (values measured)</summary>`,
      '',
      mdTable(COMPARE_HEADER, r.machine.map(machineRow)),
      '',
      '</details>',
    );
  return out.join('\n') + '\n';
}
