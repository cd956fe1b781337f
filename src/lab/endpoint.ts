// Docker endpoints as users write them (unix://, ssh://, tcp://) turned into dockerode options
// (pure but for reading the SSH key file).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import { NetbenchError } from '../errors.js';

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
      const opts: DockerOptions = {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      };
      // docker-modem runs `docker system dial-stdio` on the remote host over SSH (ssh2, which reads
      // no ~/.ssh/config): the key is NETBENCH_SSH_KEY, else the agent, else the usual key files.
      const key = sshKeyFile(env);
      if (key) opts.sshOptions = { privateKey: readFileSync(key) };
      else if (env.SSH_AUTH_SOCK) opts.sshOptions = { agent: env.SSH_AUTH_SOCK };
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
