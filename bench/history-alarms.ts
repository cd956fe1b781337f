// Benchmark (not a test): how `history`'s change points behave on this machine's real noise.
//   node --import tsx bench/history-alarms.ts [orders per epoch]     (default 40)
// The committed campaigns ran on two kernel builds; within one build no change is known. Per build
// (an epoch), the sessions of its campaigns are put in a random order and grouped into
// pseudo-campaigns of one or two sessions each: a series of A/A campaigns, made by splitting
// sessions. For every cell of the headline metrics measured in every session of the epoch, the
// series' change points are found as `history` finds them (E-divisive means on the logarithms,
// sessions permuted whole, p < 0.05). Counted:
// 1. A/A: the series with a change point, per 100 series (the false alarms);
// 2. a step of 10 % and 20 % put into every repetition from a random pseudo-campaign on (the way a
//    rate would fall): the series with a change point, and those with one at the step.
// Both for the series of the epoch's own sessions (three to six: short) and for longer ones, as a
// history of eight campaigns of two sessions would be: sessions drawn with replacement from the
// cell's real ones, so that their spread is this machine's.
import prand from 'pure-rand';
import { join } from 'node:path';
import { metricCellId } from '../src/analysis/cells.js';
import { loadCampaign, measurementRows } from '../src/dataset/load.js';
import { changePoints, type Block } from '../src/history/change-points.js';

const DATA = new URL('../data/raw/', import.meta.url).pathname;
const EPOCHS: Record<string, string[]> = {
  '6.18.44-fc-v782': ['2026-11-23T0915Z-nb', '2026-11-23T2034Z-nb'],
  '6.18.44-fc-v1045': ['2026-12-02T1215Z-nb', '2026-12-02T1944Z-nb', '2026-12-03T0315Z-nb'],
};
const METRICS = ['bandwidth', 'sockperf_rtt_p50'];
const STEPS = [0, 0.1, 0.2];
const orders = Number(process.argv[2] ?? 40);
const rng = prand.xoroshiro128plus(20261206);
const pick = (n: number) => prand.unsafeUniformIntDistribution(0, n - 1, rng);

console.log('epoch              series made of        sessions  cells  step  series  with a change  per 100  at the step');
for (const [kernel, ids] of Object.entries(EPOCHS)) {
  // per session (campaign and number): per cell, the repetitions' logarithms
  const sessions: Array<Map<string, number[]>> = [];
  for (const id of ids) {
    const c = await loadCampaign(join(DATA, id));
    const rows = measurementRows(c.table, ['experiment', 'metric', 'unit', 'runtime', 'pair', 'load', 'status', 'value', 'session']);
    for (const n of [...new Set(rows.map((r) => r.session))].sort()) {
      const cells = new Map<string, number[]>();
      for (const r of rows)
        if (r.session === n && r.status === 'ok' && METRICS.includes(r.metric) && r.value !== null && r.value > 0) {
          const k = metricCellId(r);
          cells.set(k, [...(cells.get(k) ?? []), Math.log(r.value)]);
        }
      sessions.push(cells);
    }
  }
  // every cell with two repetitions or more in three sessions or more of the epoch (a resumed campaign's sessions ran different tasks)
  const cellIds = [...new Set(sessions.flatMap((s) => [...s.keys()]))];
  const cells = new Map(
    cellIds
      .map((k) => [k, sessions.flatMap((s) => ((s.get(k)?.length ?? 0) >= 2 ? [s.get(k)!] : []))] as const)
      .filter(([, ss]) => ss.length >= 3),
  );
  for (const mode of ['split', 'long'] as const)
    for (const step of STEPS) {
      let series = 0;
      let alarmed = 0;
      let atStep = 0;
      for (let o = 0; o < orders; o++)
        for (const own of cells.values()) {
          // split: a random order of the cell's sessions, grouped into pseudo-campaigns of one or two (three at least);
          // long: 8 pseudo-campaigns of 2 sessions drawn with replacement from the cell's sessions
          const order = own.map((_, i) => i);
          for (let i = order.length - 1; i > 0; i--) {
            const j = pick(i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          const campaignOf: number[] = [];
          if (mode === 'long') {
            order.length = 0;
            for (let i = 0; i < 16; i++) {
              order.push(pick(own.length));
              campaignOf.push(i >> 1);
            }
          } else
            for (let i = 0, c = 0; i < order.length; c++) {
              const size = order.length - i >= 2 && order.length > 3 && pick(2) ? 2 : 1;
              for (let k = 0; k < size; k++) campaignOf.push(c);
              i += size;
            }
          const campaigns = campaignOf[campaignOf.length - 1]! + 1;
          if (campaigns < 3) continue;
          // the step from a pseudo-campaign other than the first
          const at = 1 + pick(campaigns - 1);
          const blocks: Block[] = order.map((s, i) => ({
            campaign: campaignOf[i]!,
            values: own[s]!.map((v) => (campaignOf[i]! >= at ? v + Math.log(1 - step) : v)),
          }));
          const found = changePoints(blocks, { seed: o + 1 });
          series++;
          if (found.length) alarmed++;
          if (found.some((c) => c.at === at)) atStep++;
        }
      console.log(
        `${kernel.padEnd(18)} ${(mode === 'split' ? 'its sessions, split' : '8 x 2, resampled').padEnd(20)} ${String(sessions.length).padStart(8)}  ${String(cells.size).padStart(5)}  ${`${step * 100}%`.padStart(4)}  ${String(series).padStart(6)}  ${String(alarmed).padStart(13)}  ${((100 * alarmed) / series).toFixed(1).padStart(7)}  ${step ? ((100 * atStep) / series).toFixed(1).padStart(11) : '          -'}`,
      );
    }
}
