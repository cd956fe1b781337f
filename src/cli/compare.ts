// `netbench compare <A> <B>`: did anything change between two campaigns? Prints the cells that did
// (all with --all, --markdown or --json) and exits 1 when a cell got worse, 0 otherwise: a CI gate.
// Errors exit 2 (main.ts), so a pipeline tells "worse" from "could not compare".
import type { Campaign } from '../dataset/load.js';
import {
  compareMarkdown,
  compareRow,
  compareRule,
  compareSummary,
  compareWarnings,
  COMPARE_HEADER,
  machineRow,
} from '../compare/compare-format.js';
import { anyWorse, compareReport, hasBaseline } from '../compare/compare-report.js';
import { profileOf } from '../config/campaign-config.js';
import { NetbenchError } from '../base/errors.js';
import { boundsCommand, checkBoundsCommand } from './bounds.js';
import { askedMetrics, loadNamedCampaigns } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

export interface CompareCliOptions extends GlobalOptions {
  tolerance: string;
  metrics?: string;
  normalise?: string;
  markdown?: boolean;
  all?: boolean;
  allowShort?: boolean;
  bounds?: string;
  dataDir: string;
}

/** "10%", "10 %" or "0.1": the fraction in (0, 1). */
export function parseTolerance(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(s);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v > 0 && v < 1))
    throw new NetbenchError(
      'bad-config',
      `--tolerance ${s} is not a tolerance between 0 and 100 %`,
      'Give a percentage or a fraction: --tolerance 10% (or 0.1).',
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
  const [a, b] = [await loadOne(names[0]!, o), await loadOne(names[1]!, o)];
  const r = compareReport(a, b, {
    tolerance,
    normalise: normaliseChoice(o.normalise, a, b),
    metrics: askedMetrics(o.metrics, [a.table, b.table], [a.id, b.id]),
  });
  if (o.json) process.stdout.write(JSON.stringify({ ...r, warnings: compareWarnings(r), worse: anyWorse(r) }, null, 1) + '\n');
  else if (o.markdown) process.stdout.write(compareMarkdown(r));
  else {
    const listed = o.all ? r.cells : r.cells.filter((c) => c.verdict !== 'same' && c.verdict !== 'inconclusive');
    const lines = [`B ${r.b} against A ${r.a}`, compareRule(r), '', compareSummary(r)];
    if (listed.length) lines.push('', formatTable(COMPARE_HEADER, listed.map(compareRow)));
    if (!o.all && listed.length < r.cells.length)
      lines.push(
        '',
        `${r.cells.length - listed.length} inconclusive or same cells not listed: --all lists every cell (or --markdown, --json)`,
      );
    if (o.all && r.machine.length)
      lines.push('', 'the machines (bare host, values measured; no exit code):', formatTable(COMPARE_HEADER, r.machine.map(machineRow)));
    for (const w of compareWarnings(r)) lines.push('', `warning: ${w}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  process.exitCode = anyWorse(r) ? 1 : 0;
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
