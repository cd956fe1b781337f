// `netbench paper`: regenerate paper/generated/ (numbers, tables, figures) from a campaign and
// build paper/main.pdf with latexmk (Debian's texlive).
import { dataDate } from '../dataset/manifest.js';
import { exists, makeDir, writeFileAtomic } from '../base/fsx.js';
import { copyFile, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { readBlogTable } from '../analysis/blog-table.js';
import { analysisTables, type AnalysisTables } from '../analysis/cells.js';
import { httpTable } from '../analysis/http-table.js';
import { measurementColumn, measurementRows, type Campaign } from '../dataset/load.js';
import type { Experiment } from '../model/experiments.js';
import { profileOf } from '../config/campaign-config.js';
import { NetbenchError } from '../base/errors.js';
import { campaignFigures, cpuCostFigure, gvisorVariantsFigure, writeFigures } from '../figures/campaign-figures.js';
import { linkCost, modelFit } from '../figures/cpu-model.js';
import { gvisorEnds } from '../figures/gvisor-ends.js';
import { cpuModel, linkCampaignOf } from '../analysis/cpu-model.js';
import { COST_FIGURES, costTex, type CostCampaign } from './cost.js';
import type { PubFigure } from '../figures/parts.js';
import { blogFacts, cellTableTex, derivedFacts, factsOf, figureNotesTex, httpFactsOf, httpTableTex, numbersTex } from './generate.js';
import { guideFacts, guideRatio, readGvisorGuide, type GvisorGuide } from './gvisor-guide.js';
import { variantFacts, variantsTex } from './variants.js';
import { gvisorConfigs } from '../model/runtimes.js';
import { ENDS_FIGURE, directionRows, directionTex, measuresDirection, type DirectionRow } from './direction.js';
import { linkRows, linkTex, rateText } from './link.js';
import { hostinetConfigs, hostinetRows, hostinetTex } from './hostinet.js';
import { threatsTex } from './threats.js';
import { graphicWidths, latexProblems, misplacedFloats, overfullBeyond, smallestPrintedText, unresolved, type FloatPlace, type OverfullBox } from './latex-log.js';

/** The runtimes main.tex's text speaks of: a campaign without one of them cannot fill it. */
export const MANUSCRIPT_RUNTIMES = ['runc', 'crun', 'runsc'];

export const TEX_PACKAGES = ['texlive-latex-base', 'texlive-latex-recommended', 'texlive-fonts-recommended', 'latexmk'];

/**
 * Regenerate paper/generated from one to three campaigns (the bandwidth/latency campaign first; an
 * HTTP campaign beside it adds the HTTP section, a campaign of two or more gVisor configurations the
 * section on gVisor's versions and platforms) and build main.pdf.
 */
export async function buildPaper(
  campaigns: readonly Campaign[],
  paperDir: string,
  o: {
    log?: (m: string) => void;
    /** what is wrong but does not stop the build (a box past the margin); default: log */
    warn?: (m: string) => void;
    allowShort?: boolean;
    /**
     * A directory that already holds these campaigns' figures, rendered from the same data and
     * dated the same (the demo's figures stage): their PDFs are copied, not rendered again.
     */
    renderedFigures?: string;
  } = {},
): Promise<string> {
  const log = o.log ?? (() => {});
  const warn = o.warn ?? log;
  const roles = checkRoles(campaigns);
  const short = campaigns.find((x) => profileOf(x.manifest.config) !== 'paper');
  if (short && !o.allowShort)
    throw new NetbenchError(
      'bad-config',
      `${short.id} is a ${profileOf(short.manifest.config)} campaign: short runs illustrate the pipeline, they are not the manuscript's evidence`,
      'Give campaigns of the paper protocol (netbench collect), or add --allow-short to build the manuscript from this one anyway.',
    );
  if (!(await exists(join(paperDir, 'main.tex'))))
    throw new NetbenchError('bad-config', `no manuscript in ${paperDir} (it has no main.tex)`, 'Give the directory of the manuscript with --dir (default: paper).');
  const gen = join(paperDir, 'generated');
  // The previous generated/ stays until the PDF is built, and comes back if anything fails, so that
  // generated/ and main.pdf always describe the same campaigns.
  const previous = `${gen}.previous-${process.pid}`;
  const hadPrevious = await exists(gen);
  if (hadPrevious) await rename(gen, previous);
  // the figures and main.pdf carry the data's date, so the same campaigns give the same bytes
  const date = dataDate(campaigns.map((x) => x.manifest));
  try {
    await generate(campaigns, roles, paperDir, gen, date, log, o.renderedFigures);
    log('latexmk');
    const layout = await latexmk(paperDir, date);
    for (const box of layout.overfull)
      warn(`a box runs ${box.pt.toFixed(1)} pt past the ${box.box === 'hbox' ? 'margin' : 'page'} (${box.at} of ${box.file ?? 'main.tex or a generated file'})`);
    for (const t of layout.smallText) warn(`text in ${t.file} prints at ${t.pt.toFixed(1)} pt, under ${MIN_PRINTED_TEXT_PT} pt`);
    for (const f of layout.misplaced)
      warn(`${f.label.startsWith('tab:') ? 'Table' : 'Figure'} ${f.number} (${f.label}) is on page ${f.placed}, its first mention on page ${f.mentioned}`);
  } catch (e) {
    await rm(gen, { recursive: true, force: true });
    if (hadPrevious) await rename(previous, gen);
    throw e;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
  return join(paperDir, 'main.pdf');
}

/** Copy the figures' PDFs (and captions) found in `from` into `to`; returns the names copied. */
async function copyRendered(figures: readonly PubFigure[], from: string, to: string): Promise<Set<string>> {
  await makeDir(to);
  const copied = new Set<string>();
  for (const { name } of figures) {
    if (!(await exists(join(from, `${name}.pdf`)))) continue;
    for (const ext of ['pdf', 'txt']) await copyFile(join(from, `${name}.${ext}`), join(to, `${name}.${ext}`));
    copied.add(name);
  }
  return copied;
}

/**
 * What each campaign is to the manuscript: the bandwidth/latency one, and optionally an HTTP one, a
 * gVisor variants one, one with gVisor at one end only, one over a shaped link, one of gVisor on
 * hostinet, and a group with the CPU cost of their runs (one over the unshaped link, others over
 * shaped links).
 */
interface Roles {
  main: Campaign;
  cost: Campaign[];
  http?: Campaign;
  variants?: Campaign;
  direction?: Campaign;
  link?: Campaign;
  hostinet?: Campaign;
}
const ROLE_NAMES = { http: 'HTTP', variants: 'gVisor variants', direction: 'gVisor at one end', link: 'shaped-link', hostinet: 'gVisor hostinet' } as const;

const distinctRuntimes = (c: Campaign): string[] => [...new Set(measurementColumn(c.table, 'runtime'))];

/** Does the campaign run a gVisor configuration at one end only (`runsc-2024@server`) on the bandwidth experiment? */
const measuresDirectionOf = (c: Campaign): boolean => c.manifest.config.experiments.includes('bandwidth') && measuresDirection(distinctRuntimes(c));

/** Does the campaign run a gVisor variant on hostinet (`--network=host`) on the bandwidth experiment? */
const measuresHostinet = (c: Campaign): boolean => c.manifest.config.experiments.includes('bandwidth') && hostinetConfigs(c.manifest.variants ?? [], distinctRuntimes(c)).length > 0;

/** Does the campaign carry the CPU cost of its bandwidth runs (`cpu_s_per_gb` values: collected since 2026-12-05)? */
const measuresCost = (c: Campaign): boolean =>
  c.manifest.config.experiments.includes('bandwidth') &&
  !c.manifest.config.experiments.includes('http') &&
  measurementRows(c.table, ['metric', 'status']).some((r) => r.metric === 'cpu_s_per_gb' && r.status === 'ok');

/** Does the campaign measure two or more gVisor configurations (runtime variants) on the bandwidth experiment? */
const measuresVariants = (c: Campaign): boolean => c.manifest.config.experiments.includes('bandwidth') && gvisorConfigs(distinctRuntimes(c)).length >= 2;

/** Each campaign's role, after a check that each is where the manuscript expects it. */
function checkRoles(campaigns: readonly Campaign[]): Roles {
  const [c, ...rest] = campaigns;
  if (!c) throw new NetbenchError('bad-config', 'no campaign given', 'Name the campaign under data/raw (and an HTTP campaign after it, if any).');
  const has = (x: Campaign, e: Experiment) => x.manifest.config.experiments.includes(e);
  const usage =
    'netbench paper <bandwidth/latency campaign> [<HTTP campaign>] [<gVisor variants campaign>] [<gVisor at one end campaign>] [<shaped-link campaign>] [<gVisor hostinet campaign>] [<CPU cost campaigns: one unshaped, others shaped>...]';
  if (!has(c, 'bandwidth'))
    throw new NetbenchError('bad-config', `${c.id} has no bandwidth experiment: the manuscript's first campaign is the bandwidth/latency one`, `Run ${usage}.`);
  const roles: Roles = { main: c, cost: [] };
  for (const x of rest) {
    if (measuresCost(x)) {
      roles.cost.push(x);
      continue;
    }
    const role = has(x, 'http')
      ? 'http'
      : x.manifest.lab.linkRate && has(x, 'bandwidth')
        ? 'link'
        : measuresDirectionOf(x)
          ? 'direction'
          : measuresHostinet(x)
            ? 'hostinet'
            : measuresVariants(x)
              ? 'variants'
              : undefined;
    if (!role)
      throw new NetbenchError(
        'bad-config',
        `${x.id} has no HTTP experiment, no CPU cost, no shaped link, no gVisor at one end only, no gVisor on hostinet and fewer than two gVisor configurations: a campaign after the first adds the HTTP section, the gVisor variants section, the paragraph on what a byte costs, or the paragraph on gVisor at one end, on a shaped link or on hostinet`,
        `Run ${usage}.`,
      );
    const taken = roles[role];
    if (taken) throw new NetbenchError('bad-config', `${taken.id} and ${x.id} are both ${ROLE_NAMES[role]} campaigns: give one`, `Run ${usage}.`);
    roles[role] = x;
  }
  const unshaped = roles.cost.filter((x) => !x.manifest.lab.linkRate);
  if (roles.cost.length && unshaped.length !== 1)
    throw new NetbenchError(
      'bad-config',
      unshaped.length
        ? `${unshaped.map((x) => x.id).join(' and ')} are all CPU cost campaigns over the unshaped link: the model takes its CPU per byte from one`
        : `the CPU cost campaigns ${roles.cost.map((x) => x.id).join(', ')} all ran over a shaped link: the model needs one over the unshaped link, where the CPUs bound every configuration`,
      `Give one CPU cost campaign over the unshaped link and any number over shaped links (netbench collect --link-rate). Run ${usage}.`,
    );
  // the first campaign can be the variants one too
  if (!roles.variants && measuresVariants(c)) roles.variants = c;
  return roles;
}

/** paper/generated: numbers.tex, the tables, the figures (PDF, dated `date`), the campaigns' manifests, and with a variants campaign variants.tex. */
async function generate(
  campaigns: readonly Campaign[],
  roles: Roles,
  paperDir: string,
  gen: string,
  date: Date,
  log: (m: string) => void,
  renderedFigures: string | undefined,
): Promise<void> {
  const { main: c, http } = roles;
  await makeDir(join(gen, 'figures'));
  // the numbers of the text: the main campaign's cells and the HTTP campaign's (a variants campaign has its own section)
  const table = http ? c.table.concat(http.table) : c.table;
  const tables = analysisTables(table);
  const { summary, comparisons: vsRunc, degradation } = tables;
  const facts = {
    ...factsOf(c.manifest),
    ...derivedFacts(vsRunc, degradation),
    ...(http ? httpFactsOf(http.manifest) : {}),
    ...(http ? blogFacts(await readBlogTable(paperDir)) : {}),
  };
  await writeFileAtomic(join(gen, 'numbers.tex'), numbersTex(summary, vsRunc, degradation, facts));
  await writeFileAtomic(
    join(gen, 'threats.tex'),
    threatsTex(
      c,
      campaigns.filter((x) => x !== c),
    ),
  );
  await writeFileAtomic(join(gen, 'table-bandwidth.tex'), cellTableTex(summary, 'bandwidth', 'TCP bandwidth (iperf3, received by the server).', 'tab:bandwidth'));
  await writeFileAtomic(join(gen, 'table-latency.tex'), cellTableTex(summary, 'sockperf_rtt_p50', 'Round-trip latency (sockperf UDP ping-pong, median of each run).', 'tab:latency'));
  if (http) {
    const byLoad = Object.fromEntries(['idle', 'stress'].map((load) => [load, httpTable(summary, { load })]));
    await writeFileAtomic(
      join(gen, 'table-http.tex'),
      httpTableTex(byLoad, 'HTTP service (nginx) under siege from host A, bridge,bridge: the blog post\'s quantities.', 'tab:http'),
    );
  }
  log('figures');
  const figDir = join(gen, 'figures');
  // with a variants campaign: its section's numbers, and its figure rendered with the others (one browser)
  // gVisor's guide, read once for the sections that set our ratios beside it (and only when one is written)
  let guideRead: Promise<GvisorGuide> | undefined;
  const guide = () => (guideRead ??= readGvisorGuide(paperDir));
  const variants = roles.variants ? await generateVariants(roles.variants, guide, gen) : [];
  // the shaped-link campaign's tables serve its own paragraph and the ends figure: computed once
  const link = roles.link ? { campaign: roles.link, tables: analysisTables(roles.link.table) } : undefined;
  const ends = roles.direction ? await generateDirection(roles.direction, link, guide, gen) : [];
  if (link) await generateLink(link, guide, gen);
  if (roles.hostinet) await generateHostinet(roles.hostinet, gen);
  const cost = roles.cost.length ? await generateCost(roles.cost, guide, gen) : [];
  const figures = [...campaignFigures(table, tables), ...variants, ...ends, ...cost];
  await writeFileAtomic(join(gen, 'figure-notes.tex'), figureNotesTex(figures));
  const copied = renderedFigures ? await copyRendered(figures, renderedFigures, figDir) : new Set<string>();
  if (renderedFigures) log(`figures: ${copied.size} of ${figures.length} copied from ${renderedFigures}, where they were rendered`);
  const files = await writeFigures(
    figures.filter((f) => !copied.has(f.name)),
    figDir,
    date,
  );
  for (const f of files.filter((x) => !x.endsWith('.pdf'))) await rm(f);
  await copyFile(join(c.dir, 'manifest.json'), join(gen, 'manifest.json'));
  for (const x of campaigns.slice(1)) await copyFile(join(x.dir, 'manifest.json'), join(gen, `manifest-${x.id}.json`));
}

/** generated/variants.tex from the variants campaign; returns its figure "gVisor across versions and platforms" (idle bandwidth), to be rendered. */
async function generateVariants(v: Campaign, guide: () => Promise<GvisorGuide>, gen: string): Promise<PubFigure[]> {
  const tables = analysisTables(v.table);
  const configs = gvisorConfigs(distinctRuntimes(v));
  const facts = {
    campaign: v.id,
    reps: repsText(v),
    cpus: String(v.manifest.hosts.A.cpus),
    ...variantFacts(tables.summary, tables.comparisons, configs),
    ...guideFacts(await guide()),
  };
  await writeFileAtomic(join(gen, 'variants.tex'), variantsTex(tables.summary, tables.comparisons, facts));
  const figure = gvisorVariantsFigure(tables, 'bandwidth', 'idle');
  return figure ? [figure] : [];
}

/**
 * generated/direction.tex from the campaign with gVisor at one end only: its paragraph, table and
 * figure (fig:ends, with the shaped-link campaign's one-end runs when there is one); returns the
 * figure, to be rendered.
 */
async function generateDirection(
  d: Campaign,
  link: AnalysedCampaign | undefined,
  guideOf: () => Promise<GvisorGuide>,
  gen: string,
): Promise<PubFigure[]> {
  const { comparisons } = analysisTables(d.table);
  const guide = await guideOf();
  const facts = { campaign: d.id, reps: repsText(d), ...guideFacts(guide) };
  const rows = directionRows(comparisons);
  // no ratio to show (e.g. runc failed in every run): no paragraph, and main.tex says nothing of it
  if (!rows.length) return [];
  const rate = link ? rateText(link.campaign.manifest.lab.linkRate ?? '') : undefined;
  const bridge = (rs: readonly DirectionRow[], linkName: string) => rs.filter((r) => r.pair === 'bridge,bridge').map((r) => ({ ...r, link: linkName }));
  const series = [...bridge(rows, 'unshaped'), ...(link && rate ? bridge(directionRows(link.tables.comparisons), rate) : [])];
  await writeFileAtomic(join(gen, 'direction.tex'), directionTex(rows, facts, series.length ? { figureLink: rate ?? 'unshaped' } : {}));
  if (!series.length) return [];
  return [
    gvisorEnds(series, { download: guideRatio(guide.iperf_bandwidth.download), upload: guideRatio(guide.iperf_bandwidth.upload) }, { name: ENDS_FIGURE, caption: 'gVisor at each end and at both ends: TCP bandwidth relative to runc' }),
  ];
}

/** A campaign with its analysis tables, for the generators that share them. */
interface AnalysedCampaign {
  campaign: Campaign;
  tables: AnalysisTables;
}

/** generated/link.tex from the campaign over a shaped link: its paragraph and table. */
async function generateLink({ campaign: l, tables }: AnalysedCampaign, guide: () => Promise<GvisorGuide>, gen: string): Promise<void> {
  const { summary, comparisons } = tables;
  const facts = { campaign: l.id, reps: repsText(l), rate: rateText(l.manifest.lab.linkRate ?? ''), ...guideFacts(await guide()) };
  await writeFileAtomic(join(gen, 'link.tex'), linkTex(linkRows(summary, comparisons), directionRows(comparisons), facts));
}

/** generated/hostinet.tex from the campaign of gVisor on hostinet: its paragraph and table. */
async function generateHostinet(h: Campaign, gen: string): Promise<void> {
  const { summary, comparisons } = analysisTables(h.table);
  const rows = hostinetRows(summary, comparisons, hostinetConfigs(h.manifest.variants ?? [], distinctRuntimes(h)));
  await writeFileAtomic(join(gen, 'hostinet.tex'), hostinetTex(rows, { campaign: h.id, reps: repsText(h) }));
}

/** generated/cost.tex from the CPU cost campaigns; returns its figure's three panels, to be rendered. */
async function generateCost(group: readonly Campaign[], guide: () => Promise<GvisorGuide>, gen: string): Promise<PubFigure[]> {
  const campaigns: CostCampaign[] = group.map((c) => {
    const { summary, comparisons } = analysisTables(c.table);
    return { ...linkCampaignOf(c, summary), linkRate: c.manifest.lab.linkRate, comparisons };
  });
  const rows = cpuModel(campaigns);
  const reps = [...new Set(group.map(repsText))];
  const facts = { reps: reps.join('; '), cpus: String(group[0]!.manifest.hosts.A.cpus) };
  await writeFileAtomic(join(gen, 'cost.tex'), costTex(campaigns, rows, await guide(), facts));
  const free = campaigns.find((c) => c.linkBps === undefined)!; // checkRoles saw one
  if (!rows.length) return [];
  return [cpuCostFigure(free.summary, 'bandwidth', COST_FIGURES.split), modelFit(rows, { name: COST_FIGURES.model }), linkCost(rows, { name: COST_FIGURES.link })];
}

/** A campaign's repetitions, and its status when it is not complete. */
const repsText = (c: Campaign): string =>
  c.manifest.status === 'complete' ? `${c.manifest.config.reps} repetitions` : `${c.manifest.config.reps} repetitions planned, ${c.manifest.status}`;

/** Print needs text of at least this size (pt). */
export const MIN_PRINTED_TEXT_PT = 7;
interface SmallText {
  file: string;
  pt: number;
}

/** The figures (as main.aux names them, with their printed widths) whose smallest text prints under MIN_PRINTED_TEXT_PT. */
async function smallFigureText(paperDir: string, aux: string): Promise<SmallText[]> {
  const out: SmallText[] = [];
  for (const [file, width] of graphicWidths(aux)) {
    const bbox = await execa('pdftotext', ['-bbox', join(paperDir, file), '-']);
    const pt = smallestPrintedText(bbox.stdout, width);
    if (pt !== undefined && pt < MIN_PRINTED_TEXT_PT - 0.05) out.push({ file, pt });
  }
  return out;
}

/**
 * main.pdf, dated `date` (pdfTeX reads SOURCE_DATE_EPOCH for its dates and /ID: the same sources give
 * the same bytes), with bibtex for its references; then what its logs say: a citation, bibliography
 * entry or cross-reference that did not resolve fails the build (and main.pdf goes); a box past the
 * margin by more than 1 pt, a float more than a page from its first mention and a figure whose text
 * prints under MIN_PRINTED_TEXT_PT are returned to be reported.
 */
async function latexmk(paperDir: string, date: Date): Promise<{ overfull: OverfullBox[]; misplaced: FloatPlace[]; smallText: SmallText[] }> {
  const r = await execa('latexmk', ['-pdf', '-interaction=nonstopmode', '-halt-on-error', 'main.tex'], {
    cwd: paperDir,
    reject: false,
    // max_print_line: one log message per line, for latexProblems
    env: { SOURCE_DATE_EPOCH: String(Math.floor(date.getTime() / 1000)), max_print_line: '100000' },
  }).catch(
    (e: unknown) => {
      throw new NetbenchError('missing-package', `latexmk did not run (${String(e)})`, `Install ${TEX_PACKAGES.join(' ')} (scripts/ensure-test-deps.sh does).`);
    },
  );
  if (r.exitCode === 0) {
    const blg = join(paperDir, 'main.blg');
    const problems = latexProblems(await readFile(join(paperDir, 'main.log'), 'utf8'), (await exists(blg)) ? await readFile(blg, 'utf8') : '');
    const wrong = unresolved(problems);
    if (wrong.length) {
      await rm(join(paperDir, 'main.pdf'), { force: true });
      throw new NetbenchError(
        'bad-data',
        `the manuscript does not resolve: ${wrong.join('; ')}`,
        `Add the entry to ${join(paperDir, 'literature', 'references.bib')}, or correct the key of the \\cite or \\ref in main.tex (${join(paperDir, 'main.log')} has each one's line).`,
      );
    }
    const aux = join(paperDir, 'main.aux');
    const auxText = (await exists(aux)) ? await readFile(aux, 'utf8') : '';
    return { overfull: overfullBeyond(problems), misplaced: misplacedFloats(auxText), smallText: await smallFigureText(paperDir, auxText) };
  }
  const out = String(r.stdout);
  const missing = missingValues(out);
  if (missing.length)
    throw new NetbenchError(
      'bad-data',
      `the manuscript uses ${missing.length === 1 ? 'a value' : 'values'} these campaigns do not have: ${missing.join(', ')}`,
      `main.tex is written for the default protocol (${MANUSCRIPT_RUNTIMES.join(', ')}; the four driver pairs; idle and stress; bandwidth and latency). Give such a campaign, or edit main.tex's text for yours.`,
    );
  const err = out.split('\n').filter((l) => l.startsWith('!') || /Error/.test(l)).slice(0, 5).join('\n');
  throw new NetbenchError('tool-failed', `LaTeX failed:\n${err || out.slice(-1500)}`, `See ${join(paperDir, 'main.log')}.`);
}

/**
 * The generated values main.tex asked for and did not find (its \\nbget stops at the first: "no
 * generated value fact x"), from latexmk's output, one message per line (latexmk runs with a large
 * max_print_line: TeX would break its lines at 79 characters, keys included).
 */
export function missingValues(latexOutput: string): string[] {
  return [...new Set([...latexOutput.matchAll(/netbench: no generated value (\S+) ([^\s(]+)/g)].map((m) => `${m[1]} ${m[2]}`))];
}
