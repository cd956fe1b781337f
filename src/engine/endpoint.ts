// Docker endpoints as users write them (unix://, ssh://, tcp://) turned into dockerode options
// (pure but for reading the SSH key and known_hosts files).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker, { type DockerOptions } from 'dockerode';
import { NetbenchError } from '../base/errors.js';
import { hostKeyProblem, hostKeyVerdict, keyType, keyscanType, knownHostsName } from './known-hosts.js';

export function dockerOptions(endpoint: string, env: NodeJS.ProcessEnv = process.env): DockerOptions {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badEndpoint(endpoint);
  }
  switch (url.protocol) {
    case 'unix:':
      if (!url.pathname) throw badEndpoint(endpoint);
      return { socketPath: url.pathname };
    case 'ssh:': {
      const port = url.port ? Number(url.port) : 22;
      const opts: DockerOptions = {
        protocol: 'ssh',
        host: url.hostname,
        port,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      };
      // docker-modem runs `docker system dial-stdio` on the remote host over SSH (ssh2, which reads
      // no ~/.ssh/config): the key is NETBENCH_SSH_KEY, else the agent, else the usual key files.
      // The host must present a key that known_hosts lists (knownHostsFiles), as with OpenSSH.
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 address without its brackets
      const verify = { hostVerifier: (blob: Buffer) => verifyHostKey(endpoint, host, port, blob, env) };
      const key = sshKeyFile(env);
      if (key) opts.sshOptions = { ...verify, privateKey: readFileSync(key) };
      else if (env.SSH_AUTH_SOCK) opts.sshOptions = { ...verify, agent: env.SSH_AUTH_SOCK };
      else {
        throw new NetbenchError(
          'bad-config',
          `no SSH key for ${endpoint}: no NETBENCH_SSH_KEY, no ssh-agent (SSH_AUTH_SOCK) and no ~/.ssh/id_ed25519, id_ecdsa or id_rsa`,
          'Start ssh-agent and add your key (ssh-add), or set NETBENCH_SSH_KEY=/path/to/private/key.',
        );
      }
      return opts;
    }
    case 'tcp:':
    case 'http:':
      return { protocol: 'http', host: url.hostname, port: url.port ? Number(url.port) : 2375 };
    case 'https:':
      return { protocol: 'https', host: url.hostname, port: url.port ? Number(url.port) : 2376 };
    default:
      throw badEndpoint(endpoint);
  }
}

/** The known_hosts files consulted: NETBENCH_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts and the system's. */
export function knownHostsFiles(env: NodeJS.ProcessEnv): string[] {
  if (env.NETBENCH_SSH_KNOWN_HOSTS) return [env.NETBENCH_SSH_KNOWN_HOSTS];
  return [join(env.HOME ?? homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

const hostKeyProblems = new Map<string, { problem: string; fix: string }>();

/** Why the SSH host behind this endpoint was refused (its key not known, changed or revoked), if it was: the problem as users read it, and its fix. */
export const sshHostKeyProblem = (endpoint: string): { problem: string; fix: string } | undefined => hostKeyProblems.get(endpoint);

/** ssh2's host verifier: accept only a key known_hosts lists for host:port (as OpenSSH's StrictHostKeyChecking). */
function verifyHostKey(endpoint: string, host: string, port: number, blob: Buffer, env: NodeJS.ProcessEnv): boolean {
  const files = knownHostsFiles(env);
  const text = files.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '')).join('\n');
  const v = hostKeyVerdict(text, host, port, blob);
  const problem = hostKeyProblem(v, host, port, files, blob);
  if (!problem) {
    hostKeyProblems.delete(endpoint);
    return true;
  }
  const name = knownHostsName(host, port);
  const add = `ssh-keyscan -p ${port} -t ${keyscanType(keyType(blob))} ${host} >> ${files[0]}`;
  hostKeyProblems.set(endpoint, {
    problem: `refused the SSH host of ${endpoint}: ${problem}`,
    fix:
      v.verdict === 'unknown'
        ? `Check the host's key fingerprint (ssh-keygen -lf on the host), then add it: ${add}; or point NETBENCH_SSH_KNOWN_HOSTS at a known_hosts file that lists it.`
        : `Do not connect until you know why. If the host was reinstalled: ssh-keygen -R '${name}' -f ${files[0]}, then ${add} after checking the new key's fingerprint.`,
  });
  return false;
}

/** NETBENCH_SSH_KEY (must exist), else the first default key file when no agent is running. */
export function sshKeyFile(env: NodeJS.ProcessEnv, exists: (p: string) => boolean = existsSync): string | undefined {
  if (env.NETBENCH_SSH_KEY) {
    if (!exists(env.NETBENCH_SSH_KEY)) {
      throw new NetbenchError('bad-config', `NETBENCH_SSH_KEY=${env.NETBENCH_SSH_KEY} does not exist`, 'Point it at a private key file.');
    }
    return env.NETBENCH_SSH_KEY;
  }
  if (env.SSH_AUTH_SOCK) return undefined;
  const home = env.HOME ?? homedir();
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(home, '.ssh', f)).find(exists);
}

function badEndpoint(endpoint: string): NetbenchError {
  return new NetbenchError(
    'bad-config',
    `cannot use Docker endpoint "${endpoint}"`,
    'Write it as unix:///var/run/docker.sock, ssh://user@host[:port] or tcp://host:2375.',
  );
}

/**
 * A dockerode client with a request timeout. Over SSH the request timeout is left out: docker-modem
 * 5 calls setTimeout() on the socket, which an ssh2 channel does not have ("sock.setTimeout is not
 * a function"); callers bound such requests themselves.
 */
export function client(endpoint: string, timeoutMs = 120_000): Docker {
  const o = dockerOptions(endpoint);
  return new Docker(o.protocol === 'ssh' ? o : { ...o, timeout: timeoutMs });
}

/** Does an engine answer at this endpoint within the deadline? */
export async function answers(endpoint: string, timeoutMs = 3_000): Promise<boolean> {
  const docker = client(endpoint, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs + 5_000))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
