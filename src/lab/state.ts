// What the toolkit has created for a lab, recorded step by step (atomic writes) so that `lab down`
// undoes exactly that, even after a crash half-way through `lab up`.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../fsx.js';
import type { HostFacts } from '../engine/host-facts.js';
import type { MatrixEntry } from './probe-matrix.js';
import type { HostId } from '../model/hosts.js';

export interface RouteRecord {
  /** 'root' = host A's namespace; otherwise the netns name. */
  ns: string;
  dest: string;
}

export interface DaemonRecord {
  pid: number;
  configFile: string;
  logFile: string;
}

export interface LabState {
  name: string;
  createdAt: string;
  routes: RouteRecord[];
  netns?: string;
  link?: string;
  cgroupControllersMounted: string[];
  daemons: Partial<Record<HostId, DaemonRecord>>;
  swarmCreated: boolean;
  image?: { tag: string; recipeHash: string };
  /** The last `lab up` that finished; `hostsOnly` when it brought up the bare hosts (no swarm, no networks). */
  lastUp?: { at: string; durationS: number; imageBuilt: boolean; hostsOnly?: boolean };
  /** What the last `lab up` found by running containers. */
  facts?: Partial<Record<HostId, HostFacts>>;
  matrix?: MatrixEntry[];
  /** Why a host's engine was not started by the toolkit (so its runtimes are its own). */
  externalEngine?: Partial<Record<HostId, string>>;
}

export const emptyState = (name: string): LabState => ({
  name,
  createdAt: new Date().toISOString(),
  routes: [],
  cgroupControllersMounted: [],
  daemons: {},
  swarmCreated: false,
});

export class StateStore {
  constructor(readonly file: string) {}

  static forLab(stateDir: string, name: string): StateStore {
    return new StateStore(join(stateDir, name, 'state.json'));
  }

  async read(): Promise<LabState | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as LabState;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async write(s: LabState): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeJsonAtomic(this.file, s);
  }

  /** Apply a change and persist it at once. */
  async update(s: LabState, change: (s: LabState) => void): Promise<void> {
    change(s);
    await this.write(s);
  }

  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
