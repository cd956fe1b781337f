// A campaign's progress on stderr (a bar with ETA on a terminal, one line per task otherwise), and
// its stop on Ctrl-C.
import cliProgress from 'cli-progress';
import { aboutDuration } from '../campaign/estimate.js';
import type { CampaignStart, TaskReport } from '../campaign/runner.js';
import { headlineOf } from '../campaign/summary.js';
import type { Logger } from '../base/logger.js';
import type { GlobalOptions } from './options.js';

export interface CampaignProgress {
  onStart(s: CampaignStart): void;
  onTask(r: TaskReport): void;
  stop(): void;
}

export function campaignProgress(o: GlobalOptions, log: Logger): CampaignProgress {
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
  return {
    onStart: ({ plan, todo, id, expectedS }) => {
      log.step(
        `campaign ${id}: ${plan.cells.length} cells, ${plan.tasks.length} tasks (${todo} to run, ${aboutDuration(expectedS)}), seed ${plan.seed}`,
      );
      bar?.start(plan.tasks.length, plan.tasks.length - todo, { task: '', last: '' });
    },
    onTask: (r) => {
      const last = headlineOf(r.rows);
      if (bar) bar.update(r.index, { task: r.key, last });
      else log.step(`[${r.index}/${r.total}] ${r.key}: ${last}`);
    },
    stop: () => bar?.stop(),
  };
}

/** Aborted by the first SIGINT or SIGTERM: the campaign stops after removing its containers, to be resumed. */
export function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (sig: string) => {
    if (controller.signal.aborted) return;
    process.stderr.write(`\nnetbench: ${sig}: stopping after removing this campaign's containers; finish later with --resume\n`);
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return controller.signal;
}
