// One client-server exchange across the two hosts: a server container on host B, a client
// container on host A, each on its side's driver, both with the runtime under test. Used by the
// demo now and by the campaign runner; containers are removed whatever happens.
import type Docker from 'dockerode';
import { logsOf, removeQuietly, runToCompletion, startContainer, waitForOutput, withDeadline } from '../lab/containers.js';
import { engineRuntimeName, type HostFacts } from '../lab/hosts.js';
import { networkName, serverAddress, type Engines } from '../lab/networks.js';
import { pairProblem, type Pair } from '../lab/pairs.js';
import type { HostId, Topology } from '../lab/topology.js';
import type { Driver } from '../lab/runtimes.js';
import { NetbenchError, describeError, isNetbenchError } from '../errors.js';
import {
  SERVER_READY,
  iperf3ClientCommand,
  iperf3ServerCommand,
  parseIperf3,
  type Iperf3Options,
  type Iperf3Result,
} from '../probes/iperf3.js';

export interface ExchangeContext {
  engines: Engines;
  facts: Record<HostId, HostFacts>;
  topology: Topology;
  image: string;
}

export interface Iperf3Exchange {
  /** Received rate from the server's own report; sender figures from the client's, when it has them. */
  result: Iperf3Result;
  clientRaw: string;
  serverRaw: string;
  startedAt: string;
  serverAddress: string;
  /** Attempts used (a failed attempt is retried up to the limit). */
  attempts: number;
  /** Errors of the attempts that failed before the one that counted. */
  retried: string[];
}

export function dockerRuntime(ctx: ExchangeContext, host: HostId, runtime: string, driver: Driver): string {
  const name = engineRuntimeName(ctx.facts[host], runtime, driver);
  if (!name) {
    throw new NetbenchError(
      'missing-runtime',
      `host ${host} has no runtime "${runtime}" (it offers ${ctx.facts[host].runtimes.join(', ')})`,
      'Run `netbench doctor` for how to add it, or leave it out with --runtimes.',
    );
  }
  return name;
}

/**
 * One iperf3 TCP run, retried up to `attempts` times when it fails (a probe that hangs is killed by
 * its deadline). The received rate comes from the server's own JSON report, so a run whose transfer
 * completed still counts when only the client's results exchange failed (gVisor hostinet: the
 * control-socket read returns EAGAIN); the client's error is kept as a warning.
 */
export async function iperf3Exchange(
  ctx: ExchangeContext,
  pair: Pair,
  runtime: string,
  o: Iperf3Options,
  attempts = 3,
): Promise<Iperf3Exchange> {
  const problem = pairProblem(pair);
  if (problem) throw new NetbenchError('bad-config', `pair ${pair.client},${pair.server}: ${problem}`, 'Pick another pair.');
  const retried: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await iperf3Once(ctx, pair, runtime, o)), attempts: attempt, retried };
    } catch (e) {
      if (isNetbenchError(e) && (e.kind === 'missing-runtime' || e.kind === 'bad-config' || e.kind === 'busy')) throw e;
      retried.push(describeError(e));
      if (attempt >= attempts) {
        throw new NetbenchError(
          'tool-failed',
          `iperf3 failed ${attempts} time(s): ${retried.join(' | ')}`,
          'Run `netbench doctor` to check this runtime and driver.',
        );
      }
    }
  }
}

async function iperf3Once(
  ctx: ExchangeContext,
  pair: Pair,
  runtime: string,
  o: Iperf3Options,
): Promise<Omit<Iperf3Exchange, 'attempts' | 'retried'>> {
  const lab = ctx.topology.name;
  const server = await startContainer(ctx.engines.B, lab, {
    image: ctx.image,
    cmd: iperf3ServerCommand(o.port),
    runtime: dockerRuntime(ctx, 'B', runtime, pair.server),
    network: networkName(lab, pair.server),
    publish: pair.server === 'bridge' ? [{ port: o.port, proto: 'tcp' }] : [],
    role: 'server',
  });
  try {
    await waitForOutput(server, SERVER_READY, 60_000);
    if (/NETBENCH-NOT-READY/.test((await logsOf(server)).stderr)) {
      throw new NetbenchError('timeout', 'iperf3 server did not listen within 30 s', 'Check the server runtime with `netbench doctor`.');
    }
    const address = await serverAddress(ctx.topology, pair.server, server);
    const client = await runToCompletion(
      ctx.engines.A,
      lab,
      {
        image: ctx.image,
        cmd: iperf3ClientCommand(address, o),
        runtime: dockerRuntime(ctx, 'A', runtime, pair.client),
        network: networkName(lab, pair.client),
        role: 'client',
      },
      (o.durationS + o.omitS + 60) * 1000,
    );
    await withDeadline(
      server.wait() as Promise<unknown>,
      15_000,
      async () => new NetbenchError('timeout', 'iperf3 server did not finish after the client', 'The server was killed.'),
    );
    const serverRaw = (await logsOf(server)).stdout;
    const received = parseIperf3(serverRaw);
    let sender: Iperf3Result | undefined;
    let clientError: string | undefined;
    try {
      sender = parseIperf3(client.stdout);
    } catch (e) {
      clientError = describeError(e);
    }
    const result: Iperf3Result = {
      receivedBps: received.receivedBps,
      sentBps: sender?.sentBps ?? NaN,
      retransmits: sender?.retransmits ?? NaN,
      senderCpuPct: sender?.senderCpuPct ?? NaN,
      receiverCpuPct: received.senderCpuPct,
      durationS: received.durationS,
      warnings: [...(sender?.warnings ?? []), ...(clientError ? [`client: ${clientError}`] : [])],
    };
    return { result, clientRaw: client.stdout, serverRaw, startedAt: client.startedAt, serverAddress: address };
  } finally {
    await removeQuietly(server as Docker.Container);
  }
}
