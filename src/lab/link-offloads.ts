// The offload settings of the emulated lab's A-B link, both ends, that a campaign session records;
// remote hosts' links are not the toolkit's to read.
import { readOffloads, type Offloads } from '../machine/offloads.js';
import type { LabConfig } from './lab-config.js';
import { emulatedPlan } from './topology.js';

export type LinkOffloads = { A: Offloads; B: Offloads } | { unsupported: string };

export async function linkOffloads(c: LabConfig): Promise<LinkOffloads> {
  if (c.mode !== 'emulated') return { unsupported: 'remote hosts: their network cards are not read (ethtool -k on each host gives them)' };
  const plan = emulatedPlan(c);
  const [A, B] = await Promise.all([readOffloads(plan.linkA), readOffloads(plan.linkB, plan.netns)]);
  if ('unsupported' in A) return { unsupported: `host A's end (${plan.linkA}): ${A.unsupported}` };
  if ('unsupported' in B) return { unsupported: `host B's end (${plan.linkB}): ${B.unsupported}` };
  return { A: A.features, B: B.features };
}
