// The manifest a new campaign starts with (dataset/manifest.ts is its schema), including the prose
// that says how it was run.
import type { CampaignConfig } from '../config/campaign-config.js';
import type { Manifest, Provenance } from '../dataset/manifest.js';
import type { LabConfig } from '../lab/lab-config.js';
import { cellKey } from '../model/keys.js';
import { ORDER_GENERATOR, type Plan } from './plan.js';

export function newManifest(id: string, cfg: CampaignConfig, lab: LabConfig, seed: number, plan: Plan, p: Provenance): Manifest {
  return {
    campaignId: id,
    status: 'running',
    toolkit: p.toolkit,
    config: cfg,
    lab: { mode: lab.mode, name: lab.name, ...(lab.mode === 'emulated' && lab.linkRate ? { linkRate: lab.linkRate } : {}) },
    seed,
    order: `warm-up round(s) first, then each repetition round is a seeded Fisher-Yates shuffle of all cells (${ORDER_GENERATOR})`,
    containers:
      "fresh server and client containers for every probe run: repetitions share no container state (sockets, caches, stress-ng); the client's container starts beside the server's and waits for the server's address, and its tool starts once the server listens (and stress-ng runs)",
    warmupRows: 'warm-up repetitions are recorded with warmup=true and left out of statistics',
    stress: `stress-ng ${cfg.stress.cpuWorkers === 0 ? 'with one CPU worker per CPU the server container sees' : `with ${cfg.stress.cpuWorkers} CPU workers`} (--cpu ${cfg.stress.cpuWorkers} --cpu-method ${cfg.stress.method}), started inside the server container before the client and checked running; it lasts the whole probe`,
    runtimeVariants:
      'runsc with the host driver runs as runsc-host (runsc --network=host, gVisor hostinet); see docs/lab.md, "Runtime fixes"',
    baseline: cfg.baseline
      ? "runtime 'bare', pair host,host: the same probes between the two hosts' own network stacks (client and server processes in runc containers on Docker's host network, so no container network on either side); stress-ng then loads host B's CPUs"
      : 'none',
    startedAt: new Date().toISOString(),
    sessions: [],
    hosts: p.hosts,
    cpuModel: p.cpuModel,
    image: p.image,
    toolVersions: p.toolVersions,
    ...(p.variants?.length ? { variants: p.variants } : {}),
    ...(p.runtimeBinaries?.length ? { runtimeBinaries: p.runtimeBinaries } : {}),
    plan: {
      cells: plan.cells.length,
      unsupportedCells: plan.cells.filter((c) => c.unsupported).map((c) => ({ cell: cellKey(c.cell), reason: c.unsupported! })),
      tasks: plan.tasks.length,
    },
  };
}
