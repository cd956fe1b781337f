// The benchmark image, built offline from Debian packages (debootstrap + docker import: no image
// registry is reachable), tagged by a hash of its recipe so it is rebuilt only when the recipe changes.
import { makeDir } from '../base/fsx.js';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { NetbenchError } from '../base/errors.js';
import { run } from '../machine/exec.js';

export const IMAGE_REPO = 'netbench/bench';
/** Where the image is built (debootstrap's package cache, the root file system), under the state directory. */
export const IMAGE_BUILD_DIR = 'image';

export interface ImageRecipe {
  /** Bump when the build steps below change meaning. */
  version: number;
  suite: string;
  variant: 'minbase';
  packages: string[];
  /** Files written into the root file system after debootstrap. */
  files: Record<string, string>;
  /** Paths removed to slim the image (docs, caches, package lists). */
  slim: string[];
  env: string[];
}

export function imageRecipe(suite: string): ImageRecipe {
  return {
    version: 1,
    suite,
    variant: 'minbase',
    packages: [
      'iperf3', // bandwidth (TCP/UDP, JSON output)
      'iputils-ping', // RTT
      'sockperf', // latency percentiles
      'stress-ng', // CPU load in the server container
      'siege', // HTTP load (the blog post)
      'busybox', // shell tools
      'nginx-light', // the HTTP service of the http experiment (event-driven, like real services)
      'iproute2', // addresses and routes inside containers
      'procps', // ps/pgrep: check that stress-ng runs
    ],
    files: {
      '/www/index.html': '<!doctype html><title>netbench</title><p>netbench HTTP target</p>\n',
    },
    slim: [
      'var/cache/apt/archives',
      'var/lib/apt/lists',
      'usr/share/doc',
      'usr/share/man',
      'usr/share/info',
      'usr/share/locale',
      'var/log',
    ],
    env: ['HOME=/root', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  };
}

/** siege's own config: Debian's siegerc caps users at 255; the blog post runs 512. */
export function siegeConf(debianSiegerc: string): string {
  return debianSiegerc.replace(/^\s*limit\s*=.*$/m, 'limit = 1024');
}

export function recipeHash(r: ImageRecipe): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 12);
}

export const imageTag = (r: ImageRecipe): string => `${IMAGE_REPO}:${recipeHash(r)}`;

/** The Debian mirror the host's apt uses for `suite` (deb822 .sources or one-line .list). */
export function debianMirror(sourcesText: string, suite: string): string | undefined {
  for (const stanza of sourcesText.split(/\n\s*\n/)) {
    const field = (k: string) => new RegExp(`^${k}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/);
    const types = field('Types');
    const uris = field('URIs');
    const suites = field('Suites');
    if (types?.includes('deb') && uris?.length && suites?.includes(suite)) return uris[0];
  }
  for (const line of sourcesText.split('\n')) {
    const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m && m[2] === suite) return m[1];
  }
  return undefined;
}

export async function hostSuite(): Promise<string> {
  const osr = await readFile('/etc/os-release', 'utf8');
  const m = /^VERSION_CODENAME=(\S+)$/m.exec(osr);
  if (!m)
    throw new NetbenchError(
      'bad-config',
      'cannot tell the Debian release from /etc/os-release',
      'The image build needs a Debian host (debootstrap).',
    );
  return m[1]!;
}

export async function aptSources(): Promise<string> {
  const parts: string[] = [await readFile('/etc/apt/sources.list', 'utf8').catch(() => '')];
  const dir = '/etc/apt/sources.list.d';
  for (const f of (await readdir(dir).catch((): string[] => [])).sort()) {
    if (f.endsWith('.sources') || f.endsWith('.list')) parts.push(await readFile(join(dir, f), 'utf8'));
  }
  return parts.join('\n\n');
}

export async function imagePresent(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

/** debootstrap the recipe into a root file system and import it into `docker` as `tag`. */
export async function buildImage(docker: Docker, recipe: ImageRecipe, workDir: string, log: (m: string) => void): Promise<void> {
  const tag = imageTag(recipe);
  const suites = await aptSources();
  const mirror = debianMirror(suites, recipe.suite);
  if (!mirror) {
    throw new NetbenchError(
      'bad-config',
      `no Debian mirror for "${recipe.suite}" in /etc/apt/sources.list*`,
      'Configure apt for this Debian release first.',
    );
  }
  const rootfs = join(workDir, `rootfs-${recipeHash(recipe)}`);
  const cache = join(workDir, 'debcache');
  await rm(rootfs, { recursive: true, force: true });
  await makeDir(cache);
  log(`building image ${tag}: debootstrap ${recipe.suite} (${recipe.packages.join(', ')})`);
  try {
    await run(
      [
        'debootstrap',
        `--variant=${recipe.variant}`,
        `--cache-dir=${cache}`,
        `--include=${recipe.packages.join(',')}`,
        recipe.suite,
        rootfs,
        mirror,
      ],
      { timeoutMs: 1_200_000 },
    );
    for (const [path, content] of Object.entries(recipe.files)) {
      await makeDir(dirname(join(rootfs, path)));
      await writeFile(join(rootfs, path), content);
    }
    const siegerc = await readFile(join(rootfs, 'etc/siege/siegerc'), 'utf8');
    await makeDir(join(rootfs, 'root/.siege'));
    await writeFile(join(rootfs, 'root/.siege/siege.conf'), siegeConf(siegerc));
    for (const p of recipe.slim) {
      await rm(join(rootfs, p), { recursive: true, force: true });
      await makeDir(join(rootfs, p));
    }
    log(`importing ${tag}`);
    await importRootfs(docker, rootfs, tag, [
      ...recipe.env.map((e) => `ENV ${e}`),
      'CMD ["/bin/bash"]',
      `LABEL io.netbench.recipe=${recipeHash(recipe)}`,
    ]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

async function importRootfs(docker: Docker, rootfs: string, tag: string, changes: string[]): Promise<void> {
  const colon = tag.lastIndexOf(':');
  const [repo, version] = [tag.slice(0, colon), tag.slice(colon + 1)];
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarErr = '';
  tar.stderr.on('data', (d: Buffer) => (tarErr += d.toString()));
  const tarDone = new Promise<number>((res) => tar.on('close', (c) => res(c ?? -1)));
  const stream = await docker.importImage(tar.stdout, { repo, tag: version, changes });
  await followProgress(docker, stream);
  const code = await tarDone;
  if (code !== 0) throw new NetbenchError('tool-failed', `tar of the image root failed (${code}): ${tarErr}`, 'Check free disk space.');
  if (!(await imagePresent(docker, tag)))
    throw new NetbenchError('tool-failed', `docker import did not produce ${tag}`, 'Read the engine log.');
}

/** Copy an image from one engine to another (docker save | docker load through the API). */
export async function copyImage(from: Docker, to: Docker, tag: string): Promise<void> {
  const tar = await from.getImage(tag).get();
  const res = await to.loadImage(tar, { quiet: true });
  await followProgress(to, res);
  if (!(await imagePresent(to, tag)))
    throw new NetbenchError('tool-failed', `loading ${tag} into the second engine failed`, 'Read the engine log.');
}

function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = out?.find((o) => o.error);
      if (err || failed)
        reject(new NetbenchError('tool-failed', `image transfer failed: ${err?.message ?? failed?.error}`, 'Read the engine log.'));
      else resolve();
    }),
  );
}
