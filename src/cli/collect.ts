// `netbench collect`: run (or resume) a measurement campaign on the lab.
import { readyLab } from '../lab/ready.js';
import { resolveCampaign, type CampaignFlags } from '../config/campaign-config.js';
import { loadCampaign, measurementRows } from '../dataset/load.js';
import { runCampaign } from '../campaign/runner.js';
import { tallyCells } from '../campaign/summary.js';
import type { GlobalOptions } from './options.js';
import { campaignName, formatTable, launcher, stderrLogger } from './output.js';
import { campaignProgress, stopOnSignals } from './progress.js';
import type { LabConfig } from '../lab/lab-config.js';

export interface CollectOptions extends GlobalOptions, CampaignFlags {
  resume?: string;
}

export async function collectCommand(lab: LabConfig, campaignSection: unknown, o: CollectOptions): Promise<void> {
  const campaign = resolveCampaign(campaignSection, o);
  const log = stderrLogger(o.quiet);
  const progress = campaignProgress(o, log);
  const result = await runCampaign({
    lab,
    readyLab: () => readyLab(lab, log),
    campaign,
    ...(o.resume ? { resume: o.resume } : {}),
    log,
    signal: stopOnSignals(),
    onStart: (x) => progress.onStart(x),
    onTask: (r) => {
      if (o.json) process.stdout.write(JSON.stringify({ task: r.key, index: r.index, total: r.total, rows: r.rows }) + '\n');
      progress.onTask(r);
    },
  });
  progress.stop();
  // The campaign's rows as the analyses will see them (checked, all sessions of a resumed one).
  const { table } = await loadCampaign(result.dir);
  const summary = tallyCells(
    measurementRows(table, [
      'experiment',
      'runtime',
      'client_driver',
      'server_driver',
      'load',
      'warmup',
      'rep',
      'metric',
      'value',
      'status',
      'reason',
    ]),
  );
  if (o.json) {
    process.stdout.write(JSON.stringify({ result, summary }) + '\n');
  } else {
    const rows = summary.map((s) => [
      s.experiment,
      s.runtime,
      s.pair,
      s.load,
      `${s.ok}/${s.ok + s.failed + s.unsupported}`,
      s.medians.map((m) => (m.value === undefined ? `${m.metric} -` : `${m.metric} ${m.value.toPrecision(4)} ${m.unit}`)).join('; '),
      s.reason.slice(0, 80),
    ]);
    process.stdout.write(`\ncampaign ${result.id}: ${result.status}, ${result.tasksRun} task(s) run now, data in ${result.dir}\n`);
    process.stdout.write(formatTable(['experiment', 'runtime', 'pair', 'load', 'ok reps', 'median', 'reason (first)'], rows) + '\n');
  }
  if (result.status === 'interrupted') {
    process.stderr.write(`netbench: campaign interrupted; finish it with: ${launcher()} collect --resume ${campaignName(result)}\n`);
    process.exitCode = 130;
  }
}
