// `netbench demo`'s pipeline: a campaign in the demo profile on the lab, then what the toolkit
// makes of it: the analysis tables, every figure, the HTML report, and the manuscript built from it (a copy of
// paper/, so the committed manuscript is left alone). Each stage reports when it starts.
import { readyLab } from '../lab/ready.js';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlogTable } from '../analysis/blog-table.js';
import { analysisTables } from '../analysis/cells.js';
import type { ColumnTable } from 'arquero';
import { loadCampaigns, measurementRows, type Campaign } from '../dataset/load.js';
import { writeAnalysisTables } from '../analysis/write-tables.js';
import { estimateSeconds } from '../campaign/estimate.js';
import { planCampaign } from '../campaign/plan.js';
import { runCampaign, type CampaignResult, type CampaignStart, type TaskReport } from '../campaign/runner.js';
import { profileOf, resolveCampaign, type CampaignConfig } from '../config/campaign-config.js';
import { dataDate, readManifest } from '../dataset/manifest.js';
import { campaignPath } from '../dataset/campaign-dir.js';
import { NetbenchError } from '../base/errors.js';
import { campaignFigures, writeFigures } from '../figures/campaign-figures.js';
import { CHROMIUM, CHROMIUM_PACKAGES } from '../figures/render.js';
import { makeDir } from '../base/fsx.js';
import { installPackages, missingPackages } from '../machine/packages.js';
import type { LabConfig } from '../lab/lab-config.js';
import type { Logger } from '../base/logger.js';
import { labPackages } from '../lab/lab-common.js';
import { buildPaper, MANUSCRIPT_RUNTIMES, TEX_PACKAGES } from '../paper/build.js';
import { reportModel } from '../report/report-model.js';
import { filesOf, madeNow } from '../report/campaign-files.js';
import { writeReport } from '../report/write-report.js';
import { stalledRepetitions, type StallCount } from '../analysis/stalls.js';
import { headlines, missingHeadlines, type Headline } from './headlines.js';
import { pingOn } from '../probes/ping.js';

/** The blog post's table, in the manuscript's sources. */

export const DEMO_STAGES = ['campaign', 'tables', 'figures', 'report', 'manuscript'] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

/**
 * What the stages after the campaign take here, for the expected time: 13 s measured on 2026-12-04
 * (tables 0.5 s, figures 7 s, report 0.4 s, the manuscript 5 s with the figures copied).
 */
export const AFTER_CAMPAIGN_S = 15;

export interface DemoOptions {
  lab: LabConfig;
  /** Where the campaign goes (data/raw). */
  outDir: string;
  /** Where tables, figures and the manuscript go: `<resultsDir>/<campaign>/` (figures). */
  resultsDir: string;
  /** The manuscript's sources (paper/: main.tex and literature/), copied next to the figures. */
  paperSource: string;
  /** Finish this demo campaign, then make everything from it. */
  resume?: string;
  runtimes?: string;
  seed?: number;
  log: Logger;
  signal?: AbortSignal;
  onStage?: (stage: DemoStage) => void;
  /** Before anything runs: the expected seconds of the campaign (on the built-in lab's runtimes) and of the stages after it. */
  onExpected?: (campaignS: number, afterS: number) => void;
  onStart?: (s: CampaignStart) => void;
  onTask?: (r: TaskReport) => void;
}

export interface DemoResult {
  campaign: CampaignResult;
  /** Absent when the campaign was interrupted (nothing is made from half a campaign). */
  made?: {
    /** How short its probes were, from its manifest (`demoProtocol`). */
    protocol: string;
    dir: string;
    tables: string[];
    figures: { names: string[]; files: string[] };
    /** The shareable HTML report and its size. */
    report: { file: string; bytes: number };
    /** The built PDF, or why there is none (main.tex speaks of runtimes the campaign lacks). */
    manuscript: { pdf: string } | { skipped: string };
    headlines: Headline[];
    /** Headline metrics without a ratio, and why. */
    noHeadline: Array<{ metric: string; why: string }>;
    /** Runtimes whose bandwidth repetitions stalled (kept, and marked in the figures). */
    stalled: StallCount[];
  };
}

/** A demo campaign's protocol in words, from its config: what makes its numbers an illustration. */
export function demoProtocol(c: Pick<CampaignConfig, 'reps' | 'iperf3' | 'sockperf' | 'ping' | 'http'>): string {
  const probes =
    c.iperf3.durationS === c.sockperf.durationS
      ? `${c.iperf3.durationS}-second iperf3 and sockperf runs`
      : `iperf3 for ${c.iperf3.durationS} s and sockperf for ${c.sockperf.durationS} s`;
  return `${c.reps} repetitions of ${probes}${pingOn(c.ping) ? ` and ${c.ping.count} pings` : ''}, siege for ${c.http.durationS} s`;
}

