// How long a campaign's tasks will take (pure): each probe run's own time plus what starting and
// removing its containers costs, as measured on the built-in lab (2 cores). An estimate to print
// before a long run, not a promise: a retried or hung run takes longer.
import type { CampaignConfig } from '../config/campaign-config.js';
import { cellKey, type Task } from '../model/keys.js';
import { probesFor, probesOf } from '../probes/registry.js';
import type { Plan } from './plan.js';

/**
 * Server and client container start (side by side), readiness check and removal, per probe run:
 * 1.1 s (iperf3) to 1.8 s (siege) beyond the tool's own time (Probe.runS), 1.3 s in the mean of a
 * demo campaign's idle runs on the lab (2026-12-04T0716Z; 1.5 s before the server's readiness was
 * followed in its log, 1.8 s before the client's container started beside the server's).
 */
export const RUN_OVERHEAD_S = 1.3;
/** Starting stress-ng on the server, checking that it runs, and the slower run beside it: 0.33 to 0.38 s per stressed run, same campaign. */
export const STRESS_OVERHEAD_S = 0.35;

/** Seconds the given tasks of the plan should take; unsupported cells and probes cost nothing. */
export function estimateSeconds(cfg: CampaignConfig, plan: Plan, tasks: readonly Task[] = plan.tasks): number {
  const unsupported = new Set(plan.cells.filter((c) => c.unsupported).map((c) => cellKey(c.cell)));
  const probes = probesFor(cfg);
  let s = 0;
  for (const { cell } of tasks) {
    if (unsupported.has(cellKey(cell))) continue;
    for (const p of probesOf(probes, cell.experiment)) {
      if (p.supports({ runtime: cell.runtime, client: cell.pair.client, server: cell.pair.server })) continue;
      s += p.runS() + RUN_OVERHEAD_S + (cell.load === 'stress' ? STRESS_OVERHEAD_S : 0);
    }
  }
  return s;
}

/** "about 7 min" / "about 40 s": rounded, since it is an estimate. */
export function aboutDuration(s: number): string {
  if (s === 0) return 'nothing left to run';
  if (s < 90) return `about ${Math.max(5, Math.round(s / 5) * 5)} s`;
  return `about ${Math.round(s / 60)} min`;
}
