// `netbench compare <A> <B>`: did anything change between two campaigns? Prints the cells that did
// and the shifts the gate cannot call yet (all cells with --all, --markdown or --json), and exits 1
// when a cell got worse, 0 otherwise: a CI gate. It refuses (exit 2, main.ts) when no cell matches
// or the manifests differ in a way that breaks the comparison and was not accepted (--accept), so a
// pipeline tells "worse" from "could not compare".
import type { Campaign } from '../dataset/load.js';
import {
  compareMarkdown,
  compareRow,
  compareRule,
  compareSummary,
  compareWarnings,
  COMPARE_HEADER,
  machineRow,
  SHIFT_HEADER,
  shiftRow,
  shiftsTitle,
} from '../compare/compare-format.js';
import { anyWorse, blockingDifferences, compareReport, hasBaseline, type CompareReport } from '../compare/compare-report.js';
import { parseCellSelectors, selects, selectorText, type CellSelector } from '../compare/cell-selection.js';
import { DIFFERENCE_NAMES } from '../compare/comparability.js';
import { measurementRows } from '../dataset/load.js';
import { profileOf } from '../config/campaign-config.js';
import { NetbenchError } from '../base/errors.js';
import { boundsCommand, checkBoundsCommand } from './bounds.js';
import { askedMetrics, loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

export interface CompareCliOptions extends GlobalOptions {
  tolerance: string;
  metrics?: string;
  cells?: string;
  accept?: string;
  normalise?: string;
  markdown?: boolean;
  all?: boolean;
  allowShort?: boolean;
  bounds?: string;
  dataDir: string;
}

/** The fraction "10%", "10 %" or "0.1" stands for; NaN when it is neither. */
export function percentOrFraction(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(s);
  return m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
}

/** "10%", "10 %" or "0.1": the fraction in (0, 1). */
export function parseTolerance(s: string, option = '--tolerance'): number {
  const v = percentOrFraction(s);
  if (!(v > 0 && v < 1))
    throw new NetbenchError(
      'bad-config',
      `${option} ${s} is not a ${option === '--tolerance' ? 'tolerance' : 'change'} between 0 and 100 %`,
      `Give a percentage or a fraction: ${option} 10% (or 0.1).`,
    );
  return v;
}

/** Whether to normalise by the bare host: asked for, or by default when both campaigns have it. */
export function normaliseChoice(asked: string | undefined, a: Campaign, b: Campaign): boolean {
  if (asked !== undefined && asked !== 'bare' && asked !== 'none')
    throw new NetbenchError('bad-config', `--normalise ${asked} is not a choice`, 'Use --normalise bare or --normalise none.');
  const without = [a, b].filter((c) => !hasBaseline(c));
  if (asked === 'bare' && without.length)
    throw new NetbenchError(
      'bad-config',
      `--normalise bare: ${without.map((c) => c.id).join(' and ')} has no bare-host values to divide by`,
      'Compare as measured with --normalise none, or collect with the baseline (without --no-baseline).',
    );
  return asked === undefined ? without.length === 0 : asked === 'bare';
}

/** One named campaign, refused when short unless allowed. */
export async function loadOne(name: string, o: { dataDir: string; allowShort?: boolean }): Promise<Campaign> {
  const c = (await loadNamedCampaigns([name], o.dataDir)).campaigns[0]!;
  const profile = profileOf(c.manifest.config);
  if (profile !== 'paper' && !o.allowShort)
    throw new NetbenchError(
      'bad-config',
      `${c.id} is a ${profile} campaign: its short runs and 2 repetitions make most verdicts inconclusive or wrong`,
      'Compare campaigns of the paper protocol (netbench collect), or add --allow-short to compare this one anyway.',
    );
  return c;
}

export async function compareCommand(names: Array<string | undefined>, o: CompareCliOptions): Promise<void> {
  if (o.json && o.markdown) throw new NetbenchError('bad-config', '--json and --markdown together', 'Choose one output.');
  if (o.bounds) {
    if (names[1] !== undefined)
      throw new NetbenchError(
        'bad-config',
        '--bounds checks one campaign, and two were given',
        `netbench compare ${names[1]} --bounds ${o.bounds}`,
      );
    return checkBoundsCommand(await loadOne(names[0]!, o), o.bounds, o);
  }
  if (names[1] === undefined)
    throw new NetbenchError(
      'bad-config',
      'compare needs two campaigns, A and B',
      'netbench compare <A> <B>, or netbench compare <campaign> --bounds <file>.',
    );
  const tolerance = parseTolerance(o.tolerance);
  const accept = parseAccept(o.accept);
  const [a, b] = [await loadOne(names[0]!, o), await loadOne(names[1]!, o)];
  const cells = o.cells === undefined ? undefined : askedCells(parseCellSelectors(o.cells), [a, b]);
  const r = compareReport(a, b, {
    tolerance,
    normalise: normaliseChoice(o.normalise, a, b),
    metrics: askedMetrics(o.metrics, [a.table, b.table], [a.id, b.id]),
    cells,
    accept,
  });
  refuseIncomparable(r, a, b);
  if (o.json) process.stdout.write(JSON.stringify({ ...r, warnings: compareWarnings(r), worse: anyWorse(r) }, null, 1) + '\n');
  else if (o.markdown) process.stdout.write(compareMarkdown(r));
  else {
    const listed = o.all ? r.cells : r.cells.filter((c) => c.verdict !== 'same' && c.verdict !== 'inconclusive');
    const lines = [`B ${r.b} against A ${r.a}`, compareRule(r), '', compareSummary(r)];
    if (listed.length) lines.push('', formatTable(COMPARE_HEADER, listed.map(compareRow)));
    if (!o.all && r.shifts.length) lines.push('', shiftsTitle(r), formatTable(SHIFT_HEADER, r.shifts.map(shiftRow)));
    if (!o.all && listed.length < r.cells.length)
      lines.push(
        '',
        `${r.cells.length - listed.length - r.shifts.length} other inconclusive or same cells not listed: --all lists every cell (or --markdown, --json)`,
      );
    if (o.all && r.machine.length)
      lines.push('', 'the machines (bare host, values measured; no exit code):', formatTable(COMPARE_HEADER, r.machine.map(machineRow)));
    for (const w of compareWarnings(r)) lines.push('', `warning: ${w}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  process.exitCode = anyWorse(r) ? 1 : 0;
}

/** --accept's names, each one compare knows (runtime:<name> for one runtime variant). */
export function parseAccept(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names = text.split(',').map((s) => s.trim());
  const known = new Set<string>(DIFFERENCE_NAMES);
  const unknown = names.filter((n) => !known.has(n) && !/^runtime:\S+$/.test(n));
  if (unknown.length)
    throw new NetbenchError(
      'bad-config',
      `--accept: ${unknown.map((n) => n || '(an empty entry)').join(', ')}: not a difference compare knows`,
      `Name differences comma-separated: ${DIFFERENCE_NAMES.join(', ')}, or runtime:<name> for one runtime variant.`,
    );
  return names;
}

/** The selectors of --cells, each matching a cell of A or B; otherwise an error naming what they have. */
function askedCells(ss: CellSelector[], cs: readonly Campaign[]): CellSelector[] {
  const have = cs.flatMap((c) => measurementRows(c.table.dedupe('runtime', 'pair', 'load'), ['runtime', 'pair', 'load']));
  const none = ss.filter((s) => !have.some((h) => selects(s, h)));
  if (none.length) {
    const list = (k: 'runtime' | 'pair' | 'load') => [...new Set(have.map((h) => h[k]))].sort().join(', ');
    throw new NetbenchError(
      'bad-config',
      `--cells: ${none.map(selectorText).join('; ')} matches no cell of ${cs.map((c) => c.id).join(' or ')}`,
      `Select by runtime/pair/load (* for any). Runtimes: ${list('runtime')}. Pairs: ${list('pair')}. Loads: ${list('load')}.`,
    );
  }
  return ss;
}

/** Exit 2, with the reason, when nothing was compared or the manifests differ in a way not accepted. */
function refuseIncomparable(r: CompareReport, a: Campaign, b: Campaign): void {
  if (!r.cells.length) {
    const what = (c: Campaign) =>
      [
        ...new Set(
          measurementRows(c.table.dedupe('experiment', 'runtime'), ['experiment', 'runtime']).map((x) => `${x.experiment}/${x.runtime}`),
        ),
      ]
        .sort()
        .join(', ');
    throw new NetbenchError(
      'bad-data',
      `${a.id} and ${b.id} have no cell in common${r.metrics || r.selection ? ' among those selected' : ''}: nothing to compare. A has ${what(a)}; B has ${what(b)}`,
      'Compare two campaigns of the same experiments, runtimes, pairs and loads (or widen --metrics / --cells).',
    );
  }
  const blocking = blockingDifferences(r);
  if (blocking.length) {
    const names = [...new Set(blocking.map((d) => d.name))];
    throw new NetbenchError(
      'bad-data',
      `${a.id} and ${b.id} differ in what the compared cells depend on:\n` +
        blocking.map((d) => `  ${d.name}: ${d.what}: A ${d.a}; B ${d.b}`).join('\n'),
      `If that difference is what you are testing (an upgrade), accept it: --accept ${names.join(',')}. ` +
        'Otherwise compare campaigns collected the same way, or narrow --metrics / --cells to cells it does not touch.',
    );
  }
}

export interface BoundsCliOptions extends GlobalOptions {
  out?: string;
  tolerance: string;
  metrics?: string;
  allowShort?: boolean;
  dataDir: string;
}

/** `netbench bounds <campaign>`: the options checked, the campaign loaded, the file written. */
export async function boundsCliCommand(name: string, o: BoundsCliOptions): Promise<void> {
  const tolerance = parseTolerance(o.tolerance);
  const c = await loadOne(name, o);
  await boundsCommand(c, { ...o, tolerance, metrics: askedMetrics(o.metrics, [c.table], [c.id]) });
}
