// `netbench demo`: the main job at this stage: lab up, then one short iperf3 exchange per driver
// pair and runtime, client on host A, server on host B.
import { iperf3Exchange, type ExchangeContext } from '../campaign/pair-exchange.js';
import { describeError } from '../errors.js';
import { engines, labUp } from '../lab/lab.js';
import { offeredRuntimes } from '../engine/host-facts.js';
import { topologyOf } from '../lab/topology.js';
import type { GlobalOptions } from './options.js';
import { formatTable, gbps, stderrLogger } from './output.js';
import { NetbenchError } from '../errors.js';
import { pairId, parsePair } from '../model/pairs.js';
import { pairUnsupportedBy, canonicalRuntime, runtimeInfo } from '../model/runtimes.js';
import type { LabConfig } from '../lab/lab-config.js';

export async function demoCommand(c: LabConfig, o: GlobalOptions & { runtimes?: string; pairs: string; duration: number }): Promise<void> {
  const pairs = o.pairs
    .split(/[;\s]+/)
    .filter(Boolean)
    .map(parsePair);
  if (!(o.duration > 0))
    throw new NetbenchError('bad-config', `--duration must be a positive number of seconds, not ${o.duration}`, 'e.g. --duration 3');
  const log = stderrLogger(o.quiet);
  const up = await labUp(c, log);
  const offered = offeredRuntimes(up.facts.B);
  const runtimes = o.runtimes ? o.runtimes.split(',').map(canonicalRuntime) : offered;
  const missing = runtimes.filter((r) => !offered.includes(r) || !offeredRuntimes(up.facts.A).includes(r));
  if (missing.length) {
    throw new NetbenchError(
      'missing-runtime',
      `runtime(s) ${missing.join(', ')} not offered by both hosts (A: ${up.facts.A.runtimes.join(', ')}; B: ${up.facts.B.runtimes.join(', ')})`,
      missing.map((m) => runtimeInfo(m)?.install ?? m).join('; '),
    );
  }
  const ctx: ExchangeContext = { engines: engines(topologyOf(c)), facts: up.facts, topology: topologyOf(c), image: up.image };
  const rows: Array<Record<string, string | number>> = [];
  for (const runtime of runtimes) {
    for (const pair of pairs) {
      const unsupported = pairUnsupportedBy(runtime, pair);
      if (unsupported) {
        rows.push({ runtime, pair: pairId(pair), status: 'unsupported', reason: unsupported });
        continue;
      }
      log.step(`iperf3 ${o.duration} s: ${runtime} ${pairId(pair)}`);
      try {
        const x = await iperf3Exchange(ctx, pair, runtime, { port: 5201, durationS: o.duration, omitS: 0 });
        const retransmits = x.parsed.samples.find((s) => s.metric === 'retransmits')?.value;
        rows.push({
          runtime,
          pair: pairId(pair),
          status: 'ok',
          bandwidthBps: x.bandwidthBps,
          ...(retransmits !== undefined ? { retransmits } : {}),
          server: x.serverAddress,
          attempts: x.attempts,
          reason: x.parsed.warnings.concat(x.retried.map((r) => `retried: ${r}`)).join('; '),
        });
      } catch (e) {
        rows.push({ runtime, pair: pairId(pair), status: 'failed', reason: describeError(e).split('\n')[0] ?? '' });
      }
    }
  }
  if (o.json) process.stdout.write(JSON.stringify({ lab: up, exchanges: rows }, null, 2) + '\n');
  else {
    const table = rows.map((r) => [
      String(r.runtime),
      String(r.pair),
      String(r.status),
      typeof r.bandwidthBps === 'number' ? gbps(r.bandwidthBps) : '',
      r.retransmits === undefined || Number.isNaN(r.retransmits) ? '' : String(r.retransmits),
      String(r.attempts ?? ''),
      String(r.reason ?? '').slice(0, 160),
    ]);
    process.stdout.write(
      `\none iperf3 exchange of ${o.duration} s per cell, client on host A, server on host B (single runs: not a measurement campaign)\n`,
    );
    process.stdout.write(formatTable(['runtime', 'pair', 'status', 'bandwidth', 'retr', 'tries', 'notes'], table) + '\n');
  }
  if (rows.some((r) => r.status === 'failed')) process.exitCode = 1;
}
