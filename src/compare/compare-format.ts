// A comparison as people read it (pure): one row builder for the terminal and the Markdown of a
// pull-request comment, the summary line, and the warnings (sessions that drifted, cells one side
// lacks, raw and normalised verdicts that disagree).
import type { MetricCell } from '../analysis/cells.js';
import { unitOf } from '../model/metrics.js';
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

/** "2 worse, 1 better, 30 same, 280 inconclusive of 313 cells" */
export function compareSummary(r: CompareReport): string {
  const parts = VERDICTS.filter((v) => r.counts[v] > 0).map((v) => `${r.counts[v]} ${v}`);
  return `${parts.join(', ') || 'no cell'} of ${r.cells.length} cells matched`;
}

/** How the verdicts were reached, in a sentence or two. */
export function compareRule(r: CompareReport): string {
  return (
    `Tolerance ±${pct(r.tolerance)}; ${r.normalised ? "each value divided by the bare host's mean of its campaign, metric, load and session" : 'values as measured'}` +
    `${r.metrics ? `; metrics ${r.metrics.join(', ')}` : ''}. B/A is the ratio of the means. \`same\`: its 95 % CI ` +
    `(${r.normalised ? "on the log scale, the normalisers' uncertainty included" : 'Fieller'}) lies inside 1 ± tolerance. ` +
    `\`better\`/\`worse\`: the estimate lies beyond the tolerance and the simultaneous CI (${pct(r.gateLevel, 2)}: Bonferroni over the ` +
    `${r.cells.length} cells, so a false \`worse\` anywhere stays under 5 %) excludes 1. Otherwise \`inconclusive\`. A and B are medians as measured.`
  );
}

/** What the reader must know before trusting the verdicts. */
export function compareWarnings(r: CompareReport): string[] {
  const w: string[] = [];
  for (const d of r.drift) w.push(driftWarning(d, r));
  const disagree = r.cells.filter((c) => c.rawVerdict && c.rawVerdict !== c.verdict);
  if (disagree.length)
    w.push(
      `${disagree.length} cell(s) have another verdict on the values as measured than normalised by the bare host (the note says "raw: ..."): ` +
        'the bare host moved between the campaigns; the normalised verdict is about the runtime',
    );
  if (r.onlyInA.length) w.push(`${r.onlyInA.length} cell(s) only in A (${r.a}), not compared: ${r.onlyInA.map(cellName).join('; ')}`);
  if (r.onlyInB.length) w.push(`${r.onlyInB.length} cell(s) only in B (${r.b}), not compared: ${r.onlyInB.map(cellName).join('; ')}`);
  return w;
}

function driftWarning(d: SessionDrift, r: CompareReport): string {
  const top = d.drifting[0]!;
  const ms = Object.entries(top.sessions).map(([s, m]) => `session ${s}: ${shown(m.median, top.unit)}`);
  return (
    `${d.side} (${d.campaign}): its sessions differ by more than ${pct(r.tolerance)} in ${d.drifting.length} of ${d.cells} ` +
    `${d.checked === 'bare host' ? 'bare-host ' : ''}cells (e.g. ${cellName(top)}, ${ms.join(', ')}${unitOf(top.unit).label ? ` ${unitOf(top.unit).label}` : ''}, x${num(top.spread, 3)}); ` +
    (r.normalised
      ? 'values are normalised per session, '
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
