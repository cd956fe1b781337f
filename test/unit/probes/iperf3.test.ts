import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPERF3_UDP_DEFAULTS, iperf3UdpProbe, parseIperf3Udp } from '../../../src/probes/iperf3-udp.js';
import {
  IPERF3_DEFAULTS,
  SERVER_READY,
  iperf3ClientCommand,
  iperf3Probe,
  iperf3ServerCommand,
  stallWarningOf,
  parseIperf3,
} from '../../../src/probes/iperf3.js';
import { ProbeOutputError } from '../../../src/probes/probe.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/iperf3/${f}`, import.meta.url), 'utf8');
/** A probe run with this client and server output (nothing on the client's stderr). */
const runOf = (clientStdout: string, serverStdout: string, clientExitCode = 0) => ({
  clientStdout,
  clientStderr: '',
  clientExitCode,
  serverStdout,
});

describe('iperf3 commands', () => {
  it('builds the client argv with omitted seconds and parallel streams', () => {
    expect(iperf3ClientCommand('10.77.0.2', { port: 5201, durationS: 10, omitS: 2 })).toEqual([
      'iperf3',
      '-c',
      '10.77.0.2',
      '-p',
      '5201',
      '-t',
      '10',
      '-O',
      '2',
      '-J',
    ]);
    expect(iperf3ClientCommand('h', { port: 5301, durationS: 1, omitS: 0, streams: 4 })).toEqual([
      'iperf3',
      '-c',
      'h',
      '-p',
      '5301',
      '-t',
      '1',
      '-P',
      '4',
      '-J',
    ]);
  });
  it('waits for the port in hex in /proc/net/tcp and prints a marker', () => {
    const script = iperf3ServerCommand(5201).join(' ');
    expect(script).toContain("':1451 [0-9A-F]+:0000 0A'");
    expect(script).toContain('iperf3 -s -1 -J -p 5201');
    expect(SERVER_READY.test('NETBENCH-READY')).toBe(true);
    expect(SERVER_READY.test('x\nNETBENCH-NOT-READY\n')).toBe(true);
    expect(SERVER_READY.test('listening')).toBe(false);
  });
  it('asks both sides for shorter interval reports only when the interval is not 1 s', () => {
    expect(iperf3ServerCommand(5201, 0.1).join(' ')).toContain('iperf3 -s -1 -J -i 0.1 -p 5201');
    expect(iperf3ServerCommand(5201, 1).join(' ')).toContain('iperf3 -s -1 -J -p 5201');
    expect(iperf3ClientCommand('h', { port: 5201, durationS: 1, omitS: 0, intervalS: 0.1 })).toEqual([
      'iperf3',
      '-c',
      'h',
      '-p',
      '5201',
      '-t',
      '1',
      '-i',
      '0.1',
      '-J',
    ]);
    expect(iperf3ClientCommand('h', { port: 5201, durationS: 1, omitS: 0, intervalS: 1 })).not.toContain('-i');
  });
});

