import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  LABEL_LAB,
  LABEL_ROLE,
  createOptions,
  demuxLogs,
  leftContainer,
  startContainer,
  type ContainerSpec,
} from '../../../src/engine/containers.js';

const frame = (kind: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = kind;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
};

describe('docker log demultiplexing', () => {
  it('splits stdout and stderr frames in order', () => {
    const buf = Buffer.concat([frame(1, '{"a":'), frame(2, 'warn\n'), frame(1, '1}'), frame(2, 'NETBENCH-READY\n')]);
    expect(demuxLogs(buf)).toEqual({ stdout: '{"a":1}', stderr: 'warn\nNETBENCH-READY\n' });
  });
  it('ignores a truncated trailing header', () => {
    expect(demuxLogs(Buffer.concat([frame(1, 'ok'), Buffer.from([1, 0, 0])]))).toEqual({ stdout: 'ok', stderr: '' });
  });
});

describe('container create options', () => {
  it('labels with lab and role, publishes ports, sets runtime and limits', () => {
    const o = createOptions('nb', {
      image: 'img',
      cmd: ['x'],
      runtime: 'runsc',
      network: 'bridge',
      publish: [{ port: 5201, proto: 'tcp' }],
      role: 'server',
      nofile: 8192,
    });
    expect(o.Labels).toEqual({ [LABEL_LAB]: 'nb', [LABEL_ROLE]: 'server' });
    expect(o.HostConfig?.Runtime).toBe('runsc');
    expect(o.HostConfig?.PortBindings).toEqual({ '5201/tcp': [{ HostPort: '5201' }] });
    expect(o.ExposedPorts).toEqual({ '5201/tcp': {} });
    expect(o.HostConfig?.Ulimits).toEqual([{ Name: 'nofile', Soft: 8192, Hard: 8192 }]);
    expect(o.NetworkingConfig).toBeUndefined();
  });
  it('asks for a fixed address on a named network', () => {
    const o = createOptions('nb', {
      image: 'img',
      cmd: ['x'],
      runtime: 'runc',
      network: 'nb-macvlan',
      ipv4: '10.77.0.100',
      role: 'server',
    });
    expect(o.NetworkingConfig).toEqual({ EndpointsConfig: { 'nb-macvlan': { IPAMConfig: { IPv4Address: '10.77.0.100' } } } });
  });
});

describe('a container start with a deadline', () => {
  // A stand-in for an engine that hangs (nothing is measured here): each step resolves when the test says so.
  function engine() {
    const removed: string[] = [];
    let finishCreate: () => void = () => undefined;
    let finishStart: () => void = () => undefined;
    const container = {
      id: 'c1',
      start: () => new Promise<void>((res) => (finishStart = res)),
      remove: () => {
        removed.push('c1');
        return Promise.resolve();
      },
    };
    const docker = { createContainer: () => new Promise((res) => (finishCreate = () => res(container))) } as unknown as Docker;
    return { docker, removed, finishCreate: () => finishCreate(), finishStart: () => finishStart() };
  }
  const spec: ContainerSpec = { image: 'img', cmd: ['x'], runtime: 'runsc', network: 'bridge', role: 'server' };
  const settle = () => new Promise((res) => setTimeout(res, 20));

  it('gives up on an engine that does not create it, and removes the container it creates later', async () => {
    const e = engine();
    await expect(startContainer(e.docker, 'nb', spec, 30)).rejects.toThrow(
      /container \(runsc, bridge\) was not created and started within 0 s: the engine or the runtime hangs/,
    );
    expect(e.removed).toEqual([]);
    e.finishCreate(); // the engine answers after all
    await settle();
    expect(e.removed).toEqual(['c1']);
  });
  it('removes a container whose start does not finish', async () => {
    const e = engine();
    const started = startContainer(e.docker, 'nb', spec, 50);
    await settle();
    e.finishCreate();
    await expect(started).rejects.toThrow(/was not created and started within/);
    expect(e.removed).toEqual(['c1']);
  });
  it('returns the container when both steps finish in time', async () => {
    const e = engine();
    const started = startContainer(e.docker, 'nb', spec, 5_000);
    await settle();
    e.finishCreate();
    await settle();
    e.finishStart();
    expect((await started).id).toBe('c1');
    expect(e.removed).toEqual([]);
  });
});

describe('the containers lab up removes as left by an engine that died', () => {
  const states = ['running', 'created', 'exited', 'dead', 'paused', 'restarting'];
  const picked = (startedNow: boolean) => states.filter((State) => leftContainer(startedNow)({ State } as Docker.ContainerInfo));
  it('on an engine that was running: exited and dead only (a created one may be a run about to start)', () => {
    expect(picked(false)).toEqual(['exited', 'dead']);
  });
  it('on an engine started just now: every one not running, a created one too', () => {
    expect(picked(true)).toEqual(['created', 'exited', 'dead', 'paused', 'restarting']);
  });
});
