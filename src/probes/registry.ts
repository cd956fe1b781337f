// Every probe, bound to its settings from the campaign config. Adding a probe is one file in
// src/probes/ and one line here; the runner knows no tool by name.
import { iperf3Probe, type Iperf3Options } from './iperf3.js';
import { iperf3UdpProbe, type Iperf3UdpOptions } from './iperf3-udp.js';
import { pingProbe, type PingOptions } from './ping.js';
import type { ParsedProbe, Probe, ProbeCell, ProbeRun } from './probe.js';
import { siegeProbe, type HttpOptions } from './siege.js';
import { sockperfProbe, type SockperfOptions } from './sockperf.js';
import type { Experiment } from '../model/experiments.js';
import type { MetricSpec } from '../model/metrics.js';

export interface BoundProbe {
  name: string;
  experiment: Experiment;
  metrics: readonly MetricSpec[];
  supports(cell: ProbeCell): string | undefined;
  server(): ReturnType<Probe<unknown>['server']>;
  client(target: string): string[];
  timeoutS(): number;
  serverExitsAfterClient: boolean;
  monitorServer: boolean;
  nofile?: number;
  parse(run: ProbeRun): ParsedProbe;
  settings: unknown;
}

export function bind<C>(p: Probe<C>, o: C): BoundProbe {
  return {
    name: p.name,
    experiment: p.experiment,
    metrics: p.metrics,
    supports: (cell) => p.supports(cell),
    server: () => p.server(o),
    client: (target) => p.client(target, o),
    timeoutS: () => p.timeoutS(o),
    serverExitsAfterClient: p.serverExitsAfterClient,
    monitorServer: p.monitorServer ?? false,
    ...(p.nofile ? { nofile: p.nofile(o) } : {}),
    parse: (run) => p.parse(run, o),
    settings: o,
  };
}

/** Each probe's settings, as the campaign config holds them (its sections of the same names). */
export interface ProbeSettings {
  iperf3: Iperf3Options;
  iperf3Udp: Iperf3UdpOptions;
  ping: PingOptions;
  sockperf: SockperfOptions;
  http: HttpOptions;
}

export function probesFor(c: ProbeSettings): BoundProbe[] {
  return [
    bind(iperf3Probe, c.iperf3),
    ...(c.iperf3Udp.enabled ? [bind(iperf3UdpProbe, c.iperf3Udp)] : []),
    bind(pingProbe, c.ping),
    bind(sockperfProbe, c.sockperf),
    bind(siegeProbe, c.http),
  ];
}

export const probesOf = (all: BoundProbe[], e: Experiment): BoundProbe[] => all.filter((p) => p.experiment === e);

/** Every probe the toolkit has, for readers of its data (metric names and units). */
export const ALL_PROBES: ReadonlyArray<Pick<Probe<never>, 'name' | 'experiment' | 'metrics'>> = [
  iperf3Probe,
  iperf3UdpProbe,
  pingProbe,
  sockperfProbe,
  siegeProbe,
];
