// The threats to validity in numbers, for the manuscript's section on them (pure): how far runc's
// headline cell moved between the main campaign's sessions, which kernel builds the manuscript's
// campaigns ran on and runc's headline cell on each,
// and how many bandwidth runs stalled. Each is a sentence of generated LaTeX: main.tex types no number.
import { measurementRows, type Campaign } from '../dataset/load.js';
import { okCellValues } from '../analysis/cells.js';
import { median } from '../analysis/stats.js';
import { MIN_SESSION_N, sessionMedians } from '../analysis/sessions.js';
import { isStalled } from '../model/warnings.js';
import { defs, fmt, tex } from './generate.js';

/** The cell the threats speak of: the paper's headline, runc's idle bandwidth over bridge,bridge. */
const HEADLINE = { metric: 'bandwidth', runtime: 'runc', pair: 'bridge,bridge', load: 'idle' } as const;

const isHeadline = (k: { metric: string; runtime: string; pair: string; load: string }): boolean =>
  k.metric === HEADLINE.metric && k.runtime === HEADLINE.runtime && k.pair === HEADLINE.pair && k.load === HEADLINE.load;

/** The headline cell's ok values of a campaign, in Gbit/s. */
const headlineGbit = (c: Campaign): number[] =>
  okCellValues(c.table, [HEADLINE.metric])
    .filter((v) => isHeadline(v.key))
    .map((v) => v.value / 1e9);

/** "a, b and c". */
const listText = (xs: readonly string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`);

/** Sessions: the spread of the headline cell's session medians (sessions with MIN_SESSION_N values or more). */
function sessionSentence(main: Campaign): string {
  const cell = sessionMedians(main.table).find((s) => isHeadline(s));
  const medians = Object.values(cell?.sessions ?? {})
    .filter((s) => s.n >= MIN_SESSION_N)
    .map((s) => s.median / 1e9);
  if (medians.length < 2)
    return `Campaign ${tex(main.id)} ran its repetitions of runc's idle bridge,bridge bandwidth in one session, so how far they move between sessions is not measured here.`;
  return (
    `Campaign ${tex(main.id)} ran in ${main.manifest.sessions.length} sessions; the median of runc's idle bridge,bridge bandwidth ` +
    `was ${fmt(Math.min(...medians))} Gbit/s in one and ${fmt(Math.max(...medians))} Gbit/s in another, ` +
    `a factor of ${fmt(Math.max(...medians) / Math.min(...medians), 2)}.`
  );
}

/** Kernel builds: those of every campaign, and the headline cell's median per build (campaigns over an unshaped link). */
function kernelSentence(main: Campaign, others: readonly Campaign[]): string {
  const kernelOf = (c: Campaign) => c.manifest.hosts.A.kernel;
  const all = [main, ...others];
  const kernels = [...new Set(all.map(kernelOf))];
  if (kernels.length < 2) return `All ${all.length === 1 ? 'of its runs' : `${all.length} campaigns`} ran on one kernel build (${tex(kernelOf(main))}).`;
  const head = `The ${all.length} campaigns ran on ${kernels.length} kernel builds (${listText(kernels.map(tex))}).`;
  // over an unshaped link only: a shaped one bounds runc's bandwidth by its rate
  const medians = all.filter((c) => !c.manifest.lab.linkRate).flatMap((c) => {
    const v = headlineGbit(c);
    return v.length ? [{ kernel: kernelOf(c), median: median(v) }] : [];
  });
  const perBuild = kernels.flatMap((k) => {
    const m = medians.filter((x) => x.kernel === k).map((x) => x.median);
    if (!m.length) return [];
    const [lo, hi] = [Math.min(...m), Math.max(...m)];
    const value = fmt(lo) === fmt(hi) ? `${fmt(lo)} Gbit/s` : `${fmt(lo)} to ${fmt(hi)} Gbit/s`;
    return [`${value} on ${tex(k)} (${m.length} campaign${m.length === 1 ? '' : 's'})`];
  });
  if (perBuild.length < 2) return head;
  return (
    `${head} The median of runc's idle bridge,bridge bandwidth was ${listText(perBuild)}: ` +
    "absolute numbers are compared within a campaign, never across builds, and a runtime's ratio to runc in its own campaign is what carries over."
  );
}

/** Stalls: bandwidth runs of the main campaign with a second under 1 % of their best rate. */
function stallSentence(main: Campaign): string {
  const runs = measurementRows(main.table, ['metric', 'status', 'warnings']).filter((r) => r.metric === 'bandwidth' && r.status === 'ok');
  const stalled = runs.filter((r) => isStalled(r.warnings)).length;
  if (!runs.length) return '';
  return stalled
    ? `${stalled} of the ${runs.length} bandwidth runs of ${tex(main.id)} stalled (a second under 1\\% of the run's best rate), which makes those cells' distributions bimodal.`
    : `None of the ${runs.length} bandwidth runs of ${tex(main.id)} stalled (a second under 1\\% of the run's best rate).`;
}

/** generated/threats.tex: the section "Threats to validity"'s sentences, `\\nbfact{threatSessions}`, `threatKernels`, `threatStalls`. */
export function threatsTex(main: Campaign, others: readonly Campaign[]): string {
  const sentences = { threatSessions: sessionSentence(main), threatKernels: kernelSentence(main, others), threatStalls: stallSentence(main) };
  return '% Generated by `netbench paper` from the campaigns; do not edit.\n' + Object.entries(sentences).map(([k, v]) => defs('fact', [k], v)).join('');
}
