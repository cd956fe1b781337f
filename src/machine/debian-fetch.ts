// A binary from a Debian package of another suite (e.g. trixie's runsc on a bookworm machine),
// without touching the machine's apt configuration: a sources list, package lists and cache of
// our own under `dir`; apt verifies the suite's Release signature against Debian's keyring and
// the package's hash against the signed index; dpkg-deb unpacks it. Cached: a second fetch of
// the same package and suite reads the record and checks the binary's hash, offline.
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';
import { makeDir, writeFileAtomic, writeJsonAtomic } from '../base/fsx.js';
import { run } from './exec.js';

export const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
export const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export interface DebianBinary {
  package: string;
  suite: string;
  /** the binary's path inside the package, e.g. usr/bin/runsc */
  binary: string;
}

const FetchedSchema = z.object({
  package: z.string(),
  suite: z.string(),
  version: z.string(),
  /** the .deb's sha256 (as apt's signed index lists it) */
  debSha256: z.string(),
  /** the unpacked binary's path and sha256 */
  path: z.string(),
  sha256: z.string(),
  fetchedAt: z.string(),
});
export type FetchedBinary = z.infer<typeof FetchedSchema>;

export const sha256File = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** apt's options that keep it to our own files. */
export function aptOptions(dir: string): string[] {
  return [
    ['Dir::Etc::SourceList', join(dir, 'sources.list')],
    ['Dir::Etc::SourceParts', '/dev/null'],
    ['Dir::State::Lists', join(dir, 'lists')],
    ['Dir::Cache', join(dir, 'cache')],
    ['APT::Sandbox::User', 'root'],
  ].flatMap(([k, v]) => ['-o', `${k}=${v}`]);
}

/** The fields of `apt-cache show` for the candidate version (the first stanza). */
export function parseAptShow(text: string): { version: string; sha256: string } | undefined {
  const stanza = text.split(/\n\s*\n/)[0] ?? '';
  const field = (k: string) => new RegExp(`^${k}: (.+)$`, 'm').exec(stanza)?.[1]?.trim();
  const version = field('Version');
  const sha256 = field('SHA256');
  return version && sha256 ? { version, sha256 } : undefined;
}

const recordPath = (dir: string, b: DebianBinary) => join(dir, `${b.package}.json`);

async function cached(dir: string, b: DebianBinary): Promise<FetchedBinary | undefined> {
  try {
    const r = FetchedSchema.parse(JSON.parse(await readFile(recordPath(dir, b), 'utf8')));
    return (await sha256File(r.path)) === r.sha256 ? r : undefined;
  } catch {
    return undefined;
  }
}

/** `b`'s binary, fetched into `dir` (one directory per suite) unless cached there. */
export async function fetchDebianBinary(b: DebianBinary, dir: string, log: (m: string) => void): Promise<FetchedBinary> {
  const have = await cached(dir, b);
  if (have) return have;
  const fail = (what: string, e: unknown) =>
    new NetbenchError(
      'tool-failed',
      `cannot fetch ${b.package} from Debian ${b.suite}: ${what}: ${describeError(e)}`,
      `Check that ${DEBIAN_MIRROR} answers (apt-get needs it) and that ${DEBIAN_KEYRING} exists (apt-get install debian-archive-keyring); then run it again.`,
    );
  log(`fetching ${b.package} from Debian ${b.suite} (verified by apt, kept in ${dir})`);
  for (const d of ['lists/partial', 'cache/archives/partial', 'debs']) await makeDir(join(dir, d));
  await writeFileAtomic(join(dir, 'sources.list'), `deb [signed-by=${DEBIAN_KEYRING}] ${DEBIAN_MIRROR} ${b.suite} main\n`);
  const o = aptOptions(dir);
  await run(['apt-get', ...o, '-q', 'update'], { timeoutMs: 300_000 }).catch((e: unknown) => {
    throw fail('apt-get update', e);
  });
  const show = await run(['apt-cache', ...o, 'show', '--no-all-versions', b.package]).catch((e: unknown) => {
    throw fail('apt-cache show', e);
  });
  const candidate = parseAptShow(show.stdout);
  if (!candidate) throw fail('apt-cache show', `no version of ${b.package} in ${b.suite}`);
  const debs = join(dir, 'debs');
  for (const f of await readdir(debs)) if (f.startsWith(`${b.package}_`)) await rm(join(debs, f));
  // apt-get download writes into the working directory: run it there through env -C
  await run(['env', '-C', debs, 'apt-get', ...o, '-q', 'download', `${b.package}=${candidate.version}`], { timeoutMs: 600_000 }).catch(
    (e: unknown) => {
      throw fail('apt-get download', e);
    },
  );
  const deb = (await readdir(debs)).find((f) => f.startsWith(`${b.package}_`) && f.endsWith('.deb'));
  if (!deb) throw fail('apt-get download', 'no .deb written');
  const debSha256 = await sha256File(join(debs, deb));
  if (debSha256 !== candidate.sha256) throw fail('verify', `${deb} has sha256 ${debSha256}, the signed index says ${candidate.sha256}`);
  const root = join(dir, `${b.package}-${candidate.version.replace(/[^A-Za-z0-9.+~-]/g, '_')}`);
  await rm(root, { recursive: true, force: true });
  await run(['dpkg-deb', '-x', join(debs, deb), root], { timeoutMs: 120_000 });
  const path = join(root, b.binary);
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile() || !(st.mode & 0o111)) throw fail('unpack', `${b.binary} is not an executable file in ${deb}`);
  const record: FetchedBinary = {
    package: b.package,
    suite: b.suite,
    version: candidate.version,
    debSha256,
    path,
    sha256: await sha256File(path),
    fetchedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(recordPath(dir, b), record);
  return record;
}
