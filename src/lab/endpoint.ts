// Docker endpoints as users write them (unix://, ssh://, tcp://) turned into dockerode options (pure).
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
      // docker-modem runs `docker system dial-stdio` on the remote host over SSH; keys come from the agent.
      if (env.SSH_AUTH_SOCK) opts.sshOptions = { agent: env.SSH_AUTH_SOCK };
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

function badEndpoint(endpoint: string): NetbenchError {
  return new NetbenchError(
    'bad-config',
    `cannot use Docker endpoint "${endpoint}"`,
    'Write it as unix:///var/run/docker.sock, ssh://user@host[:port] or tcp://host:2375.',
  );
}
