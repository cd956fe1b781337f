// Benchmark (not a test): what a runtime puts on the wire, per packet. Whether gVisor segments as
// runc does (TSO/GSO: packets of tens of KB on a veth) or sends MSS-sized ones, and how often its
// receiver acknowledges, read from the emulated lab's A-B link counters around iperf3 runs.
//   node --import tsx bench/link-packets.ts [runs] [runtime...]     (default 2, runc runsc-2024)
// Brings the built-in lab up (a runtime variant must be registered: lab up --variants), then runs
// iperf3 (the paper's 10 s after 2 s omitted, bridge,bridge, idle) for each runtime in turn and
// prints, per run, the bytes per packet host A's end of the link sent (the client's data) and the
// packets it received (the server's acknowledgements) per packet sent, beside iperf3's tcp_mss.
import { readFile } from 'node:fs/promises';
import { defaultLabConfig } from '../src/lab/lab-config.js';
import { readyLab } from '../src/lab/ready.js';
import { emulatedPlan } from '../src/lab/topology.js';
import { runProbeOnce, settleRemovals, type ExchangeContext } from '../src/campaign/probe-run.js';
import { resolveCampaign } from '../src/config/campaign-config.js';
import { probesFor } from '../src/probes/registry.js';

const [runsArg, ...named] = process.argv.slice(2);
const runs = Number(runsArg ?? 2);
const runtimes = named.length ? named : ['runc', 'runsc-2024'];
const log = { step: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`) };
const config = defaultLabConfig();
const lab = await readyLab(config, log);
const link = emulatedPlan(config).linkA;
const probe = probesFor(resolveCampaign({}, { experiments: 'bandwidth' })).find((p) => p.name === 'iperf3')!;
const ctx: ExchangeContext = { engines: lab.engines, facts: lab.facts, topology: lab.topology, image: lab.image, pendingRemovals: [] };
const pair = { client: 'bridge', server: 'bridge' } as const;

const counter = async (name: string): Promise<number> => Number(await readFile(`/sys/class/net/${link}/statistics/${name}`, 'utf8'));
const counters = async () => ({ txB: await counter('tx_bytes'), txP: await counter('tx_packets'), rxP: await counter('rx_packets') });

for (let i = 0; i < runs; i++)
  for (const runtime of runtimes) {
    const before = await counters();
    const r = await runProbeOnce(ctx, probe, runtime, pair);
    const after = await counters();
    await settleRemovals(ctx);
    const value = (m: string) => r.parsed.samples.find((s) => s.metric === m)?.value;
    const sent = after.txP - before.txP;
    console.log(
      `${runtime} run ${i + 1}: ${((value('bandwidth') ?? NaN) / 1e9).toFixed(2)} Gbit/s, tcp_mss ${value('tcp_mss') ?? '-'}; ` +
        `A->B ${((after.txB - before.txB) / sent).toFixed(0)} bytes per packet over ${sent} packets, ` +
        `B->A ${((after.rxP - before.rxP) / sent).toFixed(2)} packets per packet sent`,
    );
  }
