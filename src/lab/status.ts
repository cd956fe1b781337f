// `lab status`: what the lab's state records, and whether its engines, namespace and link are there.
import { linkExists, netnsExists } from '../machine/netns.js';
import { linkShaping } from '../machine/link-shaping.js';
import { answers } from '../engine/endpoint.js';
import type { LabState } from './state.js';
import { emulatedPlan, topologyOf } from './topology.js';
import type { HostId } from '../model/hosts.js';
import type { LabConfig } from './lab-config.js';
import { stateStore } from './lab-common.js';

export interface StatusReport {
  exists: boolean;
  state?: LabState;
  engines: Record<HostId, boolean>;
  netns?: boolean;
  /** The emulated A-B link's rate each way in bits per second when shaped (tc tbf), null when not, per end. */
  linkShaping?: { A: number | null; B: number | null };
}

export async function labStatus(c: LabConfig): Promise<StatusReport> {
  const state = await stateStore(c).read();
  const t = topologyOf(c);
  const report: StatusReport = {
    exists: state !== undefined,
    engines: { A: await answers(t.hosts.A.endpoint), B: await answers(t.hosts.B.endpoint) },
  };
  if (state) report.state = state;
  if (c.mode === 'emulated') {
    const plan = emulatedPlan(c);
    report.netns = await netnsExists(plan.netns);
    const shaping = async (dev: string, ns?: string) =>
      (await linkExists(dev, ns)) ? ((await linkShaping(dev, ns).catch(() => undefined)) ?? null) : null;
    if (state?.link) report.linkShaping = { A: await shaping(plan.linkA), B: report.netns ? await shaping(plan.linkB, plan.netns) : null };
  }
  return report;
}
