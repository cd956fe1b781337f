// One iperf3 exchange between the hosts, with bounded retries: what the demo runs per cell.
import { NetbenchError } from '../base/errors.js';
import type { Iperf3Options } from '../probes/iperf3.js';
import { iperf3Probe } from '../probes/iperf3.js';
import { bind } from '../probes/registry.js';
import { runProbeOnce, withRetries, type ExchangeContext, type ProbeRunResult } from './probe-run.js';
import { pairProblem, type Pair } from '../model/pairs.js';

export type { ExchangeContext } from './probe-run.js';

export interface Iperf3Exchange extends ProbeRunResult {
  /** The received rate (bit/s) from the server's own report. */
  bandwidthBps: number;
  attempts: number;
  /** Errors of the attempts that failed before the one that counted. */
  retried: string[];
}

export async function iperf3Exchange(
  ctx: ExchangeContext,
  pair: Pair,
  runtime: string,
  o: Iperf3Options,
  attempts = 3,
): Promise<Iperf3Exchange> {
  const problem = pairProblem(pair);
  if (problem) throw new NetbenchError('bad-config', `pair ${pair.client},${pair.server}: ${problem}`, 'Pick another pair.');
  const r = await withRetries(attempts - 1, () => runProbeOnce(ctx, bind(iperf3Probe, o), runtime, pair));
  if (!r.value)
    throw new NetbenchError(
      'tool-failed',
      `iperf3 failed ${r.attempts} time(s): ${r.errors.join(' | ')}`,
      'Run `netbench doctor` to check this runtime and driver.',
    );
  const bw = r.value.parsed.samples.find((s) => s.metric === 'bandwidth');
  return { ...r.value, bandwidthBps: bw?.value ?? NaN, attempts: r.attempts, retried: r.errors };
}
