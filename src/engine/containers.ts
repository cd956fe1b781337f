// Containers through the Docker API: every one labelled with its lab (so `lab down` finds it),
// every wait bounded by a deadline, logs demultiplexed into stdout and stderr.
import type Docker from 'dockerode';
import { checked, WaitSchema } from './replies.js';
import { NetbenchError, describeError } from '../base/errors.js';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export const LABEL_LAB = 'io.netbench.lab';
export const LABEL_ROLE = 'io.netbench.role';

export interface PortSpec {
  port: number;
  proto: 'tcp' | 'udp';
}

export interface ContainerSpec {
  image: string;
  cmd: string[];
  /** Docker runtime name as the engine knows it. */
  runtime: string;
  /** NetworkMode: bridge, host, or a network name. */
  network: string;
  ipv4?: string;
  publish?: PortSpec[];
  role: string;
  name?: string;
  env?: string[];
  /** Soft = hard open-files limit (siege needs many). */
  nofile?: number;
  /** Extra labels (e.g. the campaign a container belongs to). */
  labels?: Record<string, string>;
  /** Open its stdin (once): for a command that waits for a line there before it runs (startHeld). */
  stdin?: boolean;
  /** Host folders mounted read-only (the runtime binaries' record reads the host's /usr). */
  readOnlyBinds?: Array<{ host: string; container: string }>;
}

export function createOptions(lab: string, s: ContainerSpec): Docker.ContainerCreateOptions {
  const ports = s.publish ?? [];
  return {
    Image: s.image,
    Cmd: s.cmd,
    ...(s.name ? { name: s.name } : {}),
    Env: s.env,
    Labels: { ...s.labels, [LABEL_LAB]: lab, [LABEL_ROLE]: s.role },
    ...(s.stdin ? { OpenStdin: true, StdinOnce: true, AttachStdin: true } : {}),
    ExposedPorts: Object.fromEntries(ports.map((p) => [`${p.port}/${p.proto}`, {}])),
    HostConfig: {
      Runtime: s.runtime,
      NetworkMode: s.network,
      PortBindings: Object.fromEntries(ports.map((p) => [`${p.port}/${p.proto}`, [{ HostPort: String(p.port) }]])),
      ...(s.nofile ? { Ulimits: [{ Name: 'nofile', Soft: s.nofile, Hard: s.nofile }] } : {}),
      ...(s.readOnlyBinds?.length ? { Binds: s.readOnlyBinds.map((b) => `${b.host}:${b.container}:ro`) } : {}),
    },
    ...(s.ipv4 ? { NetworkingConfig: { EndpointsConfig: { [s.network]: { IPAMConfig: { IPv4Address: s.ipv4 } } } } } : {}),
  };
}

/** How long creating and starting one container may take (a VM runtime's boot included) before the engine counts as hung. */
export const START_DEADLINE_MS = 120_000;

/**
 * Create and start (`beforeStart` runs in between); on a failed start the container is removed and
 * the engine's message kept. An engine or runtime that does not finish within `deadlineMs` gives a
 * timeout error; a container it creates after that is removed when it appears, so nothing is left
 * running.
 */
export async function startContainer(
  docker: Docker,
  lab: string,
  s: ContainerSpec,
  deadlineMs = START_DEADLINE_MS,
  beforeStart?: (c: Docker.Container) => Promise<void>,
): Promise<Docker.Container> {
  let c: Docker.Container | undefined;
  let late = false;
  // a step that ends after the deadline removes what it made
  const afterDeadline = async (made: Docker.Container) => {
    await removeQuietly(made);
    throw new Error('finished after its deadline');
  };
  const start = (async () => {
    const made = await docker.createContainer(createOptions(lab, s));
    c = made;
    if (late) return afterDeadline(made);
    await beforeStart?.(made);
    await made.start();
    if (late) return afterDeadline(made);
    return made;
  })();
  try {
    return await withDeadline(start, deadlineMs, async () => {
      late = true;
      start.catch(() => undefined); // its late end is handled above
      return new NetbenchError(
        'timeout',
        `container (${s.runtime}, ${s.network}) was not created and started within ${Math.round(deadlineMs / 1000)} s: the engine or the runtime hangs`,
        'Check that the engine answers (`docker ps`) and the runtime with `netbench doctor`; an interrupted campaign goes on with `netbench collect --resume <campaign>`.',
      );
    });
  } catch (e) {
    if (c) await removeQuietly(c);
    throw e instanceof NetbenchError ? e : containerError(s, e);
  }
}

