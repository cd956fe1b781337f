// Everything `netbench compare` says about two campaigns, computed once (pure): the cells compared
// in the chosen mode (normalised by the bare host, or raw) with the raw verdict beside a normalised
// one, the bare-host cells compared raw (the machine itself, when normalising), the cells only one
// campaign has, the sessions of either campaign that differ by more than the tolerance, and what
// differs between their manifests (blocking when it touches a compared cell and is not accepted).
import type { Campaign } from '../dataset/load.js';
import { metricCellId, okCellValues, type MetricCell } from '../analysis/cells.js';
import { sessionMedians, type SessionMedians } from '../analysis/sessions.js';
import { HEADLINE_METRICS } from '../model/metrics.js';
import { BASELINE_RUNTIME } from '../model/runtimes.js';
import { compareCampaigns, type CellChange, type Verdict } from './campaign-compare.js';
import type { CellSelector } from './cell-selection.js';
import { accepted, manifestDifferences, touches, type ManifestDifference } from './comparability.js';

export const VERDICTS: readonly Verdict[] = ['worse', 'better', 'changed', 'inconclusive', 'same'];

export interface ComparedCell extends CellChange {
  /** The medians of the values as measured (medianA/B are of the normalised values when normalised). */
  rawMedianA: number | null;
  rawMedianB: number | null;
  /** The verdict on the values as measured, when the verdict above is on normalised ones. */
  rawVerdict: Verdict | null;
}

/** A campaign whose sessions differ from each other by more than the tolerance, in these cells. */
export interface SessionDrift {
  side: 'A' | 'B';
  campaign: string;
  /** What was checked: the bare-host cells, or every cell of a campaign without them. */
  checked: 'bare host' | 'all';
  cells: number;
  drifting: SessionMedians[];
}

export interface CompareReport {
  a: string;
  b: string;
  tolerance: number;
  normalised: boolean;
  /** The level of the simultaneous CIs a better or worse verdict needs off 1 (Bonferroni over the cells compared). */
  gateLevel: number;
  /** The cells the simultaneous CI covers. */
  family: number;
  /** The metrics compared (undefined: all). */
  metrics: readonly string[] | undefined;
  /** The cells selected (undefined: all). */
  selection: readonly CellSelector[] | undefined;
  /** The runtimes' cells (with the bare host's when not normalised), worst verdict first. */
  cells: ComparedCell[];
  /** When normalised: the bare-host cells compared as measured (the machine, not a runtime); they set no exit code. */
  machine: CellChange[];
  onlyInA: MetricCell[];
  onlyInB: MetricCell[];
  drift: SessionDrift[];
  counts: Record<Verdict, number>;
  /** Inconclusive cells whose own 95 % CI says better, worse or changed: shifts the gate cannot call yet. */
  shifts: ComparedCell[];
  /** When normalised: the bare-host cells whose own 95 % CI lies beyond the tolerance (the machine moved). */
  machineMoved: CellChange[];
  /** What differs between the manifests and touches a compared cell, accepted or not. */
  differences: Array<ManifestDifference & { accepted: boolean }>;
}

export interface CompareReportOptions {
  tolerance: number;
  normalise: boolean;
  metrics?: readonly string[];
  cells?: readonly CellSelector[];
  /** Differences between the manifests accepted on purpose, by name (`kernel`, `image`, `runtime:runsc-2024`...). */
  accept?: readonly string[];
}

/** Does a campaign hold bare-host values (the baseline normalising needs)? */
export const hasBaseline = (c: Campaign): boolean => okCellValues(c.table).some((v) => v.key.runtime === BASELINE_RUNTIME);

const HEADLINE: readonly string[] = Object.values(HEADLINE_METRICS).flat();
/** Headline metrics first, then the largest spread. */
const byConcern = (x: SessionMedians, y: SessionMedians): number =>
  (HEADLINE.indexOf(x.metric) + 1 || 99) - (HEADLINE.indexOf(y.metric) + 1 || 99) || y.spread! - x.spread!;

