// The OCI runtime binaries a Docker engine runs by their own names (runc, crun, runsc), read through
// the engine itself, so that a remote host (ssh://, tcp://) needs no shell of ours: one container of
// the benchmark image, without a network, with the host's /usr (and the folder of any runtime
// registered by an absolute path elsewhere) mounted read-only, hashes each binary and asks it for its
// version. A dynamically linked runtime runs with the host's own loader and libraries. A wrapper
// script the engine runs (`#!` ... `exec /usr/bin/runsc "$@"`) is followed to the binary it execs.
import type Docker from 'dockerode';
import { z } from 'zod';
import { BUILTIN_RUNTIME_BINARIES, type RuntimeBinary } from '../model/runtime-binaries.js';
import type { HostId } from '../model/hosts.js';
import { describeError } from '../base/errors.js';
import { engineInfo } from './replies.js';
import { runToCompletion } from './containers.js';

/** A runtime as the engine registers it: its name and the path it runs (absolute, or a name dockerd finds on its PATH). */
export interface EngineRuntime {
  name: string;
  path: string;
}

/** Where the host's file system appears in the container. */
const HOST_ROOT = '/host';
/** Where dockerd looks for a runtime registered by name, under /usr (bin and sbin are /usr's on a merged-/usr host). */
const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin'];

const RuntimeEntrySchema = z.object({ path: z.string().min(1) });

/** The runtimes of BUILTIN_RUNTIME_BINARIES in `docker info`'s Runtimes, with their paths (pure). */
export function builtinRuntimes(runtimes: Record<string, unknown> | null | undefined): EngineRuntime[] {
  return BUILTIN_RUNTIME_BINARIES.flatMap((name) => {
    const entry = RuntimeEntrySchema.safeParse(runtimes?.[name]);
    return entry.success ? [{ name, path: entry.data.path }] : [];
  });
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

/** The host folders to mount read-only: /usr, and the folder of each absolute path outside it (pure). */
export function hostFolders(rs: readonly EngineRuntime[]): string[] {
  const outside = rs.map((r) => r.path).filter((p) => p.startsWith('/') && !p.startsWith('/usr/'));
  return [...new Set(['/usr', ...outside.map(dirOf)])];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The bash script that reports each runtime (pure): a section `== <name>` with the lines `binary`
 * (a wrapper script followed to what it execs), `sha256` and `version`, or `missing <why>`. `root` is
 * where the host's file system is seen (the container's mount; a test's folder).
 */
export function runtimeBinaryScript(rs: readonly EngineRuntime[], root = HOST_ROOT): string {
  const lines = [
    `R=${quote(root)}`,
    // the host's loader and library folders, for a runtime that needs its shared libraries
    'LD=$(ls -1 "$R"/usr/lib64/ld-linux-*.so.* "$R"/usr/lib/ld-linux-*.so.* "$R"/usr/lib/*-linux-gnu*/ld-linux-*.so.* 2>/dev/null | head -n1)',
    'LIBS=$(ls -d "$R"/usr/lib/*-linux-gnu* "$R"/usr/lib64 "$R"/usr/lib 2>/dev/null | paste -sd: -)',
    'report() {',
    '  name=$1 f=$2 absent=$3',
    '  echo "== $name"',
    '  if [ ! -f "$f" ]; then echo "missing $absent"; return; fi',
    '  if [ "$(head -c2 "$f")" = "#!" ]; then',
    // the binary a wrapper script ends by exec-ing, named by its absolute path
    `    t=$(grep -oE '^[[:space:]]*exec[[:space:]]+/[^[:space:]"]+' "$f" | tail -n1 | awk '{print $2}')`,
    '    if [ -z "$t" ] || [ ! -f "$R$t" ]; then echo "missing ${f#"$R"} is a script that execs no binary found under /usr"; return; fi',
    '    f=$R$t',
    '  fi',
    '  echo "binary ${f#"$R"}"',
    '  echo "sha256 $(sha256sum "$f" | cut -d" " -f1)"',
    '  v=$(timeout 15 "$f" --version 2>/dev/null | head -n1)',
    '  if [ -z "$v" ] && [ -n "$LD" ]; then v=$(timeout 15 "$LD" --library-path "$LIBS" "$f" --version 2>/dev/null | head -n1); fi',
    '  echo "version ${v:-unknown (it did not run in a container of the image)}"',
    '}',
  ];
  for (const r of rs) {
    const candidates = r.path.startsWith('/') ? [r.path] : SEARCH.map((d) => `${d}/${r.path}`);
    lines.push(
      // the first candidate that is a file, else the last (reported missing)
      `f=; for c in ${candidates.map((c) => quote(root + c)).join(' ')}; do f=$c; [ -f "$f" ] && break; done`,
      `report ${quote(r.name)} "$f" ${quote(r.path.startsWith('/') ? `${r.path} is not a file on the host` : `${r.path} is in none of ${SEARCH.join(', ')} on the host`)}`,
    );
  }
  return lines.join('\n');
}

/** The runtime binaries of one engine that could be read, and `<runtime>: <why>` for each that could not. */
export interface RuntimeBinaryReport {
  binaries: RuntimeBinary[];
  missing: string[];
}

/**
 * The records in the script's output for the runtimes `expected` (pure): one reported missing, cut
 * short or not reported at all is in `missing`, with why.
 */
export function parseRuntimeBinaries(stdout: string, host: HostId, expected: readonly string[]): RuntimeBinaryReport {
  const binaries: RuntimeBinary[] = [];
  const missing: string[] = [];
  const reported = new Set<string>();
  for (const section of stdout.split(/^== /m).slice(1)) {
    const [name = '', ...rest] = section.trimEnd().split('\n');
    reported.add(name);
    const field = (k: string) => rest.find((l) => l.startsWith(`${k} `))?.slice(k.length + 1);
    const gone = field('missing');
    const [binary, sha256, version] = [field('binary'), field('sha256'), field('version')];
    if (gone !== undefined) missing.push(`${name}: ${gone}`);
    else if (binary && sha256 && /^[0-9a-f]{64}$/.test(sha256) && version) binaries.push({ name, binary, version, sha256, host });
    else missing.push(`${name}: the report was incomplete`);
  }
  for (const name of expected.filter((n) => !reported.has(n))) missing.push(`${name}: not reported (the reading container stopped first)`);
  return { binaries, missing };
}

/**
 * The runtime binaries of one host's engine, read in a container of `image` (run by runc, without a
 * network, labelled with the lab); what could not be read is returned as `missing`, with why.
 */
export async function engineRuntimeBinaries(docker: Docker, host: HostId, o: { lab: string; image: string }): Promise<RuntimeBinaryReport> {
  const rs = builtinRuntimes((await engineInfo(docker)).Runtimes);
  if (!rs.length) return { binaries: [], missing: [] };
  try {
    const r = await runToCompletion(
      docker,
      o.lab,
      {
        image: o.image,
        cmd: ['bash', '-c', runtimeBinaryScript(rs)],
        runtime: 'runc',
        network: 'none',
        role: 'manifest',
        readOnlyBinds: hostFolders(rs).map((d) => ({ host: d, container: `${HOST_ROOT}${d}` })),
      },
      60_000,
    );
    return parseRuntimeBinaries(
      r.stdout,
      host,
      rs.map((x) => x.name),
    );
  } catch (e) {
    return { binaries: [], missing: rs.map((x) => `${x.name}: ${describeError(e)}`) };
  }
}
