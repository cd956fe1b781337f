// What the shareable report shows, computed once from the loaded campaigns (pure, apart from the
// statistics' seeded bootstrap): the campaigns' facts from their manifests, every figure of
// `netbench figures` in plotly specs, the per-cell and comparison tables, the medians per session,
// and the blog post's HTTP table beside ours when the campaigns hold HTTP cells.
import type { ColumnTable } from 'arquero';
import { analysisTables, type CellSummary, type ComparisonRow } from '../analysis/cells.js';
import type { BlogTable } from '../analysis/blog-table.js';
import { httpTable, type HttpTable } from '../analysis/http-table.js';
import { measurementRows, type Campaign } from '../dataset/load.js';
import { sessionMedians, type SessionMedians } from '../analysis/sessions.js';
import { profileOf } from '../config/campaign-config.js';
import { campaignFigures } from '../figures/campaign-figures.js';
import type { PubFigure } from '../figures/parts.js';
import { byRuntime } from '../model/runtimes.js';

/** One campaign's facts, from its manifest. */
export interface CampaignFacts {
  id: string;
  status: string;
  profile: string;
  machine: Array<{
    host: string;
    cpuModel: string;
    cpus: number;
    memoryGiB: number;
    kernel: string;
    os: string;
    engine: string;
    runtimes: string[];
  }>;
  image: string;
  toolVersions: Array<[string, string]>;
  seed: number;
  commit: string;
  sessions: Array<{ n: number; startedAt: string; endedAt: string; status: string; tasksRun: number; differs: string[] }>;
  config: Array<[string, string]>;
  /** Values that cannot be measured (a probe a runtime or driver cannot run), with the reason. */
  unsupported: Problem[];
  /** Values that failed after their retries, with the error. */
  failed: Problem[];
}

/** Rows without a value, grouped: the cell (without the metric), the probe, the reason, the metrics and how many runs. */
export interface Problem {
  cell: string;
  probe: string;
  reason: string;
  metrics: string[];
  runs: number;
}

export interface ReportModel {
  title: string;
  campaigns: CampaignFacts[];
  figures: PubFigure[];
  summary: CellSummary[];
  comparisons: ComparisonRow[];
  sessionCount: number;
  sessions: SessionMedians[];
  http: { table: HttpTable; blog: BlogTable | undefined } | undefined;
}

const GiB = 2 ** 30;

/** The rows of a status other than ok, by cell, probe and reason: how many runs, which metrics. */
export function problemsOf(t: ColumnTable, status: 'failed' | 'unsupported'): Problem[] {
  const by = new Map<string, { cell: string; probe: string; reason: string; metrics: Set<string>; runs: Set<string> }>();
  for (const r of measurementRows(t, ['status', 'cell', 'probe', 'metric', 'reason', 'rep', 'warmup'])) {
    if (r.status !== status) continue;
    const cell = r.cell.slice(0, r.cell.lastIndexOf(':'));
    // a run's metrics fail with one error that names the metric: the reason without it groups them
    const reason = r.reason.replaceAll(r.metric, '<metric>');
    const k = [cell, r.probe, reason].join('|');
    const p = by.get(k) ?? { cell, probe: r.probe, reason, metrics: new Set<string>(), runs: new Set<string>() };
    p.metrics.add(r.metric);
    p.runs.add(`${r.warmup ? 'w' : ''}${r.rep}`);
    by.set(k, p);
  }
  return [...by.values()].map((p) => ({ cell: p.cell, probe: p.probe, reason: p.reason, metrics: [...p.metrics], runs: p.runs.size }));
}

export function campaignFacts(c: Campaign): CampaignFacts {
  const m = c.manifest;
  const runtimes = [...new Set(measurementRows(c.table, ['runtime']).map((r) => r.runtime))].sort(byRuntime);
  const cfg = m.config;
  return {
    id: m.campaignId,
    status: m.status,
    profile: profileOf(cfg),
    machine: (['A', 'B'] as const).map((h) => ({
      host: h,
      cpuModel: m.cpuModel[h] ?? '',
      cpus: m.hosts[h].cpus,
      memoryGiB: Math.round((m.hosts[h].memoryBytes / GiB) * 10) / 10,
      kernel: m.hosts[h].kernel,
      os: m.hosts[h].os,
      engine: `Docker ${m.hosts[h].engineVersion} (API ${m.hosts[h].apiVersion}, cgroup v${m.hosts[h].cgroupVersion}, ${m.hosts[h].storageDriver})`,
      runtimes: m.hosts[h].runtimes,
    })),
    image: `${m.image.tag} (${m.image.id.slice(0, 19)})`,
    toolVersions: Object.entries(m.toolVersions).map(([k, v]) => [k, v.split('\n')[0] ?? v]),
    seed: m.seed,
    commit: m.toolkit.gitCommit
      ? `${m.toolkit.gitCommit.slice(0, 12)}${m.toolkit.gitDirty ? ' (with uncommitted changes)' : ''}`
      : 'not recorded (the toolkit was not a git clone)',
    sessions: m.sessions.map((s, i) => ({
      n: i + 1,
      startedAt: s.startedAt,
      endedAt: s.endedAt ?? '',
      status: s.status,
      tasksRun: s.tasksRun,
      differs: s.differsFromFirst ?? [],
    })),
    config: [
      ['experiments', cfg.experiments.join(', ')],
      ['runtimes', `${runtimes.join(', ')} (the runtimes' own versions are not in the manifest)`],
      ['pairs', cfg.pairs.join('; ')],
      ['loads', cfg.loads.join(', ')],
      ['repetitions', `${cfg.reps} (+${cfg.warmup} warm-up)`],
      ['retries', String(cfg.retries)],
      ['order', m.order],
      ['stress', m.stress],
      ['baseline', m.baseline],
      ...linkRows(m.lab.linkRate),
    ],
    unsupported: problemsOf(c.table, 'unsupported'),
    failed: problemsOf(c.table, 'failed'),
  };
}

/** The report of the campaigns' combined table (as `loadCampaigns` gives it); `blog` adds the post's values to the HTTP section. */
export function reportModel(campaigns: readonly Campaign[], table: ColumnTable, blog?: BlogTable): ReportModel {
  const tables = analysisTables(table);
  const hasHttp = tables.summary.some((r) => r.experiment === 'http');
  return {
    title: `runtime-netbench report: ${campaigns.map((c) => c.id).join(' + ')}`,
    campaigns: campaigns.map(campaignFacts),
    figures: campaignFigures(table, tables),
    summary: tables.summary,
    comparisons: tables.comparisons,
    sessionCount: Math.max(0, ...campaigns.map((c) => c.manifest.sessions.length)),
    sessions: sessionMedians(table),
    http: hasHttp ? { table: httpTable(tables.summary), blog } : undefined,
  };
}

/** The config row of a campaign whose lab link was shaped (none otherwise). */
const linkRows = (rate: string | undefined): Array<[string, string]> => (rate ? [['link A-B', `shaped to ${rate} each way (tc tbf)`]] : []);
