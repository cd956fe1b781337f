// `netbench plan --detect 20% <pilot>`: before a campaign, the repetitions each cell needs for
// compare's gate to call a change of that size, from a pilot campaign's spread.
import { NetbenchError } from '../base/errors.js';
import { parseCellSelectors } from '../compare/cell-selection.js';
import { planReps, type RepsPlan, type RepsPlanRow } from '../compare/reps-plan.js';
import { MAX_PLANNED_REPS } from '../compare/power.js';
import { askedMetrics } from './campaigns.js';
import { loadOne, parseTolerance, normaliseChoice, percentOrFraction } from './compare.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

export interface PlanCliOptions extends GlobalOptions {
  detect: string;
  tolerance: string;
  power: string;
  metrics?: string;
  cells?: string;
  normalise?: string;
  all?: boolean;
  allowShort?: boolean;
  dataDir: string;
}

/** "90%" or "0.9": a power in (0, 1). */
export function parsePower(s: string): number {
  const v = percentOrFraction(s);
  if (!(v > 0.5 && v < 1))
    throw new NetbenchError(
      'bad-config',
      `--power ${s} is not a power between 50 and 100 %`,
      'Give the chance to detect the change: --power 90% (or 0.9).',
    );
  return v;
}

const pct = (x: number) => `${Number((x * 100).toPrecision(3))} %`;
const reps = (n: number | null) => (n === null ? `> ${MAX_PLANNED_REPS}` : String(n));

const PLAN_HEADER = ['experiment', 'metric', 'runtime', 'pair', 'load', 'n', 'CV', 'power at n', 'reps (family)', 'reps (alone)'];
const planRow = (r: RepsPlanRow): string[] => [
  r.experiment,
  r.metric,
  r.runtime,
  r.pair,
  r.load,
  String(r.n),
  r.cv.toPrecision(2),
  r.powerAtN < 0.01 ? '< 1 %' : pct(r.powerAtN),
  reps(r.reps),
  reps(r.repsAlone),
];

/** The plan in a few lines: how many cells each number of repetitions covers. */
export function planSummary(p: RepsPlan): string[] {
  const needed = p.rows.map((r) => r.reps ?? Infinity).sort((a, b) => a - b);
  const share = (n: number) => needed.filter((x) => x <= n).length;
  const q = (f: number) => needed[Math.min(needed.length - 1, Math.ceil(f * needed.length) - 1)] ?? NaN;
  const shown = (x: number) => (Number.isFinite(x) ? String(x) : `more than ${MAX_PLANNED_REPS}`);
  return [
    `To call a ${pct(p.detect)} change worse with ${pct(p.power)} power (tolerance ±${pct(p.tolerance)}, ` +
      `simultaneous CI over ${p.family} cells, spread of ${p.pilot}${p.normalise ? ', rates and round-trip times normalised by the bare host' : ''}):`,
    `  15 repetitions (the paper's) suffice for ${share(15)} of ${needed.length} cells; 30 for ${share(30)}.`,
    `  repetitions per campaign for half of the cells: ${shown(q(0.5))}; for 90 %: ${shown(q(0.9))}; for all: ${shown(q(1))}.`,
  ];
}

export async function planCommand(name: string, o: PlanCliOptions): Promise<void> {
  const detect = parseTolerance(o.detect, '--detect');
  const tolerance = parseTolerance(o.tolerance);
  if (detect <= tolerance)
    throw new NetbenchError(
      'bad-config',
      `--detect ${o.detect} is not beyond the tolerance (${o.tolerance}): compare calls a change worse only beyond its tolerance`,
      `Lower the tolerance here and in compare (e.g. --tolerance ${Number(((detect * 100) / 2).toPrecision(2))}%), or detect a larger change.`,
    );
  const power = parsePower(o.power);
  const c = await loadOne(name, o);
  const p = planReps(c.table, c.id, {
    detect,
    tolerance,
    power,
    normalise: normaliseChoice(o.normalise, c, c),
    metrics: askedMetrics(o.metrics, [c.table], [c.id]),
    ...(o.cells !== undefined ? { cells: parseCellSelectors(o.cells) } : {}),
  });
  if (!p.rows.length)
    throw new NetbenchError(
      'bad-data',
      `${c.id} has no cell with 2 values or more to plan from`,
      'Give a pilot campaign with at least 2 repetitions per cell.',
    );
  if (o.json) {
    process.stdout.write(JSON.stringify(p, null, 1) + '\n');
    return;
  }
  const listed = o.all ? p.rows : p.rows.slice(0, 10);
  const lines = [...planSummary(p), '', formatTable(PLAN_HEADER, listed.map(planRow))];
  if (listed.length < p.rows.length)
    lines.push(`(the ${listed.length} cells that need the most of ${p.rows.length}; --all lists every cell, --json too)`);
  const small = Math.min(...p.rows.map((r) => r.n));
  if (small < 5) lines.push('', `warning: some cells of the pilot have ${small} values: their spread, and the plan, is rough`);
  if (p.skipped.length) lines.push('', `${p.skipped.length} cell(s) without a spread to plan from (fewer than 2 values, or a mean of 0)`);
  process.stdout.write(lines.join('\n') + '\n');
}