function containerError(s: ContainerSpec, e: unknown): NetbenchError {
  const msg = describeError(e).replace(/^\(HTTP code \d+\) [\w ]+ - /, '');
  if (/port is already allocated|address already in use/i.test(msg)) {
    const ports = (s.publish ?? []).map((p) => `${p.port}/${p.proto}`).join(', ');
    return new NetbenchError(
      'busy',
      `port already in use on the server host (${ports}): ${msg}`,
      'Stop what uses the port (ss -ltnp), or run `netbench lab down` to remove leftover lab containers.',
    );
  }
  if (/unknown or invalid runtime name/i.test(msg)) {
    return new NetbenchError(
      'missing-runtime',
      `the engine has no runtime "${s.runtime}": ${msg}`,
      'Run `netbench doctor` to see the runtimes each host offers.',
    );
  }
  if (/Conflict\. The container name/i.test(msg)) {
    return new NetbenchError('busy', `container name already in use: ${msg}`, 'Run `netbench lab down` to remove leftover lab containers.');
  }
  return new NetbenchError(
    'tool-failed',
    `container (${s.runtime}, ${s.network}) failed to start: ${msg}`,
    'Run `netbench doctor` to check runtimes and drivers.',
  );
}

/** How long a removal another caller started may take before removeQuietly stops waiting for it. */
const REMOVAL_WAIT_MS = 30_000;

/** The HTTP status of a failed engine request (docker-modem puts it on the error), if any. */
export const statusCodeOf = (e: unknown): number | undefined =>
  e instanceof Error && 'statusCode' in e && typeof e.statusCode === 'number' ? e.statusCode : undefined;

/**
 * Force-remove a container, quiet when it is already gone. When another removal of it is in
 * progress the engine answers 409 at once while the container still exists ("removing"): wait
 * (bounded) until it is gone, so that a caller who then lists containers does not still find it.
 * Quiet as well when the engine does not answer within REMOVAL_WAIT_MS: the container is then
 * left, labelled, for the campaign's closing sweep, which lists what remains, and `lab down`.
 */
export async function removeQuietly(c: Docker.Container): Promise<void> {
  try {
    await withDeadline(c.remove({ force: true, v: true }), REMOVAL_WAIT_MS, () =>
      Promise.resolve(new NetbenchError('timeout', 'container removal did not finish', 'Run `netbench lab down`.')),
    );
  } catch (e) {
    if (statusCodeOf(e) === 409) await goneWithin(c, REMOVAL_WAIT_MS);
    // else 404 (already gone) or the deadline above (left for the closing sweep)
  }
}

/** Whether the container is gone (inspect answers 404) within `ms`. */
async function goneWithin(c: Docker.Container, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    try {
      await c.inspect();
    } catch (e) {
      if (statusCodeOf(e) === 404) return true;
    }
  }
  return false;
}

export interface Finished {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationS: number;
  startedAt: string;
}

/** A container that did not finish in time (it was killed), with what it had printed by then. */
export class ContainerTimeout extends NetbenchError {
  constructor(
    message: string,
    hint: string,
    readonly printed: { stdout: string; stderr: string },
  ) {
    super('timeout', message, hint);
  }
}

export interface RunOptions {
  /**
   * Take the container's removal instead of waiting for it here: the caller awaits it later (a
   * campaign lets it overlap the next run's server start, never the next measurement).
   */
  deferRemoval?: (removal: Promise<void>) => void;
}

/**
 * Run a container to completion within `timeoutMs`, then remove it. A timeout kills it and throws
 * a ContainerTimeout holding what it had printed.
 */
