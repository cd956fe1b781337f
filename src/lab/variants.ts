// The runtime variants `lab up --variants` asks for, made ready on this machine: the host's own
// binary, a Debian package of another suite fetched and verified (host/debian-fetch.ts), or a
// Kata shim on PATH; gVisor binaries through the netns wrapper where this kernel needs it. Each is
// recorded (binary, version, sha256, arguments, source) for the lab state and the manifest.
import { join } from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { NetbenchError, describeError, isNetbenchError } from '../base/errors.js';
import type { VariantBinary } from '../engine/runtimes.js';
import { fetchDebianBinary, sha256File } from '../machine/debian-fetch.js';
import { run } from '../machine/exec.js';
import { exists } from '../base/fsx.js';
import { which, writeRunscWrapper } from '../machine/host-fixes.js';
import { BUILTIN_VARIANTS, variantOf, type RuntimeVariant } from '../model/variants.js';
import { oneEndOf, runtimeAt } from '../model/runtimes.js';
import type { SandboxCheck, VariantRecord } from './state.js';

/** The variants named, each known; an error lists the catalogue. */
export function wantedVariants(names: readonly string[]): RuntimeVariant[] {
  return names.map((n) => {
    const v = variantOf(n);
    const end = oneEndOf(n);
    if (!v && end)
      throw new NetbenchError(
        'bad-config',
        `"${n}" is a runtime at one end of a pair, not a runtime variant`,
        `Bring up its runtime (netbench lab up --variants ${runtimeAt(n, end)} for a variant), then name ${n} in collect --runtimes.`,
      );
    if (!v)
      throw new NetbenchError(
        'bad-config',
        `unknown runtime variant "${n}"`,
        `Use some of: ${BUILTIN_VARIANTS.map((x) => `${x.name} (${x.description})`).join('; ')}.`,
      );
    return v;
  });
}

/** A binary's version line (`runsc --version` and the like), or what went wrong. */
async function versionOf(binary: string): Promise<string> {
  const r = await run([binary, '--version'], { reject: false, timeoutMs: 20_000 }).catch((e: unknown) => ({
    stdout: '',
    stderr: describeError(e),
  }));
  return (r.stdout || r.stderr).split('\n')[0]?.trim() || 'unknown';
}

/** How long a gVisor variant gets to run `/bin/true` in a sandbox before it is left out (it takes 0.2 s here). */
export const SANDBOX_CHECK_MS = 20_000;

/**
 * A gVisor variant runs `/bin/true` in a sandbox of its own (no network, a private state directory)
 * within SANDBOX_CHECK_MS, or it is not registered: under Docker a configuration that cannot start
 * does not always fail; gVisor's KVM platform on a /dev/kvm that cannot run its guest (this VM's)
 * spins at container create and holds the engine.
 */
