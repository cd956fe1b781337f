import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerOptions, sshKeyFile } from '../../../src/engine/endpoint.js';
import { tempDir } from '../../temp-dir.js';

describe('Docker endpoints', () => {
  it('turns unix, tcp and https endpoints into dockerode options', () => {
    expect(dockerOptions('unix:///run/netbench/nb/hostB/docker.sock', {})).toEqual({ socketPath: '/run/netbench/nb/hostB/docker.sock' });
    expect(dockerOptions('tcp://192.0.2.11', {})).toEqual({ protocol: 'http', host: '192.0.2.11', port: 2375 });
    expect(dockerOptions('https://192.0.2.11:3000', {})).toEqual({ protocol: 'https', host: '192.0.2.11', port: 3000 });
    expect(() => dockerOptions('ftp://x', {})).toThrow(/cannot use Docker endpoint "ftp:\/\/x"/);
  });
  it('uses NETBENCH_SSH_KEY, else the agent, else a default key file for ssh://', () => {
    const home = tempDir('nbhome');
    const key = join(home, 'k');
    writeFileSync(key, 'KEY');
    const viaKey = dockerOptions('ssh://bench@192.0.2.11:2222', { NETBENCH_SSH_KEY: key, SSH_AUTH_SOCK: '/agent' });
    expect(viaKey).toMatchObject({ protocol: 'ssh', host: '192.0.2.11', port: 2222, username: 'bench' });
    expect(String((viaKey.sshOptions as { privateKey: Buffer }).privateKey)).toBe('KEY');
    expect(dockerOptions('ssh://bench@192.0.2.11', { SSH_AUTH_SOCK: '/agent', HOME: home })).toMatchObject({
      port: 22,
      sshOptions: { agent: '/agent' },
    });
    expect(sshKeyFile({ HOME: home }, (p) => p.endsWith('/.ssh/id_rsa'))).toBe(join(home, '.ssh/id_rsa'));
    expect(() => dockerOptions('ssh://bench@192.0.2.11', { HOME: home })).toThrow(/no SSH key for ssh:\/\/bench@192\.0\.2\.11/);
    expect(() => sshKeyFile({ NETBENCH_SSH_KEY: join(home, 'missing') })).toThrow(/does not exist/);
  });
});
