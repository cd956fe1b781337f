import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { msToUs, outlierWarning, parsePing, pingProbe, PING_DEFAULTS } from '../../../src/probes/ping.js';
import { parseSockperf, sockperfProbe, SOCKPERF_DEFAULTS } from '../../../src/probes/sockperf.js';
import {
  STRESS_CPU_METHODS,
  STRESS_SETTINGS,
  parseDispatchedWorkers,
  parseStressStart,
  stressCommand,
} from '../../../src/probes/stress-ng.js';
import { waitListening, type ProbeCell } from '../../../src/probes/probe.js';
import type { Driver } from '../../../src/model/pairs.js';

const fx = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const run = (clientStdout: string) => ({ clientStdout, clientStderr: '', clientExitCode: 0, serverStdout: '' });

describe('ping', () => {
  it('reads RTT statistics in microseconds and the loss', () => {
    expect(parsePing(fx('ping/ok-macvlan.txt'))).toEqual({
      transmitted: 10,
      received: 10,
      lossPct: 0,
      rttMinUs: 80,
      rttAvgUs: 122,
      rttMaxUs: 468,
      rttMdevUs: 115,
      repliesUs: [468, 85, 90, 85, 80, 82, 85, 81, 83, 83],
      errors: 0,
      errorLines: [],
    });
  });
  it('converts milliseconds to microseconds without float noise', () => {
    expect(2052.043 * 1000).not.toBe(2052043); // what the plain product gives
    expect(msToUs('2052.043')).toBe(2052043);
    expect(msToUs('0.045')).toBe(45);
    expect(msToUs('0.0455')).toBe(45.5);
    expect(msToUs('12')).toBe(12000);
    expect(
      parsePing('rtt min/avg/max/mdev = 0.045/2052.043/4104.041/1026.000 ms\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n')
        .rttAvgUs,
    ).toBe(2052043);
  });
  it('turns a run with no reply into an error, not a number', () => {
    expect(parsePing(fx('ping/no-reply.txt'))).toMatchObject({ received: 0, lossPct: 100 });
    expect(parsePing(fx('ping/no-reply.txt')).rttAvgUs).toBeUndefined();
    expect(() => pingProbe.parse(run(fx('ping/no-reply.txt')), PING_DEFAULTS)).toThrow(/no reply/);
    expect(() => parsePing('ping: connect: Invalid argument')).toThrow(/no statistics/);
  });
  it('reads the "+N errors" form of unreachable runs, and says what the errors were', () => {
    expect(parsePing('5 packets transmitted, 0 received, +5 errors, 100% packet loss, time 4ms')).toMatchObject({
      received: 0,
      lossPct: 100,
      errors: 5,
    });
    const p = parsePing(fx('ping/unreachable.txt'));
    expect([p.errors, p.errorLines]).toEqual([6, ['From 10.77.250.2 Destination Host Unreachable']]);
    expect(() => pingProbe.parse(run(fx('ping/unreachable.txt')), PING_DEFAULTS)).toThrow(
      'no reply: 8 sent, 100% loss; 6 error(s): From 10.77.250.2 Destination Host Unreachable',
    );
  });
  it('keeps a run with one reply far above its median (a stall), with a warning that says so', () => {
    const p = pingProbe.parse(run(fx('ping/stall-tbf.txt')), PING_DEFAULTS);
    expect(p.samples.find((x) => x.metric === 'ping_rtt_max')?.value).toBe(1836072); // the statistics line's 1836.072 ms
    expect(p.warnings).toEqual([
      '32% packet loss',
      'outlier: the slowest reply took 1836 ms against a median of 0.105 ms (a stall or a link flap in this run; its max, mean and mdev include it)',
    ]);
    // a healthy run's slowest reply (the first, 0.468 ms, ARP included) is no outlier
    expect(outlierWarning(parsePing(fx('ping/ok-macvlan.txt')))).toBeUndefined();
    expect(outlierWarning({ repliesUs: [100, 120, 30_000] })).toMatch(/^outlier: the slowest reply took 30 ms against a median of 0.12 ms/);
    expect(outlierWarning({ repliesUs: [5000, 6000, 9000] })).toBeUndefined(); // under 10 ms: no stall to speak of
  });
  it('is unsupported where ICMP cannot reach the server container', () => {
    expect(pingProbe.supports({ runtime: 'runc', client: 'bridge', server: 'bridge' }, PING_DEFAULTS)).toMatch(/not the server container/);
    expect(pingProbe.supports({ runtime: 'bare', client: 'host', server: 'host' }, PING_DEFAULTS)).toBeUndefined();
    expect(pingProbe.supports({ runtime: 'runc', client: 'host', server: 'bridge' }, PING_DEFAULTS)).toMatch(/published ports/);
    expect(pingProbe.supports({ runtime: 'runsc', client: 'host', server: 'macvlan' }, PING_DEFAULTS)).toMatch(/raw sockets/);
    expect(pingProbe.supports({ runtime: 'runc', client: 'macvlan', server: 'macvlan' }, PING_DEFAULTS)).toBeUndefined();
  });
  it('yields every metric it declares', () => {
    const p = pingProbe.parse(run(fx('ping/ok-macvlan.txt')), PING_DEFAULTS);
    expect(p.samples.map((s) => s.metric).sort()).toEqual(pingProbe.metrics.map((m) => m.metric).sort());
  });
});

