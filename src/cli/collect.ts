// `netbench collect`: run (or resume) a measurement campaign on the lab.
import cliProgress from 'cli-progress';
import { resolveCampaign, type CampaignFlags } from '../config/campaign-config.js';
import { loadCampaign, measurementRows } from '../analysis/load.js';
import { runCampaign } from '../campaign/runner.js';
import { headlineOf, tallyCells } from '../campaign/summary.js';
import type { GlobalOptions } from './options.js';
import { formatTable, stderrLogger } from './output.js';
import type { LabConfig } from '../lab/lab-config.js';

export interface CollectOptions extends GlobalOptions, CampaignFlags {
  resume?: string;
}

export async function collectCommand(lab: LabConfig, campaignSection: unknown, o: CollectOptions): Promise<void> {
  const campaign = resolveCampaign(campaignSection, o);
  const log = stderrLogger(o.quiet);
  const controller = new AbortController();
  const stop = (sig: string) => {
    if (controller.signal.aborted) return;
    process.stderr.write(`\nnetbench: ${sig}: stopping after removing this campaign's containers; finish later with --resume\n`);
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const tty = process.stderr.isTTY && !o.quiet && !o.json;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: '{bar} {value}/{total} | ETA {eta_formatted} | {task} | last {last}',
          etaBuffer: 20,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const result = await runCampaign({
    lab,
    campaign,
    ...(o.resume ? { resume: o.resume } : {}),
    log,
    signal: controller.signal,
    onStart: (plan, todo, id) => {
      log.step(`campaign ${id}: ${plan.cells.length} cells, ${plan.tasks.length} tasks (${todo} to run), seed ${plan.seed}`);
      bar?.start(plan.tasks.length, plan.tasks.length - todo, { task: '', last: '' });
    },
    onTask: (r) => {
      const last = headlineOf(r.rows);
      if (o.json) process.stdout.write(JSON.stringify({ task: r.key, index: r.index, total: r.total, rows: r.rows }) + '\n');
      if (bar) bar.update(r.index, { task: r.key, last });
      else log.step(`[${r.index}/${r.total}] ${r.key}: ${last}`);
    },
  });
  bar?.stop();
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
    process.stderr.write(`netbench: campaign interrupted; finish it with: ./netbench collect --resume ${result.id}\n`);
    process.exitCode = 130;
  }
}
