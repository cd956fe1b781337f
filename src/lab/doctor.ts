// `netbench doctor`: for each host, what it is (engine, kernel, CPUs, memory), which runtimes and
// drivers really run a container there, the image, and for every problem the command that fixes it.
import { describeError, isNetbenchError } from '../base/errors.js';
import { answers, client, sshHostKeyProblem } from '../engine/endpoint.js';
import { hostFacts, offeredRuntimes, type HostFacts } from '../engine/host-facts.js';
import { imagePresent, imageRecipe, imageTag, hostSuite } from './image.js';
import { runtimeEntries } from '../engine/runtimes.js';
import { probeMatrix, type MatrixEntry } from './probe-matrix.js';
import { stateStore } from './lab-common.js';
import { checkStats } from '../engine/stats-check.js';
import { topologyOf } from './topology.js';
import type { HostId } from '../model/hosts.js';
import { canonicalRuntime, runtimeInfo } from '../model/runtimes.js';
import type { LabConfig } from './lab-config.js';

export interface Problem {
  host?: HostId;
  problem: string;
  fix: string;
}

export interface DoctorReport {
  hosts: Partial<Record<HostId, HostFacts & { image: boolean }>>;
  matrix: MatrixEntry[];
  image: string;
  problems: Problem[];
}

export interface DoctorOptions {
  /** Runtimes the user intends to use; each missing one is a problem. */
  runtimes?: string[];
  /** Skip running containers (facts only). */
  quick?: boolean;
}

export async function diagnose(c: LabConfig, o: DoctorOptions = {}): Promise<DoctorReport> {
  const problems: Problem[] = [];
  const wanted = (o.runtimes ?? []).map((r) => {
    try {
      return canonicalRuntime(r);
    } catch (e) {
      problems.push({ problem: isNetbenchError(e) ? e.message : describeError(e), fix: isNetbenchError(e) ? e.hint : '' });
      return undefined;
    }
  });
  const t = topologyOf(c);
  const image = imageTag(imageRecipe(await hostSuite()));
  const report: DoctorReport = { hosts: {}, matrix: [], image, problems };
  if (c.mode === 'emulated' && process.getuid?.() !== 0) {
    problems.push({
      problem: 'not running as root: the emulated lab needs root (namespaces, routes, dockerd)',
      fix: 'sudo ./netbench doctor',
    });
  }
  const state = await stateStore(c).read();
  const facts: Partial<Record<HostId, HostFacts>> = {};
  for (const id of ['A', 'B'] as const) {
    const endpoint = t.hosts[id].endpoint;
    if (!(await answers(endpoint, 5_000))) {
      const hostKey = sshHostKeyProblem(endpoint);
      if (hostKey) {
        problems.push({ host: id, ...hostKey });
        continue;
      }
      const fix =
        c.mode === 'emulated'
          ? state
            ? `the lab is recorded as up but host ${id}'s engine does not answer; read ${state.daemons[id]?.logFile ?? 'its dockerd log'}, then: ./netbench lab down && ./netbench lab up`
            : './netbench lab up'
          : `start dockerd on host ${id} and check \`docker -H ${endpoint} info\` from here`;
      problems.push({ host: id, problem: `no Docker engine answers at ${endpoint}`, fix });
      continue;
    }
    const d = client(endpoint);
    facts[id] = await hostFacts(id, endpoint, d);
    const present = await imagePresent(d, image);
    report.hosts[id] = { ...facts[id], image: present };
    if (!present)
      problems.push({
        host: id,
        problem: `benchmark image ${image} is missing`,
        fix: './netbench lab up (builds it offline with debootstrap, or loads it from host A)',
      });
    const offered = offeredRuntimes(facts[id]);
    for (const r of wanted) {
      if (r && !offered.includes(r)) {
        const info = runtimeInfo(r);
        problems.push({
          host: id,
          problem: `runtime "${r}" is not available on host ${id} (it offers ${offered.join(', ')})`,
          fix: info?.install ?? `register ${r} in the engine's daemon.json`,
        });
      }
    }
    const external = state?.externalEngine?.[id];
    if (external) {
      const missing = ['crun', 'runsc'].filter((r) => !offered.includes(r));
      if (missing.length) {
        const snippet = JSON.stringify({
          runtimes: runtimeEntries({ crun: '/usr/bin/crun', runsc: `${c.stateDir}/${c.name}/bin/runsc-netns-wrapper` }, 20),
        });
        problems.push({
          host: id,
          problem: `host ${id}'s engine was not started by netbench and does not offer ${missing.join(', ')}`,
          fix: `merge ${snippet} into /etc/docker/daemon.json, then reload it: kill -HUP $(pidof dockerd)`,
        });
      }
    }
  }
  if (!o.quick && facts.A && facts.B && report.hosts.A?.image && report.hosts.B?.image) {
    report.matrix = await probeMatrix(
      { A: client(t.hosts.A.endpoint), B: client(t.hosts.B.endpoint) },
      { A: facts.A, B: facts.B },
      t,
      image,
    );
    for (const id of ['A', 'B'] as const) {
      const why = await checkStats(client(t.hosts[id].endpoint), t.name, image);
      if (why)
        problems.push({
          host: id,
          problem: `the engine's stats API does not measure containers (${why}); the HTTP experiment's server CPU and memory need it`,
          fix:
            c.mode === 'emulated'
              ? './netbench lab down && ./netbench lab up (mounts any cgroup v1 hierarchy the kernel kept without a mount; see docs/lab.md, "Runtime fixes")'
              : `on host ${id}: compare /proc/cgroups with the cgroup mounts, mount any controller that has a hierarchy but no mount, and restart dockerd`,
        });
    }
    for (const m of report.matrix.filter((m) => m.status === 'failed')) {
      problems.push({
        host: m.host,
        problem: `${m.runtime} + ${m.driver}: ${m.detail}`,
        fix: 'see docs/lab.md, section "Runtime fixes"; `./netbench lab down && ./netbench lab up` re-applies them',
      });
    }
  }
  return report;
}