export async function runToCompletion(
  docker: Docker,
  lab: string,
  s: ContainerSpec,
  timeoutMs: number,
  o: RunOptions = {},
): Promise<Finished> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  return finish(await startContainer(docker, lab, s), s, timeoutMs, o, startedAt, t0);
}

/**
 * A container started ahead of its work, so that its start can overlap other setup: its command
 * waits for one line on stdin (`release` sends it). Remove it with `discardHeld` if it is never released.
 */
export interface Held {
  container: Docker.Container;
  spec: ContainerSpec;
  stdin: NodeJS.ReadWriteStream;
}

/** Create a container with its stdin attached, then start it (see Held). */
export async function startHeld(docker: Docker, lab: string, s: ContainerSpec): Promise<Held> {
  const attached: NodeJS.ReadWriteStream[] = [];
  const container = await startContainer(docker, lab, { ...s, stdin: true }, START_DEADLINE_MS, async (c) => {
    const stream = await c.attach({ stream: true, stdin: true, stdout: false, stderr: false, hijack: true });
    // A socket error (the container removed under it, say on Ctrl-C) must not end the process: the
    // container then never gets its line, which its run reports (exit 97, no output).
    stream.on('error', () => undefined);
    attached.push(stream);
  });
  const [stdin] = attached;
  if (!stdin)
    throw new NetbenchError(
      'tool-failed',
      `${s.role} container: its stdin could not be attached`,
      'Check the engine with `netbench doctor`.',
    );
  return { container, spec: s, stdin };
}

/**
 * Send a held container its line and close its stdin, then wait for its end as runToCompletion
 * does, timed from the release. `shown`: the command its messages name (what it runs once released).
 */
export async function release(h: Held, line: string, timeoutMs: number, o: RunOptions = {}, shown?: string[]): Promise<Finished> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  h.stdin.end(`${line}\n`);
  try {
    return await finish(h.container, shown ? { ...h.spec, cmd: shown } : h.spec, timeoutMs, o, startedAt, t0);
  } finally {
    closeStream(h.stdin);
  }
}

/**
 * Close a stream the engine gave (an attached stdin, a followed log, a stats stream). dockerode
 * types them with the older NodeJS.ReadableStream interface; they are sockets or HTTP responses
 * (Readables), which destroy() closes; pausing is all that interface itself offers.
 */
export const closeStream = (s: NodeJS.ReadableStream): void => {
  if (s instanceof Readable) s.destroy();
  else s.pause();
};

/** Remove a held container that will not be released. */
export async function discardHeld(h: Held): Promise<void> {
  closeStream(h.stdin);
  await removeQuietly(h.container);
}

/** Wait (bounded) for a started container's end, read its output, then remove it (or hand the removal to the caller). */
async function finish(
  c: Docker.Container,
  s: ContainerSpec,
  timeoutMs: number,
  o: RunOptions,
  startedAt: string,
  t0: number,
): Promise<Finished> {
  // Set when the deadline passes: reads what the container printed, then kills it.
  const deadline: { hang?: Promise<Error> } = {};
  const killHung = async (): Promise<Error> => {
    const printed = await logsOf(c).catch(() => ({ stdout: '', stderr: '' }));
    await removeQuietly(c);
    return new ContainerTimeout(
      `${s.role} container (${s.cmd.join(' ')}) did not finish within ${timeoutMs / 1000} s`,
      'The probe hung; it was killed. Check the server side and the network path.',
      printed,
    );
  };
  try {
    const status = await withDeadline(checked(WaitSchema, 'container wait', c.wait()), timeoutMs, () => (deadline.hang = killHung()));
    // Removing the container ends wait() too, and that can win the race: it is still a hang.
    if (deadline.hang) throw await deadline.hang;
    const durationS = (performance.now() - t0) / 1000;
    const { stdout, stderr } = await logsOf(c);
    return { exitCode: status.StatusCode, stdout, stderr, durationS, startedAt };
  } finally {
    const removal = removeQuietly(c);
    if (o.deferRemoval) o.deferRemoval(removal);
    else await removal;
  }
}

