// Host key checking for ssh:// endpoints, on a known_hosts file and public keys made by ssh-keygen
// (test/fixtures/ssh: plain, [host]:port hashed by ssh-keygen -H, wildcard with negation, @revoked,
// @cert-authority).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerOptions, sshHostKeyProblem } from '../../../src/engine/endpoint.js';
import { hostKeyProblem, hostKeyVerdict, keyType, keyscanType, knownHostsName } from '../../../src/engine/known-hosts.js';
import { tempDir } from '../../temp-dir.js';

const FX = new URL('../../fixtures/ssh/', import.meta.url).pathname;
const knownHosts = readFileSync(join(FX, 'known_hosts'), 'utf8');
/** The key blob of a .pub file, as an SSH server presents it. */
const blob = (pub: string) => Buffer.from(readFileSync(join(FX, pub), 'utf8').split(' ')[1]!, 'base64');
const [a, b, c] = [blob('a.pub'), blob('b.pub'), blob('c.pub')];

describe('known_hosts', () => {
  it('names a host as OpenSSH stores it, and reads the type inside a key blob', () => {
    expect(knownHostsName('192.0.2.11', 22)).toBe('192.0.2.11');
    expect(knownHostsName('192.0.2.12', 2222)).toBe('[192.0.2.12]:2222');
    expect(keyType(a)).toBe('ssh-ed25519');
    expect(keyType(c)).toBe('ecdsa-sha2-nistp256');
    expect([keyType(a), keyType(c), 'ssh-rsa', 'sk-ssh-ed25519@openssh.com'].map(keyscanType)).toEqual([
      'ed25519',
      'ecdsa',
      'rsa',
      'ed25519-sk',
    ]);
  });

  it('knows a host by its plain name, by a hashed [host]:port, and by a wildcard', () => {
    expect(hostKeyVerdict(knownHosts, '192.0.2.11', 22, a)).toEqual({ verdict: 'known' });
    expect(hostKeyVerdict(knownHosts, '192.0.2.12', 2222, a)).toEqual({ verdict: 'known' });
    expect(hostKeyVerdict(knownHosts, 'b.lab.example', 22, c)).toEqual({ verdict: 'known' });
  });

  it('does not take a key listed for port 22 as the key of another port, nor a negated name', () => {
    expect(hostKeyVerdict(knownHosts, '192.0.2.11', 2222, a)).toEqual({ verdict: 'unknown', otherTypes: [] });
    expect(hostKeyVerdict(knownHosts, '192.0.2.12', 22, a)).toEqual({ verdict: 'unknown', otherTypes: [] });
    expect(hostKeyVerdict(knownHosts, 'evil.lab.example', 22, c)).toEqual({ verdict: 'unknown', otherTypes: [] });
  });

  it('tells a changed key of a known type from a host known only by keys of other types', () => {
    expect(hostKeyVerdict(knownHosts, '192.0.2.11', 22, b)).toEqual({ verdict: 'changed' });
    expect(hostKeyVerdict(knownHosts, '192.0.2.11', 22, c)).toEqual({ verdict: 'unknown', otherTypes: ['ssh-ed25519'] });
  });

  it('refuses a @revoked key even where the host lists another, and never trusts a @cert-authority line as a host key', () => {
    expect(hostKeyVerdict(knownHosts, '192.0.2.13', 22, b)).toEqual({ verdict: 'revoked' });
    expect(hostKeyVerdict(knownHosts, '192.0.2.13', 22, a)).toEqual({ verdict: 'known' });
    expect(hostKeyVerdict(knownHosts, 'x.example', 22, b)).toEqual({ verdict: 'unknown', otherTypes: [] });
  });

  it('says what is wrong, naming the host and the files', () => {
    const files = ['/root/.ssh/known_hosts'];
    expect(hostKeyProblem({ verdict: 'known' }, 'h', 22, files, a)).toBeUndefined();
    expect(hostKeyProblem({ verdict: 'unknown', otherTypes: ['ssh-rsa'] }, '192.0.2.12', 2222, files, a)).toBe(
      '[192.0.2.12]:2222 is not a known host: /root/.ssh/known_hosts has no ssh-ed25519 key for it (it lists ssh-rsa)',
    );
    expect(hostKeyProblem({ verdict: 'changed' }, '192.0.2.11', 22, files, b)).toMatch(
      /^the ssh-ed25519 host key of 192\.0\.2\.11 does not match the one in \/root\/\.ssh\/known_hosts/,
    );
  });
});

describe('the host verifier of an ssh:// endpoint', () => {
  const dir = tempDir('nbkh');
  writeFileSync(join(dir, 'key'), 'KEY');
  writeFileSync(join(dir, 'known_hosts'), knownHosts);
  const env = { NETBENCH_SSH_KEY: join(dir, 'key'), NETBENCH_SSH_KNOWN_HOSTS: join(dir, 'known_hosts') };
  const verifierOf = (endpoint: string) =>
    (dockerOptions(endpoint, env).sshOptions as { hostVerifier: (key: Buffer) => boolean }).hostVerifier;

  it('accepts the listed key and refuses another, keeping why and what to do for the error message', () => {
    const endpoint = 'ssh://root@192.0.2.12:2222';
    expect(verifierOf(endpoint)(a)).toBe(true);
    expect(sshHostKeyProblem(endpoint)).toBeUndefined();
    expect(verifierOf(endpoint)(b)).toBe(false);
    expect(sshHostKeyProblem(endpoint)).toEqual({
      problem: expect.stringContaining('host key of [192.0.2.12]:2222 does not match'),
      fix: expect.stringContaining(`ssh-keygen -R '[192.0.2.12]:2222' -f ${join(dir, 'known_hosts')}`),
    });
    expect(verifierOf(endpoint)(a)).toBe(true); // a later good handshake clears it
    expect(sshHostKeyProblem(endpoint)).toBeUndefined();
  });

  it('refuses a host missing from known_hosts and says how to add it', () => {
    const endpoint = 'ssh://root@192.0.2.99';
    expect(verifierOf(endpoint)(c)).toBe(false);
    expect(sshHostKeyProblem(endpoint)?.fix).toContain(`ssh-keyscan -p 22 -t ecdsa 192.0.2.99 >> ${join(dir, 'known_hosts')}`);
  });

  it('reads ~/.ssh/known_hosts and the system file when NETBENCH_SSH_KNOWN_HOSTS is not set', () => {
    const home = tempDir('nbkhhome');
    const v = (
      dockerOptions('ssh://root@192.0.2.11', { NETBENCH_SSH_KEY: join(dir, 'key'), HOME: home }).sshOptions as {
        hostVerifier: (key: Buffer) => boolean;
      }
    ).hostVerifier;
    expect(v(a)).toBe(false);
    expect(sshHostKeyProblem('ssh://root@192.0.2.11')?.problem).toContain(
      `${join(home, '.ssh', 'known_hosts')} or /etc/ssh/ssh_known_hosts has no ssh-ed25519 key`,
    );
  });
});
