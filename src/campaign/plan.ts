// The campaign's matrix and run order (pure): cells = experiment x runtime x pair x load, which of
// them cannot run (and why), and the tasks in order: warm-ups first, then each repetition round a
// seeded shuffle of all cells, so drift over time does not fall on one runtime or pair.
import type { CampaignConfig } from '../config/campaign-config.js';
import { NetbenchError } from '../base/errors.js';
import { ENDS, HOST_OF, type HostId } from '../model/hosts.js';
import type { Experiment } from '../model/experiments.js';
import type { Cell, Task } from '../model/keys.js';
import { BASELINE_PAIR, parsePair } from '../model/pairs.js';
import { BASELINE_RUNTIME, pairUnsupportedBy, runtimeAt, runtimeInfo } from '../model/runtimes.js';
import prand, { type RandomGenerator } from 'pure-rand';

export interface PlannedCell {
  cell: Cell;
  /** Why this cell cannot run at all (every probe of it is recorded `unsupported`). */
  unsupported?: string;
}

export interface Plan {
  cells: PlannedCell[];
  tasks: Task[];
  seed: number;
}

/** Runtimes to measure: the config's, or runc plus every other runtime both hosts offer. */
export function chooseRuntimes(requested: string[] | undefined, offered: Record<HostId, string[]>): string[] {
  if (requested) return requested;
  const both = offered.A.filter((r) => offered.B.includes(r));
  return ['runc', ...both.filter((r) => r !== 'runc').sort()];
}

export function planCampaign(cfg: CampaignConfig, offered: Record<HostId, string[]>, seed: number): Plan {
  const runtimes = chooseRuntimes(cfg.runtimes, offered);
  // The client runs on host A, the server on host B: each end's runtime must be there.
  const missing = runtimes.flatMap((r) =>
    ENDS.filter((end) => !offered[HOST_OF[end]].includes(runtimeAt(r, end))).map((end) => ({ r, h: HOST_OF[end], at: runtimeAt(r, end) })),
  );
  if (missing.length && !cfg.skipMissing) {
    const m = missing[0]!;
    throw new NetbenchError(
      'missing-runtime',
      `runtime "${m.at}"${m.at === m.r ? '' : ` (of ${m.r})`} is not available on host ${m.h} (it offers ${offered[m.h].join(', ')})`,
      `${runtimeInfo(m.at)?.install ?? 'Install and register it'}; or leave it out (--runtimes), or record it as unsupported (--skip-missing).`,
    );
  }
  const cells: PlannedCell[] = [];
  for (const experiment of cfg.experiments) {
    for (const runtime of runtimesOf(cfg, experiment, runtimes)) {
      for (const p of pairsOf(cfg, experiment)) {
        for (const load of cfg.loads) {
          const cell: Cell = { experiment, runtime, pair: parsePair(p), load };
          const reason = cellProblem(cell, missing);
          cells.push(reason ? { cell, unsupported: reason } : { cell });
        }
      }
    }
  }
  if (cfg.baseline) {
    for (const experiment of cfg.experiments.filter(
      (e) => e !== 'http' || !cfg.http.runtimes || cfg.http.runtimes.includes(BASELINE_RUNTIME),
    )) {
      for (const load of cfg.loads) cells.push({ cell: { experiment, runtime: BASELINE_RUNTIME, pair: BASELINE_PAIR, load } });
    }
  }
  const rand = seededGenerator(seed);
  const tasks: Task[] = [];
  for (let w = 1; w <= cfg.warmup; w++) for (const c of shuffle(cells, rand)) tasks.push({ cell: c.cell, rep: w, warmup: true });
  for (let rep = 1; rep <= cfg.reps; rep++) for (const c of shuffle(cells, rand)) tasks.push({ cell: c.cell, rep, warmup: false });
  return { cells, tasks, seed };
}

/** The runtimes an experiment runs on: the campaign's, narrowed for HTTP by `http.runtimes`. */
function runtimesOf(cfg: CampaignConfig, e: Experiment, runtimes: string[]): string[] {
  const only = e === 'http' ? cfg.http.runtimes : undefined;
  return only ? runtimes.filter((r) => only.includes(r)) : runtimes;
}

/** The driver pairs an experiment runs on: the HTTP experiment has its own (default bridge,bridge). */
export const pairsOf = (cfg: CampaignConfig, e: Experiment): string[] => (e === 'http' ? cfg.http.pairs : cfg.pairs);

function cellProblem(c: Cell, missing: Array<{ r: string; h: HostId; at: string }>): string | undefined {
  const gone = missing.find((m) => m.r === c.runtime);
  if (gone) return `runtime ${gone.at} is not installed on host ${gone.h}`;
  return pairUnsupportedBy(c.runtime, c.pair);
}

/** The run order's generator, named in the manifest so that a seed says which order it gave. */
export const ORDER_GENERATOR = 'pure-rand 7: xoroshiro128plus + unsafeUniformIntDistribution';

/** Fisher-Yates on a copy, drawing from a seeded generator (reproducible, not cryptographic). */
export function shuffle<T>(xs: readonly T[], rng: RandomGenerator): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prand.unsafeUniformIntDistribution(0, i, rng);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const seededGenerator = (seed: number): RandomGenerator => prand.xoroshiro128plus(seed >>> 0);
