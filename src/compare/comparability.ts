// What differs between two campaigns in a way that breaks a comparison of their cells: the kernel,
// the engine, the machine, the benchmark image's recipe, a probe's settings (durations, omit,
// streams...), the stress load, the link, a runtime variant's binary or arguments. Each difference
// names the cells it touches, so one that touches no matched cell does not block (an HTTP setting
// when only bandwidth is compared). `compare` refuses a blocking difference unless it is accepted
// by name (--accept kernel,image). Pure: two manifests in, the differences out.
import type { MetricCell } from '../analysis/cells.js';
import { firstProvenance, type Manifest, type Provenance } from '../dataset/manifest.js';
import { COST_METRICS } from '../model/metrics.js';
import { BASELINE_RUNTIME, runtimeAt } from '../model/runtimes.js';
import { PROBES, PROBE_KEYS } from '../probes/registry.js';

/** Which cells a difference touches; a field left out: any. */
export interface DifferenceScope {
  experiments?: string[];
  metrics?: string[];
  loads?: string[];
  /** The runtimes: a cell is touched when one of them runs at either end of its pair. */
  runtimes?: string[];
}

/** The runtimes that run in a cell: each end's (runc at the other end of a one-end cell; the bare host's processes run in runc containers). */
const runningIn = (runtime: string): string[] =>
  runtime === BASELINE_RUNTIME ? ['runc'] : [runtimeAt(runtime, 'server'), runtimeAt(runtime, 'client')];

export interface ManifestDifference {
  /** What `--accept` takes: kernel, docker, machine, image, lab, link, stress, a probe's config key (iperf3, ping...), runtime:<name>. */
  name: string;
  /** What differs, in words: "kernel of host A", "iperf3 durationS". */
  what: string;
  a: string;
  b: string;
  scope: DifferenceScope;
}

/** The names --accept knows besides a probe's key and runtime:<name>. */
export const DIFFERENCE_NAMES = ['kernel', 'docker', 'machine', 'image', 'lab', 'link', 'stress', ...PROBE_KEYS, 'runtime'] as const;

/** Settings of a probe that do not change what it measures: where it listens, and which cells run it. */
const NOT_MEASURED = new Set(['port', 'enabled', 'pairs', 'runtimes']);

/** Every session's provenance (a resumed campaign may have run on another kernel or image); the manifest's own for a session without one (older campaigns). */
const provenances = (m: Manifest): Provenance[] => [firstProvenance(m), ...m.sessions.flatMap((s) => (s.provenance ? [s.provenance] : []))];

/** The distinct values of a field over a campaign's sessions, joined in one text. */
const valuesOf = (m: Manifest, f: (p: Provenance) => string): string => [...new Set(provenances(m).map(f))].sort().join(', ');

const text = (v: unknown): string => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

/** The differences between A's and B's manifests that could move a measurement. */
export function manifestDifferences(a: Manifest, b: Manifest): ManifestDifference[] {
  const out: ManifestDifference[] = [];
  const add = (name: string, what: string, va: string, vb: string, scope: DifferenceScope = {}) => {
    if (va !== vb) out.push({ name, what, a: va, b: vb, scope });
  };
  for (const h of ['A', 'B'] as const) {
    add(
      'kernel',
      `kernel of host ${h}`,
      valuesOf(a, (p) => p.hosts[h].kernel),
      valuesOf(b, (p) => p.hosts[h].kernel),
    );
    add(
      'docker',
      `Docker engine of host ${h}`,
      valuesOf(a, (p) => p.hosts[h].engineVersion),
      valuesOf(b, (p) => p.hosts[h].engineVersion),
    );
    const machine = (p: Provenance) => `${p.cpuModel[h] ?? '?'}, ${p.hosts[h].cpus} CPUs, cgroup v${p.hosts[h].cgroupVersion}`;
    add('machine', `machine of host ${h}`, valuesOf(a, machine), valuesOf(b, machine));
  }
  // the image's tag is its recipe's hash; two builds of one recipe differ in id only (debootstrap is not byte-reproducible)
  add(
    'image',
    "benchmark image's recipe",
    valuesOf(a, (p) => p.image.tag),
    valuesOf(b, (p) => p.image.tag),
  );
  add('lab', 'lab mode', a.lab.mode, b.lab.mode);
  add('link', "emulated A-B link's rate", a.lab.linkRate ?? 'unshaped', b.lab.linkRate ?? 'unshaped');
  /** Each field of a config section that differs (but those in `skip`): a difference named `name`. */
  const settings = (
    name: string,
    sa: Record<string, unknown>,
    sb: Record<string, unknown>,
    scope: DifferenceScope,
    skip = new Set<string>(),
  ) => {
    for (const f of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].filter((f) => !skip.has(f)).sort())
      add(name, `${name} ${f}`, text(sa[f]), text(sb[f]), scope);
  };
  for (const k of PROBE_KEYS) {
    const probe = PROBES[k];
    const metrics = [...probe.metrics.map((s) => s.metric), ...(probe.cost ? COST_METRICS : [])];
    settings(k, { ...a.config[k] }, { ...b.config[k] }, { experiments: [probe.experiment], metrics }, NOT_MEASURED);
  }
  settings('stress', { ...a.config.stress }, { ...b.config.stress }, { loads: ['stress'] });
  // the runtimes run by their own name: by binary, over every session of each campaign (absent in campaigns older than the record)
  const binaries = (m: Manifest) => new Set(provenances(m).flatMap((p) => (p.runtimeBinaries ?? []).map((r) => r.name)));
  const both = [...binaries(a)].filter((n) => binaries(b).has(n));
  for (const name of both) {
    // the sessions that recorded it (a session of an older toolkit did not)
    const of = (m: Manifest) =>
      [
        ...new Set(
          provenances(m).flatMap(
            (p) =>
              p.runtimeBinaries
                ?.filter((x) => x.name === name)
                .map((r) => `${r.host ? `${r.host}: ` : ''}${r.version} (sha256 ${r.sha256.slice(0, 12)})`) ?? [],
          ),
        ),
      ]
        .sort()
        .join(', ');
    add(`runtime:${name}`, `${name}'s binary`, of(a), of(b), { runtimes: [name] });
  }
  const variantsB = new Map((b.variants ?? []).map((v) => [v.name, v]));
  for (const va of a.variants ?? []) {
    const vb = variantsB.get(va.name);
    if (!vb) continue;
    const scope = { runtimes: [va.name] };
    add(`runtime:${va.name}`, `${va.name}'s binary (sha256)`, va.sha256, vb.sha256, scope);
    add(`runtime:${va.name}`, `${va.name}'s arguments`, va.args.join(' ') || '(none)', vb.args.join(' ') || '(none)', scope);
  }
  return out;
}

/** Does a difference touch a cell? */
export const touches = (d: ManifestDifference, c: MetricCell): boolean =>
  (!d.scope.experiments || d.scope.experiments.includes(c.experiment)) &&
  (!d.scope.metrics || d.scope.metrics.includes(c.metric)) &&
  (!d.scope.loads || d.scope.loads.includes(c.load)) &&
  (!d.scope.runtimes || runningIn(c.runtime).some((r) => d.scope.runtimes!.includes(r)));

/** Is a difference accepted by one of these names (`runtime` accepts every runtime:<name>)? */
export const accepted = (d: ManifestDifference, names: readonly string[]): boolean =>
  names.includes(d.name) || (d.name.startsWith('runtime:') && names.includes('runtime'));