/** The cells of a campaign (of the metrics compared) whose session medians differ by more than the tolerance (the bare host's, when it has them). */
export function sessionDrift(c: Campaign, side: 'A' | 'B', tolerance: number, metrics?: readonly string[]): SessionDrift {
  const all = sessionMedians(c.table).filter((s) => s.spread !== null && (!metrics || metrics.includes(s.metric)));
  const bare = all.filter((s) => s.runtime === BASELINE_RUNTIME);
  const checked = bare.length ? bare : all;
  return {
    side,
    campaign: c.id,
    checked: bare.length ? 'bare host' : 'all',
    cells: checked.length,
    drifting: checked.filter((s) => s.spread! > 1 + tolerance).sort(byConcern),
  };
}

const rank = (v: Verdict): number => VERDICTS.indexOf(v);

/**
 * Campaign B against campaign A, cell by cell: B/A with its CI (normalised by the bare host when
 * asked), each cell's verdict against the tolerance, the shifts the gate cannot call yet, the bare
 * host's own change and what the manifests differ in. What `netbench compare` prints and gates on.
 */
export function compareReport(a: Campaign, b: Campaign, o: CompareReportOptions): CompareReport {
  const base = { tolerance: o.tolerance, metrics: o.metrics, cells: o.cells };
  const raw = compareCampaigns(a.table, b.table, { ...base, normalise: false });
  const chosen = o.normalise ? compareCampaigns(a.table, b.table, { ...base, normalise: true }) : raw;
  const rawBy = new Map(raw.cells.map((c) => [metricCellId(c), c]));
  const cells = chosen.cells
    .map((c): ComparedCell => {
      const r = rawBy.get(metricCellId(c));
      return {
        ...c,
        rawMedianA: r?.medianA ?? null,
        rawMedianB: r?.medianB ?? null,
        rawVerdict: c.normalised ? (r?.verdict ?? null) : null,
      };
    })
    .sort((x, y) => rank(x.verdict) - rank(y.verdict) || Math.abs((y.ratio ?? 1) - 1) - Math.abs((x.ratio ?? 1) - 1));
  const count = (v: Verdict) => cells.filter((c) => c.verdict === v).length;
  const counts = {
    worse: count('worse'),
    better: count('better'),
    changed: count('changed'),
    inconclusive: count('inconclusive'),
    same: count('same'),
  };
  const machine = o.normalise ? raw.cells.filter((c) => c.runtime === BASELINE_RUNTIME) : [];
  const compared = [...cells, ...machine];
  return {
    a: a.id,
    b: b.id,
    tolerance: o.tolerance,
    normalised: o.normalise,
    gateLevel: chosen.gateLevel,
    family: chosen.family,
    metrics: o.metrics,
    selection: o.cells,
    cells,
    machine,
    // a bare-host cell only one side has is listed by the raw comparison (normalising drops the bare host)
    onlyInA: raw.onlyInA,
    onlyInB: raw.onlyInB,
    drift: [sessionDrift(a, 'A', o.tolerance, o.metrics), sessionDrift(b, 'B', o.tolerance, o.metrics)].filter((d) => d.drifting.length),
    counts,
    shifts: cells.filter((c) => c.verdict === 'inconclusive' && c.ownVerdict !== 'inconclusive' && c.ownVerdict !== 'same'),
    machineMoved: machine.filter(
      (c) => c.ratio !== null && c.lo !== null && c.hi !== null && (c.lo > 1 || c.hi < 1) && Math.abs(c.ratio - 1) > o.tolerance,
    ),
    differences: manifestDifferences(a.manifest, b.manifest)
      .filter((d) => compared.some((c) => touches(d, c)))
      .map((d) => ({ ...d, accepted: accepted(d, o.accept ?? []) })),
  };
}

/** The differences that forbid the comparison: touching a compared cell, not accepted. */
export const blockingDifferences = (r: CompareReport): ManifestDifference[] => r.differences.filter((d) => !d.accepted);

/** The gate: did any cell get worse (in the chosen mode)? */
export const anyWorse = (r: CompareReport): boolean => r.counts.worse > 0;