async function sandboxStarts(binary: string, v: RuntimeVariant): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'netbench-variant-'));
  const argv = [binary, '--root', root, '--network=none', ...v.args.filter((a) => !a.startsWith('--network')), 'do', '/bin/true'];
  try {
    const r = await run(argv, { reject: false, timeoutMs: SANDBOX_CHECK_MS });
    if (r.exitCode !== 0)
      throw new Error(
        `\`${argv.join(' ')}\` exited with ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}`,
      );
  } catch (e) {
    if (isNetbenchError(e) && e.kind === 'timeout')
      throw new Error(
        `\`${argv.join(' ')}\` did not finish within ${SANDBOX_CHECK_MS / 1000} s: this configuration does not start a sandbox here` +
          (v.args.includes('--platform=kvm')
            ? ' (the KVM platform needs a /dev/kvm that can run its guest; a VM without nested virtualisation cannot)'
            : ''),
      );
    throw e;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** This boot of the machine (/proc/sys/kernel/random/boot_id): a sandbox check holds until it changes. */
export const bootId = async (): Promise<string> => (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();

/** The check of this binary (by its sha256) with these arguments made since this boot, if any. Pure. */
export function heldCheck(known: readonly SandboxCheck[], sha256: string, args: readonly string[], boot: string): SandboxCheck | undefined {
  return known.find((k) => k.sha256 === sha256 && k.bootId === boot && k.args.join('\0') === args.join('\0'));
}

/**
 * The variant's sandbox check: the one made since this boot on the same binary and arguments
 * (unless `recheck`), or a new one. A check that failed throws its reason, saying when it was made.
 */
export async function checkedSandbox(
  binary: string,
  sha256: string,
  v: RuntimeVariant,
  sandbox: VariantContext['sandbox'],
  made: SandboxCheck[],
): Promise<void> {
  const boot = await bootId();
  const held = sandbox.recheck ? undefined : heldCheck(sandbox.known, sha256, v.args, boot);
  const check: SandboxCheck = held ?? { sha256, args: [...v.args], bootId: boot, at: new Date().toISOString() };
  if (!held)
    await sandboxStarts(binary, v).catch((e: unknown) => {
      check.failed = describeError(e);
    });
  made.push(check);
  if (check.failed)
    throw new Error(
      held ? `${check.failed} (checked at ${check.at}, since this machine started; lab up --recheck checks again)` : check.failed,
    );
}

export interface ReadyVariants {
  binaries: VariantBinary[];
  records: VariantRecord[];
  /** variants that could not be made ready here, with why (warned, left out) */
  missing: Array<{ name: string; reason: string }>;
  /** the sandbox checks of the gVisor variants, made now or reused (for the lab state) */
  sandboxChecks: SandboxCheck[];
}

export interface VariantContext {
  /** where Debian packages are fetched to (kept across lab down, like the image's build cache) */
  debianDir: string;
  /** where wrappers are written */
  binDir: string;
  /** does gVisor need the netns wrapper on this kernel? */
  runscNeedsWrapper: boolean;
  /** the sandbox checks the lab state holds; recheck: make them again (`lab up --recheck`) */
  sandbox: { known: readonly SandboxCheck[]; recheck: boolean };
  log: { step(m: string): void; warn(m: string): void };
}

export async function readyVariants(wanted: readonly RuntimeVariant[], x: VariantContext): Promise<ReadyVariants> {
  const out: ReadyVariants = { binaries: [], records: [], missing: [], sandboxChecks: [] };
  for (const v of wanted) {
    try {
      for (const d of v.requires ?? [])
        if (!(await exists(d))) throw new Error(`it needs ${d}, which this machine does not have (a VM, or a kernel without KVM)`);
      const src = v.source;
      let binary: string;
      let source: string;
      if (src.kind === 'shim') {
        const shim = await which(src.shim);
        if (!shim) throw new Error(`${src.shim} is not on PATH: install Kata Containers with kata-deploy`);
        out.binaries.push({ variant: v });
        out.records.push({
          name: v.name,
          base: v.base,
          binary: shim,
          version: await versionOf(shim),
          sha256: await sha256File(shim),
          args: v.args,
          source: `shim ${src.runtimeType}`,
        });
        continue;
      }
      if (src.kind === 'host') {
        const b = await which(v.base);
        if (!b) throw new Error(`${v.base} is not installed on this machine (apt-get install ${v.base})`);
        binary = b;
        source = `host ${b}`;
      } else {
        const f = await fetchDebianBinary(src, join(x.debianDir, src.suite), x.log.step);
        binary = f.path;
        source = `debian ${src.suite} ${f.package} ${f.version} (deb sha256 ${f.debSha256})`;
      }
      const sha256 = await sha256File(binary);
      if (v.base === 'runsc') await checkedSandbox(binary, sha256, v, x.sandbox, out.sandboxChecks);
      const path =
        v.base === 'runsc' && x.runscNeedsWrapper
          ? await writeRunscWrapper(x.binDir, binary, `${src.kind === 'host' ? 'runsc' : `runsc-${src.suite}`}-netns-wrapper`)
          : binary;
      out.binaries.push({ variant: v, path });
      out.records.push({
        name: v.name,
        base: v.base,
        binary,
        version: await versionOf(binary),
        sha256,
        args: v.args,
        source,
      });
    } catch (e) {
      const reason = describeError(e);
      out.missing.push({ name: v.name, reason });
      x.log.warn(`runtime variant ${v.name} is left out: ${reason}`);
    }
  }
  return out;
}