describe('parseIperf3 on real output', () => {
  it('reads the received rate, retransmits and CPU of a TCP run', () => {
    const r = parseIperf3(fixture('tcp-runc-bridge.json'), 1);
    const j = JSON.parse(fixture('tcp-runc-bridge.json'));
    expect(r.receivedBps).toBe(j.end.sum_received.bits_per_second);
    expect(r.receivedBps).toBeGreaterThan(1e9);
    expect(r.retransmits).toBe(j.end.sum_sent.retransmits);
    expect(r.senderCpuPct).toBe(j.end.cpu_utilization_percent.host_total);
    expect(r.durationS).toBeCloseTo(3, 1);
    expect(r.warnings).toEqual([]);
    // the client's kernel gives the segment size: MTU 1500 less IP and TCP headers with timestamps
    expect(r.mssBytes).toBe(1448);
  });
  it("records the client's MSS as a row of the run, and none from a server's report (which says 0)", () => {
    expect(parseIperf3(fixture('server-runc-bridge.json'), 1).mssBytes).toBeUndefined();
    const run = {
      clientStdout: fixture('tcp-runc-bridge.json'),
      clientStderr: '',
      clientExitCode: 0,
      serverStdout: fixture('server-runc-bridge.json'),
    };
    expect(iperf3Probe.parse(run, IPERF3_DEFAULTS).samples.find((x) => x.metric === 'tcp_mss')).toEqual({
      metric: 'tcp_mss',
      value: 1448,
      unit: 'bytes',
    });
    const serverOnly = iperf3Probe.parse({ ...run, clientStdout: '' }, IPERF3_DEFAULTS);
    expect(serverOnly.samples.map((x) => x.metric)).not.toContain('tcp_mss');
  });
  it('sums parallel streams', () => {
    const r = parseIperf3(fixture('tcp-parallel-2.json'), 1);
    const j = JSON.parse(fixture('tcp-parallel-2.json'));
    expect(j.end.streams).toHaveLength(2);
    expect(r.receivedBps).toBe(j.end.sum_received.bits_per_second);
  });
  it("reads the server's own report (receiver side)", () => {
    const r = parseIperf3(fixture('server-runc-bridge.json'), 1);
    expect(r.receivedBps).toBeGreaterThan(1e9);
    expect(r.sentBps).toBe(0);
  });
  it('keeps the value of a stalled transfer and says how many seconds stalled', () => {
    const stalled = parseIperf3(fixture('server-runsc-overlay-stress-stalled.json'), 1);
    expect(stalled.receivedBps).toBeCloseTo(782006.69, 1); // the value the campaign recorded
    expect([stalled.stalledIntervals, stalled.intervals]).toEqual([9, 10]);
    const run = {
      clientStdout: '',
      clientStderr: '',
      clientExitCode: 0,
      serverStdout: fixture('server-runsc-overlay-stress-stalled.json'),
    };
    const parsed = iperf3Probe.parse(run, IPERF3_DEFAULTS);
    expect(parsed.samples.find((x) => x.metric === 'bandwidth')?.value).toBeCloseTo(782006.69, 1);
    expect(parsed.warnings).toContain("stalled: 9 of 10 one-second intervals ran under 1% of the run's best rate");
    // a healthy run: no interval stalled
    expect(parseIperf3(fixture('server-runc-bridge.json'), 1).stalledIntervals).toBe(0);
  });
  it('counts stalls in 0.1-second intervals, so that a 1-second run can show one', () => {
    const healthy = parseIperf3(fixture('server-runsc-bridge-i0.1.json'), 0.1);
    // ten intervals and a 2-ms fragment, which is not one
    expect([healthy.stalledIntervals, healthy.intervals, healthy.intervalS]).toEqual([0, 10, 0.1]);
    expect(stallWarningOf(healthy)).toBeUndefined();
    const stalled = parseIperf3(fixture('server-runsc-bridge-i0.1-stalled.json'), 0.1);
    expect(stalled.receivedBps).toBeCloseTo(1792348.29, 1);
    // the five intervals of 0 bytes; those of 2.8-5.7 kB are over 1% of the first (0.21 MB)
    expect([stalled.stalledIntervals, stalled.intervals]).toEqual([5, 10]);
    expect(stallWarningOf(stalled)).toBe("stalled: 5 of 10 0.1-second intervals ran under 1% of the run's best rate");
    const last = parseIperf3(fixture('server-runsc-bridge-i0.1-last-stalled.json'), 0.1);
    // its last interval is 0.1 s of 0 bytes, not a fragment
    expect([last.stalledIntervals, last.intervals]).toEqual([1, 10]);
    // under stress-ng one interval was cut to 0.04 s mid-run: it counts (only the last can be a fragment)
    const overlay = parseIperf3(fixture('server-runsc-overlay-stress-i0.1-stalled.json'), 0.1);
    expect([overlay.stalledIntervals, overlay.intervals, overlay.intervalS]).toEqual([10, 11, 0.1]);
  });
  it("names the run's -i in the warning, however long its reports ran", () => {
    // iperf3 does not record -i, and its timer runs late under load: in a demo's runsc run under
    // stress-ng the reports' median was 0.11 s for -i 0.1. The same report with every interval 10 % long:
    const report = JSON.parse(fixture('server-runsc-bridge-i0.1-stalled.json'));
    type Interval = { sum: { seconds: number } };
    const late = {
      ...report,
      intervals: report.intervals.map((i: Interval) => ({ ...i, sum: { ...i.sum, seconds: i.sum.seconds * 1.1 } })),
    };
    const r = parseIperf3(JSON.stringify(late), 0.1);
    expect([r.stalledIntervals, r.intervals, r.intervalS]).toEqual([5, 10, 0.1]);
    expect(stallWarningOf(r)).toBe("stalled: 5 of 10 0.1-second intervals ran under 1% of the run's best rate");
    // the probe gives the parser its settings' interval (iperf3's own 1 s without one: see above)
    const run = { clientStdout: '', clientStderr: '', clientExitCode: 0, serverStdout: JSON.stringify(late) };
    expect(iperf3Probe.parse(run, { ...IPERF3_DEFAULTS, intervalS: 0.1 }).warnings).toContain(stallWarningOf(r));
  });
  it("does not count the server report's tail fragment as a stalled second", () => {
    // 10 measured seconds at 8-10 Gbit/s, then 0.2 ms with 752 bytes (34 Mbit/s)
    const r = parseIperf3(fixture('server-runc-bridge-tail-fragment.json'), 1);
    expect([r.stalledIntervals, r.intervals]).toEqual([0, 10]);
    expect(r.receivedBps).toBeCloseTo(9930591428.4, 0); // the value the campaign recorded
    const run = { clientStdout: '', clientStderr: '', clientExitCode: 0, serverStdout: fixture('server-runc-bridge-tail-fragment.json') };
    expect(iperf3Probe.parse(run, IPERF3_DEFAULTS).warnings.filter((w) => w.startsWith('stalled'))).toEqual([]);
  });
  it("raises iperf3's own error message", () => {
    expect(() => parseIperf3(fixture('error-connection-refused.json'), 1)).toThrow(
      'iperf3: unable to connect to server: Connection refused',
    );
  });
  it('finds the JSON after warning lines and still reports the error', () => {
    expect(() => parseIperf3(fixture('error-after-warning-runsc-hostinet.json'), 1)).toThrow(/unable to receive results/);
  });
  it("keeps a server's report whose error came in the results exchange after the whole transfer (gVisor hostinet client)", () => {
    for (const [file, error, bps] of [
      ['server-error-control-message-runsc-hostinet.json', 'unable to send control message: Bad file descriptor', 2484572715.79],
      ['server-error-send-results-runsc-hostinet.json', 'unable to send results: Bad file descriptor', 2704012491.79],
    ] as const) {
      const r = parseIperf3(fixture(file), 1);
      expect(r.receivedBps).toBeCloseTo(bps, 1);
      expect(r.warnings).toEqual([`iperf3: error - ${error} (after the whole transfer: its report is kept)`]);
    }
    const run = runOf(fixture('error-after-warning-runsc-hostinet.json'), fixture('server-error-send-results-runsc-hostinet.json'), 1);
    const parsed = iperf3Probe.parse(run, IPERF3_DEFAULTS);
    expect(parsed.samples.find((x) => x.metric === 'bandwidth')?.value).toBeCloseTo(2704012491.79, 1);
    expect(parsed.warnings).toEqual([
      'iperf3: error - unable to send results: Bad file descriptor (after the whole transfer: its report is kept)',
      'client: iperf3: unable to receive results: Resource temporarily unavailable',
    ]);
  });
  it('still refuses a report whose transfer ended early, or whose error is not in the results exchange', () => {
    const report = JSON.parse(fixture('server-error-send-results-runsc-hostinet.json'));
    const cut = { ...report, end: { ...report.end, sum_received: { ...report.end.sum_received, seconds: 0.5 } } };
    expect(() => parseIperf3(JSON.stringify(cut), 1)).toThrow('iperf3: error - unable to send results: Bad file descriptor');
    const other = { ...report, error: 'error - unable to receive parameters from client: Resource temporarily unavailable' };
    expect(() => parseIperf3(JSON.stringify(other), 1)).toThrow(/unable to receive parameters/);
    const noDuration = { ...report, start: { ...report.start, test_start: undefined } };
    expect(() => parseIperf3(JSON.stringify(noDuration), 1)).toThrow(/unable to send results/);
  });
  it('keeps warning lines when the JSON is complete', () => {
    const r = parseIperf3('WARNING:  something odd\n' + fixture('tcp-runc-bridge.json'), 1);
    expect(r.warnings).toEqual(['WARNING:  something odd']);
  });
  it('refuses empty, non-JSON and truncated output', () => {
    expect(() => parseIperf3('', 1)).toThrow(ProbeOutputError);
    expect(() => parseIperf3('iperf3: error - unable to connect', 1)).toThrow(/not JSON/);
    expect(() => parseIperf3(fixture('tcp-runc-bridge.json').slice(0, 500), 1)).toThrow(/not JSON/);
    expect(() => parseIperf3('{"start":{}}', 1)).toThrow(/sum_received/);
  });
});

