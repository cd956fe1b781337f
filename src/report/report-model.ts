// What the shareable report shows, computed once from the loaded campaigns (pure, apart from the
// statistics' seeded bootstrap): the campaigns' facts from their manifests, every figure of
// `netbench figures` in plotly specs, the per-cell and comparison tables, the medians per session,
// and the blog post's HTTP table beside ours when the campaigns hold HTTP cells.
import { campaignHistory, type HistorySeries } from '../history/series.js';
import { historyFigures } from '../figures/history.js';
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
import { byPair } from '../model/pairs.js';
import { cellOfMetricKey, taskKeyOf } from '../model/keys.js';
import { probesFor } from '../probes/registry.js';
import { STRESS_TOOL } from '../probes/stress-ng.js';
import type { CampaignFiles } from './campaign-files.js';

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
  /**
   * tasksRun: the manifest's count of tasks (warm-ups included), which a session that was killed
   * leaves at what it last wrote; repetitions: the repetitions (warm-ups left out) whose rows the
   * data holds from that session.
   */
  sessions: Array<{
    n: number;
    startedAt: string;
    endedAt: string;
    status: string;
    tasksRun: number;
    repetitions: number;
    differs: string[];
  }>;
  config: Array<[string, string]>;
  /** NOTES.md and the data files' checksums, when the report was given them. */
  files?: CampaignFiles;
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
  /** With two campaigns or more that share cells: every cell across them, its change points and a figure per metric and load. */
  history: { series: HistorySeries[]; figures: PubFigure[] } | undefined;
  /** When the report was made and by which toolkit commit, when given. */
  made?: { at: string; commit: string };
}

const GiB = 2 ** 30;

/** The rows of a status other than ok, by cell, probe and reason: how many runs, which metrics. */
export function problemsOf(t: ColumnTable, status: 'failed' | 'unsupported'): Problem[] {
  const by = new Map<string, { cell: string; probe: string; reason: string; metrics: Set<string>; runs: Set<string> }>();
  for (const r of measurementRows(t, ['status', 'cell', 'probe', 'metric', 'reason', 'rep', 'warmup'])) {
    if (r.status !== status) continue;
    const cell = cellOfMetricKey(r.cell);
    // a run's metrics fail with one error that names the metric: the reason without it groups them
    const reason = r.reason.replaceAll(r.metric, '<metric>');
    const k = [cell, r.probe, reason].join('|');
    const p = by.get(k) ?? { cell, probe: r.probe, reason, metrics: new Set<string>(), runs: new Set<string>() };
    p.metrics.add(r.metric);
    p.runs.add(taskKeyOf(cell, r.rep, r.warmup));
    by.set(k, p);
  }
  return [...by.values()].map((p) => ({ cell: p.cell, probe: p.probe, reason: p.reason, metrics: [...p.metrics], runs: p.runs.size }));
}

/** The repetitions of a cell whose rows came from each session (1-based), from the data itself (as loaded: warm-ups left out unless kept). */
export function repetitionsPerSession(t: ColumnTable): Map<number, number> {
  const tasks = new Map<number, Set<string>>();
  for (const r of measurementRows(t, ['session', 'cell', 'rep', 'warmup'])) {
    if (r.session === 0) continue;
    const set = tasks.get(r.session) ?? new Set<string>();
    set.add(taskKeyOf(cellOfMetricKey(r.cell), r.rep, r.warmup));
    tasks.set(r.session, set);
  }
  return new Map([...tasks].map(([k, v]) => [k, v.size]));
}

/** A probe's settings as a reader writes them: `durationS 10, omitS 2, streams 1`. */
const settingsText = (settings: unknown): string =>
  typeof settings === 'object' && settings !== null
    ? Object.entries(settings)
        .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('; ') : String(v)}`)
        .join(', ')
    : String(settings);

export function campaignFacts(c: Campaign, files?: CampaignFiles): CampaignFacts {
  const m = c.manifest;
  const rows = measurementRows(c.table, ['runtime', 'pair', 'experiment']);
  const runtimes = [...new Set(rows.map((r) => r.runtime))].sort(byRuntime);
  const cfg = m.config;
  // what the campaign ran: its experiments' probes with their settings, the pairs in its data, and only those tools' versions
  const probes = probesFor(cfg).filter((p) => cfg.experiments.includes(p.experiment));
  const stress = cfg.loads.includes('stress');
  const tools = new Set([...probes.map((p) => p.tool.name), ...(stress ? [STRESS_TOOL.name] : [])]);
  const pairs = [...new Set(rows.map((r) => r.pair))].sort(byPair);
  const reps = repetitionsPerSession(c.table);
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
    toolVersions: Object.entries(m.toolVersions)
      .filter(([k]) => tools.has(k))
      .map(([k, v]) => [k, v.split('\n')[0] ?? v]),
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
      repetitions: reps.get(i + 1) ?? 0,
      differs: s.differsFromFirst ?? [],
    })),
    config: [
      ['experiments', cfg.experiments.join(', ')],
      ['runtimes', `${runtimes.join(', ')} (the runtimes' own versions are not in the manifest)`],
      ['pairs', pairs.join('; ')],
      ['loads', cfg.loads.join(', ')],
      ['repetitions', `${cfg.reps} (+${cfg.warmup} warm-up)`],
      ['retries', String(cfg.retries)],
      ['order', m.order],
      ...probes.map((p): [string, string] => [`${p.name} settings`, settingsText(p.settings)]),
      ...(stress ? [['stress', m.stress] satisfies [string, string]] : []),
      ['baseline', m.baseline],
      ...linkRows(m.lab.linkRate),
    ],
    ...(files ? { files } : {}),
    unsupported: problemsOf(c.table, 'unsupported'),
    failed: problemsOf(c.table, 'failed'),
  };
}

/**
 * The report of the campaigns' combined table (as `loadCampaigns` gives it); `blog` adds the
 * post's values to the HTTP section; `files` (by campaign id) each campaign's NOTES.md and
 * checksums; `made` when and by which commit the report was made.
 */
export function reportModel(
  campaigns: readonly Campaign[],
  table: ColumnTable,
  blog?: BlogTable,
  o: { files?: ReadonlyMap<string, CampaignFiles>; made?: { at: string; commit: string } } = {},
): ReportModel {
  const tables = analysisTables(table);
  const hasHttp = tables.summary.some((r) => r.experiment === 'http');
  return {
    title: `runtime-netbench report: ${campaigns.map((c) => c.id).join(' + ')}`,
    campaigns: campaigns.map((c) => campaignFacts(c, o.files?.get(c.id))),
    ...(o.made ? { made: o.made } : {}),
    figures: campaignFigures(table, tables),
    summary: tables.summary,
    comparisons: tables.comparisons,
    sessionCount: Math.max(0, ...campaigns.map((c) => c.manifest.sessions.length)),
    sessions: sessionMedians(table),
    http: hasHttp ? { table: httpTable(tables.summary), blog } : undefined,
    history: historyOf(campaigns),
  };
}

/** The campaigns' history when two or more share a cell (none for one campaign). */
function historyOf(campaigns: readonly Campaign[]): ReportModel['history'] {
  if (campaigns.length < 2) return undefined;
  const series = campaignHistory(campaigns);
  return series.length ? { series, figures: historyFigures(series) } : undefined;
}

/** The config row of a campaign whose lab link was shaped (none otherwise). */
const linkRows = (rate: string | undefined): Array<[string, string]> => (rate ? [['link A-B', `shaped to ${rate} each way (tc tbf)`]] : []);
