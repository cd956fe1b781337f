// Every cell across campaigns: per cell (and link), the series of its medians with their CIs in
// campaign order, its change points (change-points.ts) and what changed in the manifests there; and
// the same for each runtime's ratio to runc in the same session, which survives drift of the
// machine that moves every runtime together. Pure: loaded campaigns in, records out.
import { escape, type ColumnTable } from 'arquero';
import { analysisTables, metricCellId, metricCellOf, type CellSummary, type ComparisonRow, type MetricCell } from '../analysis/cells.js';
import { quantiles } from '../analysis/stats.js';
import { manifestDifferences, touches } from '../compare/comparability.js';
import { measurementRows } from '../dataset/load.js';
import type { Manifest } from '../dataset/manifest.js';
import { HEADLINE_METRICS } from '../model/metrics.js';
import { changePoints, type Block, type ChangePointOptions } from './change-points.js';

/** A loaded campaign: what the history reads of it. */
export interface HistoryCampaign {
  id: string;
  manifest: Manifest;
  table: ColumnTable;
}

export interface HistoryPoint {
  campaign: string;
  startedAt: string;
  n: number;
  /** raw: the median in raw units; ratio: the ratio of means to runc */
  value: number | null;
  lo: number | null;
  hi: number | null;
}

export interface ManifestChange {
  what: string;
  before: string;
  after: string;
}

export interface HistoryChange {
  /** the first campaign after the change, and the last before it */
  at: string;
  before: string;
  p: number;
  /** median of the campaign values after the change (to the next one) over the same before it */
  step: number | null;
  /** what the two campaigns' manifests differ in that touches the cell, and the toolkit's commit */
  changed: ManifestChange[];
}

export interface HistorySeries {
  kind: 'raw' | 'ratio';
  cell: MetricCell;
  /** the A-B link's rate (`unshaped` without one): a cell over another link is another series */
  link: string;
  unit: string;
  points: HistoryPoint[];
  changes: HistoryChange[];
}

/** The metrics the history follows: the headline ones. */
export const HISTORY_METRICS: readonly string[] = Object.values(HEADLINE_METRICS).flat();

const REFERENCE = 'runc';

/** Campaigns in the order they started. */
export const byStart = <T extends { manifest: Manifest }>(cs: readonly T[]): T[] =>
  [...cs].sort((a, b) => a.manifest.startedAt.localeCompare(b.manifest.startedAt));

/**
 * Every series of two campaigns or more, raw and ratio to runc, each with its change points. The
 * change points are E-divisive means on the logarithms of the repetitions (ratio: of each
 * repetition over the median of runc's in the same session and cell), sessions permuted whole.
 */
