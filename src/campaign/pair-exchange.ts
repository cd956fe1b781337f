// One client-server exchange across the two hosts: a server container on host B, a client
// container on host A, each on its side's driver, both with the runtime under test. Used by the
// demo now and by the campaign runner; containers are removed whatever happens.
import type Docker from 'dockerode';
import { removeQuietly, runToCompletion, startContainer, waitForOutput } from '../lab/containers.js';
import { engineRuntimeName, type HostFacts } from '../lab/hosts.js';
import { networkName, serverAddress, type Engines } from '../lab/networks.js';
import { pairProblem, type Pair } from '../lab/pairs.js';
import type { HostId, Topology } from '../lab/topology.js';
import type { Driver } from '../lab/runtimes.js';
import { NetbenchError } from '../errors.js';
import { IPERF3_READY, iperf3ClientCommand, iperf3ServerCommand, parseIperf3, type Iperf3Options, type Iperf3Result } from '../probes/iperf3.js';

export interface ExchangeContext {
  engines: Engines;
  facts: Record<HostId, HostFacts>;
  topology: Topology;
  image: string;
}

export interface Iperf3Exchange {
  result: Iperf3Result;
  raw: string;
  startedAt: string;
  serverAddress: string;
}

export function dockerRuntime(ctx: ExchangeContext, host: HostId, runtime: string, driver: Driver): string {
  const name = engineRuntimeName(ctx.facts[host], runtime, driver);
  if (!name) {
    throw new NetbenchError('missing-runtime', `host ${host} has no runtime "${runtime}" (it offers ${ctx.facts[host].runtimes.join(', ')})`, 'Run `netbench doctor` for how to add it, or leave it out with --runtimes.');
  }
  return name;
}

export async function iperf3Exchange(ctx: ExchangeContext, pair: Pair, runtime: string, o: Iperf3Options): Promise<Iperf3Exchange> {
  const problem = pairProblem(pair);
  if (problem) throw new NetbenchError('bad-config', `pair ${pair.client},${pair.server}: ${problem}`, 'Pick another pair.');
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
    await waitForOutput(server, IPERF3_READY, 60_000);
    const address = await serverAddress(ctx.topology, pair.server, server);
    const run = await runToCompletion(
      ctx.engines.A,
      lab,
      { image: ctx.image, cmd: iperf3ClientCommand(address, o), runtime: dockerRuntime(ctx, 'A', runtime, pair.client), network: networkName(lab, pair.client), role: 'client' },
      (o.durationS + o.omitS + 60) * 1000,
    );
    return { result: parseIperf3(run.stdout), raw: run.stdout, startedAt: run.startedAt, serverAddress: address };
  } finally {
    await removeQuietly(server as Docker.Container);
  }
}
