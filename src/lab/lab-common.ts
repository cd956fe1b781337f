// What `lab up`, `lab down` and `lab status` share: the root check, the lab's state store and
// directories, its packages, and an engine client per host.
import { join } from 'node:path';
import { NetbenchError } from '../base/errors.js';
import { client } from '../engine/endpoint.js';
import type { Engines } from './networks.js';
import { LAB_PACKAGES } from '../machine/packages.js';
import { StateStore } from './state.js';
import type { Topology } from './topology.js';
import type { EmulatedLabConfig, LabConfig } from './lab-config.js';

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new NetbenchError(
      'not-root',
      `${what} needs root (network namespaces, routes, dockerd)`,
      `Run it as root: sudo ./netbench ${what}`,
    );
  }
}

/** The v1 cgroup hierarchies the kernel keeps until reboot, noted when the toolkit found them: under /run, which a reboot clears too. */
export const keptMarker = (c: EmulatedLabConfig): string => join(c.runDir, 'cgroup-v1-kept');

/** The Debian packages `lab up` installs: the engines and runtimes of the emulated lab; for remote hosts, which bring their own engines, only what builds the image. */
export const labPackages = (c: Pick<LabConfig, 'mode'>): string[] => (c.mode === 'emulated' ? Object.keys(LAB_PACKAGES) : ['debootstrap']);

/** Where Debian packages of other suites are fetched to, under the state directory (kept by lab down, like the image's build cache). */
export const DEBIAN_DIR = 'debian';

export const stateStore = (c: LabConfig): StateStore => StateStore.forLab(c.stateDir, c.name);

export function engines(t: Topology): Engines {
  return { A: client(t.hosts.A.endpoint), B: client(t.hosts.B.endpoint) };
}

/** Seconds to the hundredth: the precision of the lab's reports. */
export const round = (x: number): number => Math.round(x * 100) / 100;
