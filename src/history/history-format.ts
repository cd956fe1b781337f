// `netbench history` in words: per series, its values in campaign order and each change point with
// its p-value, its step and what changed in the manifests there. Pure.
import { unitOf } from '../model/metrics.js';
import type { HistorySeries } from './series.js';

const value = (v: number | null, s: HistorySeries): string => {
  if (v === null) return '-';
  const u = unitOf(s.unit);
  return s.kind === 'ratio' ? v.toPrecision(3) : (v * u.scale).toPrecision(3);
};

/** "runc bandwidth bridge,bridge idle (Gbit/s)" or "gVisor ... / runc"; the link when it was shaped. */
export function seriesTitle(s: HistorySeries): string {
  const c = s.cell;
  const unit = s.kind === 'ratio' ? `${c.runtime} / runc` : `${c.runtime}, ${unitOf(s.unit).label}`;
  return `${c.metric} ${c.pair} ${c.load}${s.link === 'unshaped' ? '' : ` over ${s.link}`} (${unit})`;
}

/** One series: its title, its values (campaign: median [CI]) and its change points, indented. */
export function seriesText(s: HistorySeries): string {
  const points = s.points.map((p) => `  ${p.campaign}  ${value(p.value, s)} [${value(p.lo, s)}, ${value(p.hi, s)}] n=${p.n}`);
  const changes = s.changes.flatMap((c) => [
    `  change at ${c.at} (after ${c.before}): x${c.step === null ? '-' : c.step.toPrecision(3)}, p = ${c.p.toFixed(3)}`,
    ...(c.changed.length ? c.changed.map((d) => `    ${d.what}: ${d.before} -> ${d.after}`) : ['    no difference in the manifests']),
  ]);
  return [seriesTitle(s), ...points, ...changes].join('\n');
}

/** The whole history: a summary line, the series with change points, and the others with `every`. */
export function historyText(series: readonly HistorySeries[], o: { campaigns: number; every?: boolean }): string {
  const changed = series.filter((s) => s.changes.length);
  const shown = o.every ? series : changed;
  const head =
    `${o.campaigns} campaigns, ${series.length} series (a cell, or its ratio to runc, in two campaigns or more), ` +
    `${changed.length} with a change point (E-divisive means on the repetitions, sessions permuted whole, p < 0.05)` +
    (o.every || changed.length === series.length ? '' : `; --every lists the other ${series.length - changed.length}`);
  return [head, ...shown.map(seriesText)].join('\n\n') + '\n';
}