/** The manuscript built in a copy of paper/, unless the campaign lacks a runtime main.tex speaks of. */
async function manuscriptOf(
  o: DemoOptions,
  campaigns: Campaign[],
  table: ColumnTable,
  paperDir: string,
  renderedFigures: string,
): Promise<{ pdf: string } | { skipped: string }> {
  const measured = new Set(
    measurementRows(
      table.filter((d: { status: string }) => d.status === 'ok'),
      ['runtime'],
    ).map((r) => r.runtime),
  );
  const lacking = MANUSCRIPT_RUNTIMES.filter((r) => !measured.has(r));
  if (lacking.length)
    return { skipped: `main.tex speaks of ${MANUSCRIPT_RUNTIMES.join(', ')}; this campaign has no ${lacking.join(', ')}` };
  await makeDir(paperDir);
  for (const f of ['main.tex', 'literature']) await cp(join(o.paperSource, f), join(paperDir, f), { recursive: true });
  return {
    pdf: await buildPaper(campaigns, paperDir, {
      log: (m) => o.log.step(m),
      // layout notes (a float off its page, a box past the margin) are main.tex's, not the demo user's to act on
      warn: (m) => o.log.step(`manuscript layout: ${m}`),
      allowShort: true,
      renderedFigures,
    }),
  };
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const campaignConfig = resolveCampaign(undefined, {
    profile: 'demo',
    out: o.outDir,
    ...(o.runtimes ? { runtimes: o.runtimes } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  if (o.resume) {
    const m = await readManifest(campaignPath(o.resume, o.outDir));
    if (profileOf(m.config) !== 'demo')
      throw new NetbenchError(
        'bad-config',
        `${m.campaignId} is a ${profileOf(m.config)} campaign, not a demo one`,
        `Finish it with \`netbench collect --resume ${o.resume}\`; \`netbench demo --resume\` takes the campaign a demo started.`,
      );
  } else {
    // the built-in lab's runtimes, until lab up says what the hosts offer
    const offered = campaignConfig.runtimes ?? ['runc', 'crun', 'runsc'];
    const plan = planCampaign(campaignConfig, { A: offered, B: offered }, 0);
    o.onExpected?.(estimateSeconds(campaignConfig, plan), AFTER_CAMPAIGN_S);
  }
  // What the later stages need is installed before anything is measured, so that a missing package
  // is not found after the campaign: the lab's packages first, then Chromium and TeX while lab up
  // builds the image (a minute and a half on a fresh machine), never beside a measurement.
  const step = (m: string) => o.log.step(m);
  await installPackages(await missingPackages(labPackages(o.lab)), step);
  const later = await missingPackages([...(CHROMIUM === '/usr/bin/chromium' ? CHROMIUM_PACKAGES : []), ...TEX_PACKAGES]);
  // settled, never rejected: its failure is thrown where it is awaited, before the first task
  const installing = installPackages(later, step).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  const installed = async () => {
    const r = await installing;
    if (r) throw r.error;
  };
  o.onStage?.('campaign');
  let campaign: CampaignResult;
  try {
    campaign = await runCampaign({
      lab: o.lab,
      readyLab: () => readyLab(o.lab, o.log),
      campaign: campaignConfig,
      ...(o.resume ? { resume: o.resume } : {}),
      log: o.log,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onStart ? { onStart: o.onStart } : {}),
      ...(o.onTask ? { onTask: o.onTask } : {}),
      beforeTasks: installed,
    });
    await installed(); // a resumed campaign that was complete never got to its tasks
  } finally {
    await installing; // an apt-get cut off halfway leaves dpkg half-configured: it ends first
  }
  if (campaign.status !== 'complete') return { campaign };

  const { campaigns, table } = await loadCampaigns([campaign.dir]);
  const dir = join(o.resultsDir, campaign.id);
  o.onStage?.('tables');
  const tables = analysisTables(table, { reference: 'runc' });
  const tableFiles = await writeAnalysisTables(join(dir, 'tables'), tables, 'runc');
  o.onStage?.('figures');
  const figs = campaignFigures(table, tables);
  const figureFiles = await writeFigures(figs, dir, dataDate(campaigns.map((c) => c.manifest)));
  o.onStage?.('report');
  const report = join(dir, 'report.html');
  const reportBytes = await writeReport(
    report,
    reportModel(campaigns, table, await readBlogTable(o.paperSource), { files: await filesOf(campaigns), made: madeNow() }),
  );
  o.onStage?.('manuscript');
  // the manuscript's figures are the figures stage's (same campaign, same date): copied, not rendered again
  const manuscript = await manuscriptOf(o, campaigns, table, join(dir, 'paper'), dir);
  const shown = headlines(tables.comparisons);
  return {
    campaign,
    made: {
      protocol: demoProtocol(campaigns[0]!.manifest.config),
      dir,
      tables: tableFiles,
      figures: { names: figs.map((f) => f.name), files: figureFiles },
      report: { file: report, bytes: reportBytes },
      manuscript,
      headlines: shown,
      noHeadline: missingHeadlines(tables.comparisons),
      stalled: stalledRepetitions(tables.summary),
    },
  };
}
