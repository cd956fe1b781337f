// `netbench bounds <campaign>` writes a starting bounds file from a campaign; `netbench compare
// <campaign> --bounds <file>` checks a campaign against one (exit 1 when a bound fails).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { summariseCells } from '../analysis/cells.js';
import type { Campaign } from '../dataset/load.js';
import {
  BOUNDS_FORMAT,
  BoundsFileSchema,
  DEFAULT_CV_FACTOR,
  DEFAULT_CV_FLOOR,
  boundsFrom,
  checkBounds,
  type BoundCheck,
  type BoundsFile,
} from '../compare/bounds.js';
import { mdTable, shown } from '../compare/compare-format.js';
import { NetbenchError, describeError } from '../base/errors.js';
import { makeDir, writeFileAtomic } from '../base/fsx.js';
import { unitOf } from '../model/metrics.js';
import type { GlobalOptions } from './options.js';
import { formatTable } from './output.js';

/** A bounds file, parsed and checked; errors name the file and the field. */
export async function readBoundsFile(path: string): Promise<BoundsFile> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw new NetbenchError(
      'bad-config',
      `cannot read bounds ${path}: ${describeError(e)}`,
      'Give an existing file; netbench bounds <campaign> writes one.',
    );
  });
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new NetbenchError(
      'bad-config',
      `${path} does not parse as YAML: ${describeError(e)}`,
      'Fix the syntax; netbench bounds <campaign> writes a valid file.',
    );
  }
  const r = BoundsFileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new NetbenchError(
      'bad-config',
      `${path} is not a bounds file:\n${lines.join('\n')}${r.error.issues.length > 10 ? `\n  ...and ${r.error.issues.length - 10} more` : ''}`,
      `Fix the fields named above (format: "${BOUNDS_FORMAT}"; each bound: experiment, metric, unit, runtime, pair, load, median {min, max}, cv {max}).`,
    );
  }
  return r.data;
}

export interface BoundsCommandOptions extends GlobalOptions {
  out?: string;
  tolerance: number;
  metrics?: readonly string[];
}

export async function boundsCommand(c: Campaign, o: BoundsCommandOptions): Promise<void> {
  const file = boundsFrom(summariseCells(c.table), c.id, {
    tolerance: o.tolerance,
    cvFactor: DEFAULT_CV_FACTOR,
    cvFloor: DEFAULT_CV_FLOOR,
    metrics: o.metrics,
  });
  if (!file.bounds.length)
    throw new NetbenchError(
      'bad-data',
      `${c.id} has no cell to bound${o.metrics ? ` among ${o.metrics.join(', ')}` : ''}`,
      'Name a campaign with measured runtime cells.',
    );
  const out = o.out ?? join('figures', c.id, 'bounds.yaml');
  const header = [
    `# netbench bounds, written from campaign ${c.id}: check another campaign with`,
    `#   netbench compare <campaign> --bounds ${out}`,
    `# Each bound: the median within [min, max] (±${Math.round(o.tolerance * 1000) / 10} % of this campaign's), the CV at most`,
    `# ${DEFAULT_CV_FACTOR} times this campaign's (at least ${DEFAULT_CV_FLOOR}). Values in the units of measurements.csv. Edit to taste;`,
    '# a bound with a note is tighter than its own campaign could show: widen it or collect more repetitions.',
    '',
  ].join('\n');
  await makeDir(dirname(out));
  await writeFileAtomic(out, header + stringifyYaml(file, { lineWidth: 0 }));
  const noted = file.bounds.filter((b) => b.note).length;
  if (o.json) process.stdout.write(JSON.stringify({ file: out, bounds: file.bounds.length, noted }) + '\n');
  else
    process.stdout.write(
      `${file.bounds.length} bounds from ${c.id} in ${out}` +
        (noted ? `; ${noted} of them are tighter than this campaign's own 95 % CI of the median (see their note)` : '') +
        '\n',
    );
}

const checkRow = (c: BoundCheck): string[] => [
  c.status,
  c.meaning,
  c.experiment,
  c.metric,
  c.runtime,
  c.pair,
  c.load,
  shown(c.median, c.unit),
  `${shown(c.bound.median.min, c.unit)} - ${shown(c.bound.median.max, c.unit)}`,
  unitOf(c.unit).label,
  c.cv === null ? '-' : c.cv.toFixed(3),
  c.bound.cv.max.toFixed(3),
];
const CHECK_HEADER = ['status', 'meaning', 'experiment', 'metric', 'runtime', 'pair', 'load', 'median', 'bounds', 'unit', 'cv', 'cv max'];

export async function checkBoundsCommand(
  c: Campaign,
  path: string,
  o: GlobalOptions & { markdown?: boolean; all?: boolean },
): Promise<void> {
  const r = checkBounds(await readBoundsFile(path), summariseCells(c.table));
  const listed = o.all || o.markdown ? r.checks : r.checks.filter((x) => x.status !== 'ok');
  const summary = `${r.checks.length - r.failed} of ${r.checks.length} bounds of ${path} hold for ${c.id}${r.failed ? `; ${r.failed} fail` : ''}`;
  if (o.json) process.stdout.write(JSON.stringify({ campaign: c.id, bounds: path, ...r }, null, 1) + '\n');
  else if (o.markdown)
    process.stdout.write(
      [`### netbench bounds: \`${c.id}\` against \`${path}\``, '', `**${summary}.**`, '', mdTable(CHECK_HEADER, listed.map(checkRow))].join(
        '\n',
      ) + '\n',
    );
  else {
    const lines = [summary];
    if (listed.length) lines.push('', formatTable(CHECK_HEADER, listed.map(checkRow)));
    if (r.unbounded.length) lines.push('', `${r.unbounded.length} cells of ${c.id} have no bound (netbench bounds writes one for each)`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  process.exitCode = r.failed ? 1 : 0;
}