export function campaignHistory(
  campaigns: readonly HistoryCampaign[],
  o: ChangePointOptions & { metrics?: readonly string[] } = {},
): HistorySeries[] {
  const metrics = o.metrics ?? HISTORY_METRICS;
  const ordered = byStart(campaigns);
  type Entry = { c: HistoryCampaign; summary: CellSummary[]; comparisons: ComparisonRow[]; sessions: Map<string, Map<number, number[]>> };
  const entries: Entry[] = ordered.map((c) => {
    // only the metrics followed: the summaries' bootstrap is most of the time
    const followed = c.table.filter(escape((d: { metric: string }) => metrics.includes(d.metric)));
    const table = followed.filter((d: { status: string }) => d.status === 'ok');
    const { summary, comparisons } = analysisTables(followed);
    const sessions = new Map<string, Map<number, number[]>>();
    for (const r of measurementRows(table, ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'session', 'value'])) {
      if (!metrics.includes(r.metric) || r.value === null || !(r.value > 0)) continue;
      const id = metricCellId(r);
      const bySession = sessions.get(id) ?? new Map<number, number[]>();
      bySession.set(r.session, [...(bySession.get(r.session) ?? []), r.value]);
      sessions.set(id, bySession);
    }
    return {
      c,
      summary: summary.filter((s) => metrics.includes(s.metric)),
      comparisons: comparisons.filter((x) => metrics.includes(x.metric)),
      sessions,
    };
  });
  const linkOf = (c: HistoryCampaign) => c.manifest.lab.linkRate ?? 'unshaped';
  // every cell and link measured in a campaign; those in fewer than two are left out below
  const keys = new Map<string, { cell: MetricCell; link: string }>();
  for (const e of entries)
    for (const s of e.summary) keys.set(`${metricCellId(s)}\u0000${linkOf(e.c)}`, { cell: metricCellOf(s), link: linkOf(e.c) });
  const out: HistorySeries[] = [];
  for (const { cell, link } of keys.values()) {
    const unit = cell.unit;
    const id = metricCellId(cell);
    const mine = entries.filter((e) => linkOf(e.c) === link && e.summary.some((s) => metricCellId(s) === id && s.status === 'ok'));
    if (mine.length < 2) continue;
    const raw = mine.map((e) => {
      const s = e.summary.find((x) => metricCellId(x) === id)!;
      return {
        e,
        point: { campaign: e.c.id, startedAt: e.c.manifest.startedAt, n: s.n, value: s.median, lo: s.ci_median_lo, hi: s.ci_median_hi },
      };
    });
    const blocks = (e: Entry, i: number, of: (values: number[], session: number) => number[] | undefined): Block[] =>
      [...(e.sessions.get(id) ?? new Map<number, number[]>())].flatMap(([session, values]) => {
        const v = of(values, session);
        return v && v.length ? [{ campaign: i, values: v }] : [];
      });
    const rawBlocks = raw.flatMap(({ e }, i) => blocks(e, i, (values) => values.map(Math.log)));
    out.push(
      withChanges(
        { kind: 'raw', cell, link, unit, points: raw.map((x) => x.point) },
        raw.map((x) => x.e.c),
        rawBlocks,
        o,
      ),
    );
    if (cell.runtime === REFERENCE) continue;
    const refId = metricCellId({ ...cell, runtime: REFERENCE });
    const ratio = mine.flatMap((e) => {
      const r = e.comparisons.find((x) => metricCellId(x) === id && x.reference === REFERENCE && x.status === 'ok');
      return r
        ? [
            {
              e,
              point: { campaign: e.c.id, startedAt: e.c.manifest.startedAt, n: r.n, value: r.ratio, lo: r.ratio_ci_lo, hi: r.ratio_ci_hi },
            },
          ]
        : [];
    });
    if (ratio.length < 2) continue;
    const ratioBlocks = ratio.flatMap(({ e }, i) =>
      blocks(e, i, (values, session) => {
        const ref = e.sessions.get(refId)?.get(session);
        if (!ref?.length) return undefined;
        const m = Math.log(quantiles(ref, [0.5])[0]!);
        return values.map((v) => Math.log(v) - m);
      }),
    );
    out.push(
      withChanges(
        { kind: 'ratio', cell, link, unit: 'ratio', points: ratio.map((x) => x.point) },
        ratio.map((x) => x.e.c),
        ratioBlocks,
        o,
      ),
    );
  }
  return out;
}

/** The series with its change points and, at each, the step and what changed between the campaigns on either side. */
function withChanges(
  s: Omit<HistorySeries, 'changes'>,
  campaigns: readonly HistoryCampaign[],
  blocks: readonly Block[],
  o: ChangePointOptions,
): HistorySeries {
  const found = changePoints(blocks, o);
  const bounds = [0, ...found.map((c) => c.at), campaigns.length];
  const median = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? quantiles(v, [0.5])[0]! : null;
  };
  const changes = found.map((c, i): HistoryChange => {
    const before = median(s.points.slice(bounds[i], c.at).map((p) => p.value));
    const after = median(s.points.slice(c.at, bounds[i + 2]).map((p) => p.value));
    const [a, b] = [campaigns[c.at - 1]!, campaigns[c.at]!];
    return {
      at: b.id,
      before: a.id,
      p: c.p,
      step: before && after !== null ? after / before : null,
      changed: changedBetween(a.manifest, b.manifest, s.cell),
    };
  });
  return { ...s, changes };
}

/** What two campaigns' manifests differ in that could move this cell, and the toolkit's commit. */
export function changedBetween(a: Manifest, b: Manifest, cell: MetricCell): ManifestChange[] {
  const out = manifestDifferences(a, b)
    .filter((d) => touches(d, cell))
    .map((d) => ({ what: d.what, before: d.a, after: d.b }));
  const commit = (m: Manifest) => `${m.toolkit.gitCommit.slice(0, 7)}${m.toolkit.gitDirty ? ' (dirty)' : ''}`;
  if (commit(a) !== commit(b)) out.push({ what: 'toolkit commit', before: commit(a), after: commit(b) });
  return out;
}
