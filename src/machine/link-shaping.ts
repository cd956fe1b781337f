// The emulated lab's A-B link at a set rate: a token-bucket filter (tc tbf) as the root qdisc of
// each end's veth, so every byte between the hosts (bridge, host, macvlan and overlay traffic all
// leave through these two devices) passes a link of that rate in each direction. Parsing and
// sizing are pure; applying and reading run tc.
import { z } from 'zod';
import { NetbenchError } from '../base/errors.js';
import { run } from './exec.js';
import { rateBits } from '../model/link-rate.js';

/**
 * The tbf's bucket in bytes: 10 ms at the rate, and never under 256 KiB, so that one 64-KiB
 * segmentation-offload packet of the veth always fits (a smaller bucket drops it). Pure.
 */
export const burstBytes = (bits: number): number => Math.max(256 * 1024, Math.ceil((bits / 8) * 0.01));

/** The `tc qdisc replace` arguments that shape `dev` to `rate`. Pure. */
export function tbfArgs(dev: string, rate: string): string[] {
  const bits = rateBits(rate);
  if (bits === undefined)
    throw new NetbenchError('bad-config', `link rate "${rate}" is not a rate`, 'Give it as tc does: e.g. 1gbit, 500mbit.');
  return ['qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', rate, 'burst', String(burstBytes(bits)), 'latency', '50ms'];
}

const QdiscJson = z.array(
  z
    .object({ kind: z.string(), root: z.boolean().optional(), options: z.object({ rate: z.number().optional() }).loose().optional() })
    .loose(),
);

/** The rate of the root tbf in `tc -j qdisc show dev X` output, in bits per second; undefined when the root is not a tbf. Pure. */
export function shapedBits(tcJson: string): number | undefined {
  const r = QdiscJson.safeParse(JSON.parse(tcJson));
  if (!r.success) return undefined;
  const root = r.data.find((q) => q.root === true);
  // tc -j gives a tbf's rate in bytes per second
  return root?.kind === 'tbf' && root.options?.rate !== undefined ? root.options.rate * 8 : undefined;
}

const tc = (args: string[], ns?: string) => run(ns ? ['ip', 'netns', 'exec', ns, 'tc', ...args] : ['tc', ...args], { timeoutMs: 10_000 });

/** The rate `dev` is shaped to now (bits per second), or undefined. */
export async function linkShaping(dev: string, ns?: string): Promise<number | undefined> {
  return shapedBits((await tc(['-j', 'qdisc', 'show', 'dev', dev], ns)).stdout);
}

/** Shape `dev` to `rate`, or (rate undefined) take a shaping of ours off, leaving the device's default qdisc. */
export async function shapeLink(dev: string, rate: string | undefined, ns?: string): Promise<void> {
  if (rate !== undefined) {
    await tc(tbfArgs(dev, rate), ns);
    return;
  }
  if ((await linkShaping(dev, ns)) !== undefined) await tc(['qdisc', 'del', 'dev', dev, 'root'], ns);
}
