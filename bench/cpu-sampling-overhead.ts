// Benchmark (not a test): what reading the CPU counters costs a bandwidth run.
//   node --import tsx bench/cpu-sampling-overhead.ts [pairs] [runtime]     (default 10, runc)
// Brings the built-in lab up, then runs iperf3 (the paper's 10 s after 2 s omitted, bridge,bridge,
// idle) in pairs: one run reading the counters as a campaign does, one without, the order within
// each pair alternating. Both runs of a pair are seconds apart, so the machine's drift over minutes
// (on a shared VM, 10 % and more) cancels in their ratio. Prints each pair and the mean ratio
// with/without, with a t 95 % CI over the pairs, and the same for each run's wall time.
import { defaultLabConfig } from '../src/lab/lab-config.js';
import { readyLab } from '../src/lab/ready.js';
import { measureIdleCpu } from '../src/campaign/cpu-readings.js';
import { runProbeOnce, settleRemovals, type ExchangeContext } from '../src/campaign/probe-run.js';
import { resolveCampaign } from '../src/config/campaign-config.js';
import { probesFor } from '../src/probes/registry.js';
import { describe } from '../src/analysis/stats.js';

const pairs = Number(process.argv[2] ?? 10);
const runtime = process.argv[3] ?? 'runc';
const log = { step: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`) };
const lab = await readyLab(defaultLabConfig(), log);
const probe = probesFor(resolveCampaign({}, { experiments: 'bandwidth' })).find((p) => p.name === 'iperf3')!;
const idle = await measureIdleCpu(undefined);
const base: ExchangeContext = { engines: lab.engines, facts: lab.facts, topology: lab.topology, image: lab.image, pendingRemovals: [] };
const withCost: ExchangeContext = { ...base, cost: { idle } };
const pair = { client: 'bridge', server: 'bridge' } as const;

const ratios: number[] = [];
const wallRatios: number[] = [];
for (let i = 0; i < pairs; i++) {
  const order = i % 2 === 0 ? [withCost, base] : [base, withCost];
  const bw = new Map<ExchangeContext, number>();
  const wall = new Map<ExchangeContext, number>();
  for (const ctx of order) {
    const t = performance.now();
    const r = await runProbeOnce(ctx, probe, runtime, pair);
    wall.set(ctx, performance.now() - t);
    await settleRemovals(ctx);
    bw.set(ctx, r.parsed.samples.find((s) => s.metric === 'bandwidth')!.value);
  }
  const on = bw.get(withCost)!;
  const off = bw.get(base)!;
  ratios.push(on / off);
  wallRatios.push(wall.get(withCost)! / wall.get(base)!);
  console.log(
    `pair ${i + 1}: with ${(on / 1e9).toFixed(2)} Gbit/s in ${(wall.get(withCost)! / 1000).toFixed(2)} s, ` +
      `without ${(off / 1e9).toFixed(2)} Gbit/s in ${(wall.get(base)! / 1000).toFixed(2)} s`,
  );
}
const show = (what: string, xs: number[]) => {
  const d = describe(xs);
  console.log(
    `${runtime}, ${pairs} pairs: ${what} with / without the readings ${d.mean.toFixed(4)} [95% CI ${d.ciMean[0].toFixed(4)}, ${d.ciMean[1].toFixed(4)}]`,
  );
};
show('bandwidth', ratios);
show("a run's wall time", wallRatios);