describe('sockperf', () => {
  it('is unsupported over TCP where gVisor runs the server (its TCP server exits at the first reply), with the reason', () => {
    const tcp = { ...SOCKPERF_DEFAULTS, tcp: true };
    const cell = (runtime: string, server: Driver = 'macvlan'): ProbeCell => ({ runtime, client: 'bridge', server });
    for (const rt of ['runsc', 'runsc-2024', 'runsc@server'])
      expect(sockperfProbe.supports(cell(rt), tcp), rt).toMatch(/TCP server fails at its first reply.*EAFNOSUPPORT/);
    expect(sockperfProbe.supports(cell('runsc', 'host'), tcp)).toMatch(/hostinet.*TCP server fails, recvfrom\(\) returns EINVAL/);
    // the client under gVisor works over TCP (measured), and UDP works at both ends
    for (const rt of ['runc', 'crun', 'bare', 'runsc@client']) expect(sockperfProbe.supports(cell(rt), tcp), rt).toBeUndefined();
    expect(sockperfProbe.supports(cell('runsc'), SOCKPERF_DEFAULTS)).toBeUndefined();
  });
  it('reads mean, sd and percentiles of a UDP ping-pong (coloured output)', () => {
    const r = parseSockperf(fx('sockperf/udp-pp-macvlan.txt'));
    expect(r).toMatchObject({ observations: 20835, meanUs: 74.378, sdUs: 95.899, minUs: 16.454, maxUs: 5234.605, dropped: 0 });
    expect(r.percentilesUs).toMatchObject({ '50': 68.061, '99': 242.602, '99.9': 1402.624, '99.999': 5234.605 });
  });
  it('reads a TCP ping-pong', () => {
    expect(parseSockperf(fx('sockperf/tcp-pp-macvlan.txt')).observations).toBeGreaterThan(1000);
  });
  it('names the argument it refused, or its usage text, instead of quoting the help', () => {
    expect(() => parseSockperf(fx('sockperf/invalid-address.txt'))).toThrow("sockperf: '-i' Invalid address: 999.1.1.1");
    expect(() => parseSockperf(fx('sockperf/invalid-message-size.txt'))).toThrow("sockperf: '-m' Invalid message size: 70000 (max: 65507)");
    expect(() => parseSockperf(fx('sockperf/unknown-option.txt'))).toThrow(
      /printed its usage text: an option of the command was not accepted/,
    );
  });
  it('refuses one-way latency (no --full-rtt) as a round trip', () => {
    expect(() => parseSockperf(fx('sockperf/udp-pp-avg-latency-loopback.txt'))).toThrow(/one-way latency \(avg-latency\).*--full-rtt/);
  });
  it('raises its errors although it exits 0', () => {
    expect(() => parseSockperf(fx('sockperf/tcp-refused.txt'))).toThrow(/Can`t connect socket \(errno=111 Connection refused\)/);
    expect(() => parseSockperf(fx('sockperf/udp-no-server.txt'))).toThrow(/No messages were received from the server/);
    expect(() => parseSockperf('')).toThrow(/no summary/);
  });
  it('yields every metric it declares, p99.9 included', () => {
    const p = sockperfProbe.parse(run(fx('sockperf/udp-pp-macvlan.txt')), SOCKPERF_DEFAULTS);
    expect(p.samples.map((s) => s.metric)).toEqual(sockperfProbe.metrics.map((m) => m.metric));
    expect(p.samples.find((s) => s.metric === 'sockperf_rtt_p99.9')?.value).toBe(1402.624);
  });
  it('serves UDP unless TCP is asked for, and waits for the bound socket', () => {
    expect(sockperfProbe.server(SOCKPERF_DEFAULTS).ports).toEqual([{ port: 11112, proto: 'udp' }]);
    expect(sockperfProbe.client('10.0.0.1', SOCKPERF_DEFAULTS)).toEqual([
      'sockperf',
      'ping-pong',
      '-i',
      '10.0.0.1',
      '-p',
      '11112',
      '-t',
      '5',
      '--full-rtt',
    ]);
    expect(waitListening(11112, 'udp')).toContain("':2B68 [0-9A-F]+:0000 07' /proc/net/udp /proc/net/udp6");
  });
});

describe('stress-ng', () => {
  it('loads every CPU the container sees by default', () => {
    expect(stressCommand({ cpuWorkers: 0, method: 'all' }, 42.2)).toEqual([
      'stress-ng',
      '--cpu',
      '0',
      '--cpu-method',
      'all',
      '--timeout',
      '43s',
      '--metrics-brief',
    ]);
  });
  it('reads how many workers it dispatched', () => {
    expect(parseDispatchedWorkers(fx('stress-ng/cpu0-2s.stderr'))).toBe(2);
    expect(parseDispatchedWorkers('')).toBeUndefined();
  });
  it("keeps stress-ng's own words when it did not start, for the reason", () => {
    // what the start command prints: the processes seen, then the end of stress-ng's output
    for (const [file, said] of [
      ['cpu-load-150.out', 'Value 150 is out of range for cpu-load, allowed: 0 .. 100'],
      ['unrecognized-option.out', "stress-ng: unrecognized option '--nosuch'"],
      ['timeout-x.out', 'Invalid number x'],
    ]) {
      const start = parseStressStart(`0\n${fx(`stress-ng/${file}`)}`);
      expect(start.seen).toBe(0);
      expect(start.log[0]).toBe(said);
    }
    expect(parseStressStart('3\n')).toEqual({ seen: 3, log: [] });
    expect(parseStressStart('')).toEqual({ seen: 0, log: [] });
  });
  it("takes only a CPU method stress-ng knows, as the image's stress-ng lists them", () => {
    const listed = fx('stress-ng/cpu-method-nosuch.out').split('one of:')[1]!.trim().split(/\s+/);
    expect([...STRESS_CPU_METHODS]).toEqual(listed);
    expect(STRESS_SETTINGS.parse({ method: 'matrixprod' }).method).toBe('matrixprod');
    const bad = STRESS_SETTINGS.safeParse({ method: 'matrixprd' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/not a CPU method of stress-ng 0\.15/);
  });
});