describe('iperf3 UDP', () => {
  const udp = (f: string) => readFileSync(new URL(`../../fixtures/iperf3/${f}`, import.meta.url), 'utf8');
  it("reads the server's received rate, jitter and loss (iperf 3.12 leaves end.sum.bits_per_second at 0)", () => {
    const r = parseIperf3Udp(udp('udp-server-loopback-50M.json'));
    expect(r.receivedBps).toBeCloseTo(49980589.92857552, 3);
    expect(r.jitterMs).toBeCloseTo(0.12273052706433779, 12);
    expect(r).toMatchObject({ packets: 572, lostPackets: 0, lostPercent: 0 });
  });
  it('gives rows in bit/s, us, %, counts', () => {
    const run = runOf(udp('udp-client-loopback-50M.json'), udp('udp-server-loopback-50M.json'));
    const p = iperf3UdpProbe.parse(run, IPERF3_UDP_DEFAULTS);
    expect(p.samples.find((s) => s.metric === 'udp_jitter')).toEqual({
      metric: 'udp_jitter',
      value: 0.12273052706433779 * 1000,
      unit: 'us',
    });
    expect(p.samples.map((s) => s.metric)).toEqual(iperf3UdpProbe.metrics.map((m) => m.metric));
  });
  it('refuses a TCP report and one with packets but no rate', () => {
    expect(() => parseIperf3Udp(udp('server-runc-bridge.json'))).toThrow(/expected a UDP test, got TCP/);
    const j = JSON.parse(udp('udp-server-loopback-50M.json')) as { end: Record<string, unknown> };
    delete j.end.sum_received;
    expect(() => parseIperf3Udp(JSON.stringify(j))).toThrow(/572 packets arrived at 0 bit\/s/);
  });
  it('asks for UDP at the target rate, publishing the control (TCP) and data (UDP) port', () => {
    expect(iperf3UdpProbe.client('10.77.0.2', { ...IPERF3_UDP_DEFAULTS, targetBps: 2e8 })).toEqual([
      'iperf3',
      '-c',
      '10.77.0.2',
      '-u',
      '-b',
      '200000000',
      '-p',
      '5202',
      '-t',
      '10',
      '-O',
      '2',
      '-J',
    ]);
    expect(iperf3UdpProbe.server(IPERF3_UDP_DEFAULTS).ports).toEqual([
      { port: 5202, proto: 'tcp' },
      { port: 5202, proto: 'udp' },
    ]);
  });
});
