// A link's offload settings (`ethtool -k`): what the kernel segments and coalesces for it, which
// changes what a byte costs (TSO/GSO hand the stack 64 KB at a time; GRO, off on a veth without
// XDP, merges what it receives). A campaign records its A-B link's in each session.
import { describeError } from '../base/errors.js';
import { run } from './exec.js';

/** A device's offloads that can be switched: feature -> `on` | `off` (ethtool's "[fixed]" ones left out). */
export type Offloads = Record<string, 'on' | 'off'>;

/**
 * The top-level, switchable features of `ethtool -k` output (its indented lines are the parts of
 * the feature above them; "[fixed]" ones this device cannot change). Pure.
 */
export function parseEthtoolFeatures(text: string): Offloads {
  const out: Offloads = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_-]+): (on|off)(.*)$/.exec(line);
    if (m && !m[3]!.includes('[fixed]')) out[m[1]!] = m[2] === 'on' ? 'on' : 'off';
  }
  return out;
}

/** `dev`'s offloads (in network namespace `netns`, if given), or why they could not be read. */
export async function readOffloads(dev: string, netns?: string): Promise<{ features: Offloads } | { unsupported: string }> {
  const argv = [...(netns ? ['ip', 'netns', 'exec', netns] : []), 'ethtool', '-k', dev];
  try {
    const features = parseEthtoolFeatures((await run(argv, { timeoutMs: 10_000 })).stdout);
    return Object.keys(features).length ? { features } : { unsupported: `\`${argv.join(' ')}\` listed no feature` };
  } catch (e) {
    return { unsupported: describeError(e) };
  }
}
