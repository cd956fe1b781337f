// `netbench lab up | down | status`
import { labDown } from '../lab/down.js';
import { labStatus } from '../lab/status.js';
import { labUp, type UpReport } from '../lab/up.js';
import type { MatrixEntry } from '../lab/probe-matrix.js';
import type { GlobalOptions } from './options.js';
import { formatTable, gib, stderrLogger } from './output.js';
import type { LabConfig } from '../lab/lab-config.js';
import { listFlag } from '../config/campaign-config.js';

/** --variants: a list, or "none"; an empty list or entry is an error (listFlag). */
export const variantList = (s: string | undefined): string[] | undefined =>
  s === undefined ? undefined : s.trim() === 'none' ? [] : listFlag('variants', s, ',');

export async function labUpCommand(
  c: LabConfig,
  o: GlobalOptions & { hostsOnly?: boolean; variants?: string; recheck?: boolean },
): Promise<void> {
  const r = await labUp(c, stderrLogger(o.quiet), {
    hostsOnly: o.hostsOnly ?? false,
    variants: variantList(o.variants),
    ...(o.recheck ? { check: true } : {}),
  });
  if (o.json) return void process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  process.stdout.write(upSummary(r) + '\n');
}

export function upSummary(r: UpReport): string {
  const hosts = (['A', 'B'] as const).map((id) => {
    const f = r.facts[id];
    return [
      id,
      f.endpoint,
      f.engineVersion,
      f.kernel,
      String(f.cpus),
      gib(f.memoryBytes),
      f.runtimes.join(' '),
      r.externalEngine[id] ? 'external' : 'netbench',
    ];
  });
  return [
    `lab up in ${r.durationS} s (image ${r.image}${r.imageBuilt ? ', built now' : ', cached'})`,
    '',
    formatTable(['host', 'endpoint', 'engine', 'kernel', 'cpus', 'memory', 'runtimes', 'started by'], hosts),
    '',
    ...(r.variants.length
      ? [
          formatTable(
            ['variant', 'version', 'arguments', 'from', 'sha256'],
            r.variants.map((v) => [
              v.name,
              v.version,
              v.args.join(' ') || '-',
              v.source.replace(/ \(deb sha256 \w+\)$/, ''),
              v.sha256.slice(0, 12),
            ]),
          ),
          '',
        ]
      : []),
    r.hostsOnly
      ? 'hosts only: no swarm and no lab networks (a remote config can now use these two engines; lab up without --hosts-only adds them)'
      : [
          ...(r.matrixFrom
            ? [
                `runtimes x drivers as checked at ${r.matrixFrom}: nothing they ran on has changed since (lab up --recheck checks again)`,
                '',
              ]
            : []),
          matrixTable(r.matrix),
        ].join('\n'),
  ].join('\n');
}

/** One row per host+runtime, one column per driver: ok / FAILED / unsupported. */
export function matrixTable(matrix: MatrixEntry[]): string {
  const drivers = ['bridge', 'host', 'macvlan', 'overlay'];
  const keys = [...new Map(matrix.map((m) => [`${m.host} ${m.runtime}`, { host: m.host, runtime: m.runtime }])).values()];
  const rows = keys.map(({ host, runtime }) => {
    return [
      host,
      runtime,
      ...drivers.map((d) => matrix.find((m) => m.host === host && m.runtime === runtime && m.driver === d)?.status ?? '-'),
    ];
  });
  const notes = matrix
    .filter((m) => m.status !== 'ok' || /ping failed/.test(m.detail))
    .map((m) => `  ${m.host} ${m.runtime} ${m.driver}: ${m.detail}`);
  return [formatTable(['host', 'runtime', ...drivers], rows), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

export async function labDownCommand(c: LabConfig, o: GlobalOptions & { purge?: boolean }): Promise<void> {
  const r = await labDown(c, stderrLogger(o.quiet), { purge: o.purge ?? false });
  if (o.json) return void process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  process.stdout.write(
    `lab ${c.name} is down (${r.removedContainers} container(s) removed${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ''})\n`,
  );
}

export async function labStatusCommand(c: LabConfig, o: GlobalOptions): Promise<void> {
  const s = await labStatus(c);
  if (o.json) return void process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  if (!s.exists) {
    process.stdout.write(
      `lab ${c.name} is down (no state). Host engines answering: A ${s.engines.A ? 'yes' : 'no'}, B ${s.engines.B ? 'yes' : 'no'}\n`,
    );
    return;
  }
  const st = s.state!;
  process.stdout.write(
    [
      `lab ${c.name} (${c.mode}) created ${st.createdAt}; ` +
        (st.lastUp
          ? `last up ${st.lastUp.at} in ${st.lastUp.durationS} s${st.lastUp.hostsOnly ? ' (--hosts-only: engines and image, no swarm, no networks)' : ''}`
          : 'no lab up has finished'),
      `engines answering: A ${s.engines.A ? 'yes' : 'NO'}, B ${s.engines.B ? 'yes' : 'NO'}${s.netns === undefined ? '' : `; namespace ${st.netns ?? '-'} ${s.netns ? 'present' : 'MISSING'}`}`,
      `image: ${st.image?.tag ?? '-'}`,
      ...(s.linkShaping ? [`link A-B: ${linkText(s.linkShaping)}`] : []),
      '',
      st.matrix?.length
        ? matrixTable(st.matrix)
        : '(no runtime x driver check since the last lab up: `netbench lab up` or `netbench doctor` runs it)',
    ].join('\n') + '\n',
  );
}

/** `1 Gbit/s each way (tc tbf)`, `unshaped`, or each end's rate when they differ. */
export function linkText(l: { A: number | null; B: number | null }): string {
  const rate = (b: number | null) => (b === null ? 'unshaped' : b >= 1e9 ? `${b / 1e9} Gbit/s` : `${b / 1e6} Mbit/s`);
  if (l.A === l.B) return l.A === null ? 'unshaped (as fast as the CPUs go)' : `${rate(l.A)} each way (tc tbf)`;
  return `A->B ${rate(l.A)}, B->A ${rate(l.B)} (tc tbf)`;
}