export async function logsOf(c: Docker.Container): Promise<{ stdout: string; stderr: string }> {
  const raw: unknown = await c.logs({ stdout: true, stderr: true, follow: false });
  // dockerode hands back a Buffer, or a string when the engine answered with text.
  return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
}

/** Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr (pure). */
export function demuxLogs(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const kind = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const frame = buf.subarray(i + 8, i + 8 + size);
    (kind === 2 ? err : out).push(frame);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * Wait until the container's output matches `pattern`; throws (with the output) on exit or
 * deadline. It follows the container's log stream, so it returns as soon as the line is printed.
 */
export async function waitForOutput(c: Docker.Container, pattern: RegExp, timeoutMs: number): Promise<void> {
  const stream = await c.logs({ stdout: true, stderr: true, follow: true });
  const chunks: Buffer[] = [];
  const printed = () => demuxLogs(Buffer.concat(chunks));
  const seen = () => {
    const { stdout, stderr } = printed();
    return pattern.test(stdout) || pattern.test(stderr);
  };
  // resolves true once the pattern is printed, false when the stream ends (the container stopped) without it
  const matched = new Promise<boolean>((resolve, reject) => {
    stream.on('data', (d: Buffer) => {
      chunks.push(d);
      if (seen()) resolve(true);
    });
    stream.on('end', () => resolve(seen()));
    stream.on('error', reject);
  });
  matched.catch(() => undefined); // an error after the deadline (or the stream's destroy) is nobody's to handle
  try {
    const ok = await withDeadline(
      matched,
      timeoutMs,
      async () =>
        new NetbenchError(
          'timeout',
          `server container not ready within ${timeoutMs / 1000} s (waiting for ${pattern})`,
          'Check the runtime with `netbench doctor`.',
        ),
    );
    if (ok) return;
  } finally {
    closeStream(stream);
  }
  const st = await c.inspect();
  const { stdout, stderr } = printed();
  throw new NetbenchError(
    'tool-failed',
    `server container exited (${st.State.ExitCode}) before it was ready: ${(stderr || stdout).trim().slice(-400) || '(no output)'}`,
    'Run `netbench doctor` to check this runtime and driver.',
  );
}

export async function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => Promise<Error>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void onTimeout().then(reject, reject), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function labelledContainers(docker: Docker, lab: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_LAB}=${lab}`] } });
}

/** Remove the lab's containers (those `which` picks, all by default); returns how many. */
export async function removeLabelledContainers(
  docker: Docker,
  lab: string,
  which: (c: Docker.ContainerInfo) => boolean = () => true,
): Promise<number> {
  const list = (await labelledContainers(docker, lab)).filter(which);
  await Promise.all(list.map((c) => removeQuietly(docker.getContainer(c.Id))));
  return list.length;
}

/**
 * The lab's containers an engine that died left in its data: they come back exited when it starts
 * again, and `lab down` could not reach them. On an engine that was running already, exited or dead
 * only: a container just created (not yet started) may belong to a run under way. On an engine
 * started just now (`startedNow`), no run can have one yet: every container that is not running
 * was left, a created one too (the engine died between a run's create and start).
 */
export const leftContainer =
  (startedNow: boolean) =>
  (c: Docker.ContainerInfo): boolean =>
    startedNow ? c.State !== 'running' : c.State === 'exited' || c.State === 'dead';

/** Run a command inside a running container; `detach` starts it and returns at once. */
export async function execIn(
  c: Docker.Container,
  cmd: string[],
  opts: { detach?: boolean; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: !opts.detach, AttachStderr: !opts.detach });
  if (opts.detach) {
    await exec.start({ Detach: true });
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  await withDeadline(done, opts.timeoutMs ?? 30_000, async () => {
    stream.destroy();
    return new NetbenchError('timeout', `\`${cmd.join(' ')}\` in the container did not finish in time`, 'The container may be overloaded.');
  });
  const { stdout, stderr } = demuxLogs(Buffer.concat(chunks));
  const info = await exec.inspect();
  return { stdout, stderr, exitCode: info.ExitCode ?? -1 };
}
