import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerOptions } from '../../../src/engine/endpoint.js';
import { topologyOf } from '../../../src/lab/topology.js';
import { defaultLabConfig } from '../../../src/lab/lab-config.js';
import { loadLabConfig, parseLabConfig } from '../../../src/config/config-file.js';
import { tempDir } from '../../temp-dir.js';

const fixture = (f: string) => new URL(`../../fixtures/config/${f}`, import.meta.url).pathname;

describe('lab config', () => {
  it('defaults to the emulated lab on this machine', () => {
    expect(defaultLabConfig()).toEqual({
      mode: 'emulated',
      name: 'nb',
      labCidr: '10.77.0.0/16',
      stateDir: '/var/lib/netbench',
      runDir: '/run/netbench',
    });
    expect(parseLabConfig({}, 'x')).toEqual(defaultLabConfig());
  });
  it('loads a remote two-host config from YAML', async () => {
    const c = await loadLabConfig(fixture('remote.yaml'));
    expect(c.mode).toBe('remote');
    const t = topologyOf(c);
    expect(t.hosts.B.endpoint).toBe('ssh://bench@192.0.2.11:2222');
    expect(t.hosts.A.macvlanParent).toBe('ens4');
    expect(t.guardedRanges).toEqual([]);
  });
  it('names the file and every bad field', async () => {
    const err = await loadLabConfig(fixture('bad-remote.json')).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toContain('bad-remote.json is not a valid netbench config');
    expect(msg).toMatch(/lab\.hosts\.b\.address: must be an IPv4 address/);
    expect(msg).toMatch(/lab: Unrecognized key.*typo/);
  });
  it('checks that each host range lies in the macvlan subnet', () => {
    const raw = {
      lab: {
        mode: 'remote',
        hosts: {
          a: { endpoint: 'ssh://a', address: '192.0.2.10', macvlanParent: 'e', macvlanRange: '198.51.100.0/27' },
          b: { endpoint: 'ssh://b', address: '192.0.2.11', macvlanParent: 'e', macvlanRange: '192.0.2.224/27' },
        },
        macvlan: { subnet: '192.0.2.0/24', gateway: '192.0.2.1' },
        overlaySubnet: '10.99.0.0/24',
      },
    };
    expect(() => parseLabConfig(raw, 'c.json')).toThrow(/lab\.hosts\.a\.macvlanRange: must lie inside macvlan.subnet/);
  });
  it('refuses bad names, ranges, syntax and missing files', async () => {
    expect(() => parseLabConfig({ lab: { mode: 'emulated', name: 'Bad_Name' } }, 'c')).toThrow(/lab\.name/);
    expect(() => parseLabConfig({ lab: { mode: 'emulated', labCidr: '10.77.0.0/24' } }, 'c')).toThrow(/must be a \/16/);
    const remote = (address: string) => ({
      lab: {
        mode: 'remote',
        hosts: {
          a: { endpoint: 'ssh://a', address: '192.0.2.10', macvlanParent: 'e', macvlanRange: '192.0.2.192/27' },
          b: { endpoint: 'ssh://b', address, macvlanParent: 'e', macvlanRange: '192.0.2.224/27' },
        },
        macvlan: { subnet: '192.0.2.0/24', gateway: '192.0.2.1' },
        overlaySubnet: '10.99.0.0/24',
      },
    });
    expect(() => parseLabConfig(remote('999.1.1.1'), 'c')).toThrow(/lab\.hosts\.b\.address: must be an IPv4 address/);
    expect(() => parseLabConfig(remote('192.0.2.11'), 'c')).not.toThrow();
    const dir = tempDir('nbcfg');
    writeFileSync(join(dir, 'broken.json'), '{ "lab": ');
    await expect(loadLabConfig(join(dir, 'broken.json'))).rejects.toThrow(/does not parse/);
    await expect(loadLabConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read config/);
  });
});

describe('docker endpoints', () => {
  it('turns unix, ssh and tcp endpoints into dockerode options', () => {
    expect(dockerOptions('unix:///run/netbench/nb/hostB/docker.sock')).toEqual({ socketPath: '/run/netbench/nb/hostB/docker.sock' });
    expect(dockerOptions('ssh://bench@192.0.2.11:2222', { SSH_AUTH_SOCK: '/tmp/agent' })).toEqual({
      protocol: 'ssh',
      host: '192.0.2.11',
      port: 2222,
      username: 'bench',
      sshOptions: { agent: '/tmp/agent', hostVerifier: expect.any(Function) },
    });
    expect(dockerOptions('tcp://192.0.2.11')).toEqual({ protocol: 'http', host: '192.0.2.11', port: 2375 });
  });
  it('refuses what it cannot use, with the accepted forms', () => {
    expect(() => dockerOptions('ftp://x')).toThrow(/cannot use Docker endpoint/);
    expect(() => dockerOptions('/var/run/docker.sock')).toThrow(/cannot use Docker endpoint/);
  });
});
