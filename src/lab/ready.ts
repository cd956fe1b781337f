// What a campaign runs on, in one call: the lab brought up (or found up) and an engine client per
// host, with the facts and image the lab reports. The runtime x driver check is left out: a
// campaign runs every cell it plans and records each failure with its reason, so no campaign reads
// it (`lab up` and `doctor` run it).
import type { Logger } from '../base/logger.js';
import { engines } from './lab-common.js';
import type { LabConfig } from './lab-config.js';
import type { Engines } from './networks.js';
import { topologyOf, type Topology } from './topology.js';
import { labUp, type UpReport } from './up.js';

/** What `lab up` reports that a campaign reads (each host's facts, the image's tag, the variants), with the lab's config, topology and an engine per host. */
export interface ReadyLab extends Pick<UpReport, 'facts' | 'image' | 'variants'> {
  config: LabConfig;
  topology: Topology;
  engines: Engines;
}

/** The lab `c` up and ready for a campaign. */
export async function readyLab(c: LabConfig, log: Logger): Promise<ReadyLab> {
  const up = await labUp(c, log, { check: false });
  const topology = topologyOf(c);
  return { config: c, topology, engines: engines(topology), facts: up.facts, image: up.image, variants: up.variants };
}
