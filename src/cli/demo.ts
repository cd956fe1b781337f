// `netbench demo`: the main job end to end in a short profile: lab up, a demo campaign (every pair
// and runtime plus the bare-host baseline, idle and stress, bandwidth, latency and HTTP), its tables,
// figures and manuscript, then a closing screen with what was made and the headline ratios.
import { join } from 'node:path';
import { TOOLKIT_ROOT } from '../base/toolkit.js';
import { aboutDuration } from '../campaign/estimate.js';
import { stallText } from '../analysis/stalls.js';
import { headlineNotes, headlineText } from '../demo/headlines.js';
import { DEMO_STAGES, runDemo, type DemoResult } from '../demo/run-demo.js';
import type { LabConfig } from '../lab/lab-config.js';
import type { GlobalOptions } from './options.js';
import { at, campaignName, launcher, stderrLogger } from './output.js';
import { campaignProgress, stopOnSignals } from './progress.js';

export interface DemoCliOptions extends GlobalOptions {
  runtimes?: string;
  seed?: number;
  out: string;
  results: string;
  resume?: string;
}

export async function demoCommand(lab: LabConfig, o: DemoCliOptions): Promise<void> {
  const log = stderrLogger(o.quiet);
  const progress = campaignProgress(o, log);
  const t0 = performance.now();
  const stageStart = (stage: (typeof DEMO_STAGES)[number]) =>
    log.step(`[${DEMO_STAGES.indexOf(stage) + 1}/${DEMO_STAGES.length}] ${stage} (at ${elapsed(t0)})`);
  const result = await runDemo({
    lab,
    outDir: o.out,
    resultsDir: o.results,
    paperSource: join(TOOLKIT_ROOT, 'paper'),
    ...(o.resume ? { resume: o.resume } : {}),
    ...(o.runtimes ? { runtimes: o.runtimes } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    log,
    signal: stopOnSignals(),
    onExpected: (campaignS, afterS) =>
      log.step(
        `netbench demo: lab up (about 10 s once its image is built, 2 min the first time), a short campaign (${aboutDuration(campaignS)}), ` +
          `then tables, figures, the report and the manuscript (${aboutDuration(afterS)})`,
      ),
    onStage: (stage) => {
      if (stage !== 'campaign') progress.stop();
      stageStart(stage);
    },
    onStart: (s) => progress.onStart(s),
    onTask: (r) => progress.onTask(r),
  });
  progress.stop();
  if (o.json) process.stdout.write(JSON.stringify({ ...result, seconds: (performance.now() - t0) / 1000 }) + '\n');
  else process.stdout.write(closingScreen(result, elapsed(t0)));
  if (result.campaign.status === 'interrupted') {
    process.stderr.write(`netbench: demo interrupted; finish it with: ${launcher()} demo --resume ${campaignName(result.campaign)}\n`);
    process.exitCode = 130;
  }
}

const elapsed = (t0: number): string => {
  const s = Math.round((performance.now() - t0) / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/** What the demo made and where, the headline ratios, and the command that opens the notebooks on it. */
export function closingScreen(r: DemoResult, took: string): string {
  const c = r.campaign;
  if (!r.made) return `\ncampaign ${c.id}: ${c.status} after ${took}, ${c.tasksRun} task(s) run; data in ${at(c.dir)}\n`;
  const m = r.made;
  const lines = [
    '',
    `netbench demo: done in ${took}. Its numbers are an illustration (${m.protocol});`,
    '`netbench collect` runs the paper protocol.',
    '',
    `  campaign    ${at(c.dir)}/  (manifest.json, measurements.csv, artifacts/)`,
    `  tables      ${at(m.dir)}/tables/  (${m.tables.length} files: summary, compare-runc, stress-degradation as CSV and JSON)`,
    `  figures     ${at(m.dir)}/  (${m.figures.names.length} figures as SVG, PDF and PNG at 300 dpi)`,
    `  report      ${at(m.report.file)}  (${(m.report.bytes / 1e6).toFixed(1)} MB, one HTML file that opens offline: send it)`,
    'pdf' in m.manuscript ? `  manuscript  ${at(m.manuscript.pdf)}` : `  manuscript  not built: ${m.manuscript.skipped}`,
    '',
    m.headlines.length
      ? 'Each runtime against runc, ratio of means [95% CI], for the runtime farthest from runc:'
      : 'No ratio against runc on bridge,bridge, idle: no other runtime has values there (tables/compare-runc.csv says why).',
    ...m.headlines.map((h) => `  ${headlineText(h)}`),
    ...headlineNotes(m.headlines).map((n) => `  (${n})`),
    ...m.noHeadline.map((x) => `  ${x.metric}: no ratio against runc on bridge,bridge, idle (${x.why})`),
    ...(m.stalled.length
      ? [
          '',
          `Stalled transfers (bandwidth repetitions with intervals at almost 0 bytes; kept as data, a black cross in the figures): ${m.stalled.map(stallText).join(', ')}`,
        ]
      : []),
    '',
    'Open the notebooks on this campaign:',
    `  ${launcher()} notebook ${campaignName(c)}`,
    '',
  ];
  return lines.join('\n');
}
