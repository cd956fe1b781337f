import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statsCsv, statsSample, resourceUsageOf } from '../../../src/probes/docker-stats.js';
import { HTTP_DEFAULTS, parseSiege, siegeProbe, stoppedEarly } from '../../../src/probes/siege.js';
import { missingMetrics } from '../../../src/probes/probe.js';
import { METRICS } from '../../../src/model/metrics.js';

const fx = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
/** Whole lines of a stats stream (a cut-off last object has no newline and is not read). */
const statsLines = (f: string) => fx(`docker-stats/${f}`).split('\n').slice(0, -1);

describe('siege summary', () => {
  it('reads the JSON summary (Debian siegerc: json_output = true)', () => {
    const { summary, warnings } = parseSiege(fx('siege/json-busybox-c8.stdout'), '\n');
    expect(summary).toEqual({
      transactions: 3053,
      availability: 100,
      elapsedS: 1.6,
      dataMB: 0.19,
      responseTimeS: 0,
      transactionRate: 1908.12,
      throughputMBs: 0.12,
      concurrency: 7.79,
      successful: 3053,
      failed: 0,
      longestS: 0.01,
      shortestS: 0,
    });
    expect(warnings).toEqual([]);
  });
  it('reads the text summary siege prints on stderr otherwise', () => {
    const { summary } = parseSiege(fx('siege/text-busybox-c8.stdout.head20'), fx('siege/text-busybox-c8.stderr'));
    expect(summary).toMatchObject({ transactions: 4583, availability: 100, elapsedS: 1.97, transactionRate: 2326.4, concurrency: 7.83 });
    expect(summary.successful).toBe(4583);
    expect(summary.longestS).toBe(0.02);
  });
  it('turns a siege that never connected into an error with the reason, though it exits 0', () => {
    expect(() => parseSiege(fx('siege/refused.stdout'), fx('siege/refused.stderr.head30'))).toThrow(
      /no transaction succeeded \(\[error\] socket: unable to connect sock\.c:282: Connection refused\)/,
    );
  });
  it('refuses a run that hit the open-file limit, naming the setting to raise', () => {
    // siege goes on and reports 10 % availability: that summary describes a smaller load than asked for
    expect(() => parseSiege(fx('siege/nofile-64.stdout'), fx('siege/nofile-64.stderr.head30'))).toThrow(
      /open-file limit \(30 "Too many open files" error\(s\)\).*campaign\.http\.nofile/,
    );
  });
  it('keeps availability below 100 % as data, with the errors as a warning', () => {
    const stderr = '\u001b[1;33m[error]\u001b[0m socket: read error Connection reset by peer sock.c:539: Connection reset by peer\n';
    const stdout = fx('siege/json-busybox-c8.stdout').replace(
      '"failed_transactions":\t\t           0',
      '"failed_transactions":\t\t           1',
    );
    const { summary, warnings } = parseSiege(stdout, stderr);
    expect(summary.failed).toBe(1);
    expect(warnings).toEqual([
      '1 siege error line(s), first: [error] socket: read error Connection reset by peer sock.c:539: Connection reset by peer',
    ]);
  });
  it('refuses a run siege capped below the users asked for, naming the setting', () => {
    const capped = fx('siege/capped-300.stdout');
    expect(() => parseSiege(capped, '\n', { users: 300 })).toThrow(
      /it ran 255 users, not the 300 asked for: its config caps users at 255 \(`limit` in ~\/\.siege\/siege\.conf/,
    );
    expect(parseSiege(capped, '\n', { users: 255 }).summary.transactions).toBe(3272); // as many as the cap: the load asked for
    const run = { clientStdout: capped, clientStderr: '\n', clientExitCode: 0, serverStdout: '' };
    expect(() => siegeProbe.parse(run, { ...HTTP_DEFAULTS, concurrency: 512 })).toThrow(/not the 512 asked for/);
  });
  it('keeps "unrecognized option" lines as warnings, and refuses its usage text', () => {
    const { warnings } = parseSiege(fx('siege/unrecognized-option.stdout'), fx('siege/unrecognized-option.stderr'), { users: 2 });
    expect(warnings).toEqual(["siege: unrecognized option '--nosuch'"]);
    expect(() => parseSiege(fx('siege/usage.stdout'), fx('siege/usage.stderr'))).toThrow(
      /it printed its usage text: its command line was not accepted/,
    );
  });
  it("fails a JSON run that stopped at siege's failure limit, and flags one that stopped early", () => {
    // the server was killed 3 s into -t 8S: siege gave up at 3.02 s with 1031 failed (its limit: 1024)
    const stdout = fx('siege/early-killed.stdout');
    const stderr = fx('siege/early-killed.stderr.head30');
    expect(() => parseSiege(stdout, stderr, { durationS: 8 })).toThrow(
      /it stopped after 3\.02 s of the 8 s asked for: 1031 transactions failed, siege's limit \(1024\), so the server stopped answering \(\[error\] socket: read error Connection reset by peer/,
    );
    // without the duration asked for, the same output stands, with its error lines counted
    expect(parseSiege(stdout, stderr).warnings[0]).toMatch(/^30 siege error line\(s\)/);
    // stopping short without reaching the limit: kept, with a warning
    const short = stdout.replace(/"failed_transactions":\s*1031/, '"failed_transactions": 12');
    expect(parseSiege(short, stderr, { durationS: 8 }).warnings[0]).toBe('stopped early: siege ran 3.02 s of the 8 s asked for');
    // siege's clock reads short runs low: a healthy -t 2S can end at 1.66 s
    expect(stoppedEarly(1.66, 2)).toBe(false);
    expect(stoppedEarly(59.2, 60)).toBe(false);
    expect(stoppedEarly(3.02, 8)).toBe(true);
    expect(stoppedEarly(50, 60)).toBe(true);
  });
  it("says which transactions had an HTTP error status, and reports the successful rate beside siege's", () => {
    // half the URLs are missing (404): 892 transactions, 448 successful, 0 failed, 100 % "availability"
    const half = fx('siege/http-half-404.stdout');
    const { summary, warnings } = parseSiege(half, '\n', { durationS: 2 });
    expect([summary.transactions, summary.successful, summary.failed, summary.availability]).toEqual([892, 448, 0, 100]);
    expect(warnings).toEqual([
      '444 of 892 transactions had an HTTP error status (4xx or 5xx): siege counts them in its transactions and rate, not as failed (http_successful_rate leaves them out)',
    ]);
    const run = { clientStdout: half, clientStderr: '\n', clientExitCode: 0, serverStdout: '', serverStats: [] };
    const samples = siegeProbe.parse(run, { ...HTTP_DEFAULTS, concurrency: 8, durationS: 2 }).samples;
    const value = (m: string) => samples.find((x) => x.metric === m)?.value;
    expect(value('http_transaction_rate')).toBe(537.35);
    expect(value('http_successful_rate')).toBeCloseTo(448 / 1.66, 9);
    // every response a 404: no transaction succeeded, and the reason says why
    expect(() => parseSiege(fx('siege/http-404.stdout'), '\n', { durationS: 2 })).toThrow(
      /no transaction succeeded \(all 1099 responses had an HTTP error status \(4xx or 5xx\)\)/,
    );
  });
  it("gives siege's alert as the reason when it printed its usage after it (-f a missing file)", () => {
    expect(() => parseSiege(fx('siege/missing-file.stdout'), fx('siege/missing-file.stderr'))).toThrow(
      /unable to open file: \/nonexistent\/urls\.txt: No such file or directory \(siege then printed its usage text\)/,
    );
  });
  it('says siege aborted on socket failures (text mode)', () => {
    expect(() => parseSiege('', fx('siege/text-refused.stderr.cut'), { users: 4 })).toThrow(
      /no transaction succeeded \(siege aborted due to excessive socket failure; \[error\] socket: unable to connect/,
    );
  });
  it('names a run without any summary', () => {
    expect(() => parseSiege('', '** SIEGE 4.0.7\nKilled\n')).toThrow(/no summary in output: .*Killed/);
    expect(() => parseSiege('{ "transactions": 1 }', '')).toThrow(/JSON summary without the expected fields/);
  });
  it("builds the blog post's command line with a raised open-file limit", () => {
    expect(siegeProbe.client('10.77.0.2', HTTP_DEFAULTS)).toEqual(['siege', '-c', '512', '-t', '60S', 'http://10.77.0.2:8080/']);
    expect(siegeProbe.nofile!(HTTP_DEFAULTS)).toBeGreaterThan(2 * 512);
    expect(siegeProbe.server(HTTP_DEFAULTS).ports).toEqual([{ port: 8080, proto: 'tcp' }]);
    expect(siegeProbe.server(HTTP_DEFAULTS).cmd.join(' ')).toContain('listen 8080 reuseport');
  });
  it('kills a hung siege a few seconds after a short run would have ended, and leaves a long run 30 s', () => {
    // the slowest healthy runs seen: 4.4 s for -t 3S, 65.4 s for -t 60S (container start included)
    expect(siegeProbe.timeoutS({ ...HTTP_DEFAULTS, durationS: 3 })).toBe(9.5);
    expect(siegeProbe.timeoutS(HTTP_DEFAULTS)).toBe(90);
  });
});

describe('docker stats', () => {
  it('computes CPU % as the docker CLI does, from the second object of a stream on (runc)', () => {
    const [first, second] = statsLines('runc-stress-ng-30pct.jsonl').map((l) => statsSample(JSON.parse(l)));
    expect(first!.cpuPercent).toBeUndefined(); // no precpu_stats yet
    expect(second!.cpuPercent).toBeCloseTo(27.8492963, 6); // stress-ng --cpu-load 30 on one CPU
    expect(second!.memBytes).toBe(10514432);
    expect(second!.t).toBe(Date.parse('2026-11-23T10:54:11.744Z'));
  });
  it('reads the gVisor sandbox the same way (runsc)', () => {
    const s = statsLines('runsc-stress-ng-30pct.jsonl').map((l) => statsSample(JSON.parse(l)));
    expect(s[1]!.cpuPercent).toBeCloseTo(24.20834328358209, 6);
    expect(s[1]!.memBytes).toBe(24846336);
  });
  it('summarises mean and max over the samples that have both values, and nothing from none', () => {
    const s = [
      { t: 0, memBytes: 100 },
      { t: 1000, cpuPercent: 50, memBytes: 300 },
      { t: 2000, cpuPercent: 150, memBytes: 200 },
    ];
    expect(resourceUsageOf(s)).toEqual({ samples: 2, cpuMeanPercent: 100, cpuMaxPercent: 150, memMeanBytes: 250, memMaxBytes: 300 });
    expect(resourceUsageOf([{ t: 0, memBytes: 100 }])).toBeUndefined();
    expect(statsCsv(s)).toBe('t_s,cpu_percent,mem_bytes\n0.000,,100\n1.000,50.000,300\n2.000,150.000,200\n');
  });
  it('rejects an object that is not a stats object', () => {
    expect(() => statsSample({ message: 'No such container' })).toThrow();
  });
  it('gives the HTTP probe CPU and memory rows when samples exist, and failed rows with the reason when none does', () => {
    const run = { clientStdout: fx('siege/json-busybox-c8.stdout'), clientStderr: '', clientExitCode: 0, serverStdout: '' };
    const samples = statsLines('runc-stress-ng-30pct.jsonl').map((l) => statsSample(JSON.parse(l)));
    const withStats = siegeProbe.parse({ ...run, serverStats: samples }, HTTP_DEFAULTS);
    const metric = (m: string) => withStats.samples.find((x) => x.metric === m)?.value;
    expect(metric('server_cpu_mean')).toBeCloseTo(27.8492963, 6);
    expect(metric('server_mem_max')).toBe(10514432);
    expect(metric('server_stats_samples')).toBe(1);
    expect(metric('http_transaction_rate')).toBe(1908.12);
    // every metric but the CPU cost, which the campaign adds around the run (campaign/cpu-cost.ts)
    expect(withStats.samples.map((x) => x.metric).sort()).toEqual(
      siegeProbe.metrics
        .map((m) => m.metric)
        .filter((m) => METRICS[m].probe === 'siege')
        .sort(),
    );
    const without = siegeProbe.parse({ ...run, serverStats: [] }, HTTP_DEFAULTS);
    expect(without.samples.some((x) => x.metric.startsWith('server_'))).toBe(false);
    const own = siegeProbe.metrics.filter((m) => METRICS[m.metric].probe === 'siege');
    const missing = missingMetrics(own, without);
    expect(missing.map((m) => m.metric).sort()).toEqual([
      'server_cpu_max',
      'server_cpu_mean',
      'server_mem_max',
      'server_mem_mean',
      'server_stats_samples',
    ]);
    for (const m of missing) expect(m.reason).toMatch(/docker stats gave no usable sample.*netbench doctor/);
    expect(missingMetrics(own, withStats)).toEqual([]);
  });
  it("names a metric a tool left out, with the parser's warnings, when the parser gives no reason", () => {
    const m = missingMetrics(
      [
        { metric: 'bandwidth', unit: 'bit/s' },
        { metric: 'retransmits', unit: 'count' },
      ],
      { samples: [{ metric: 'bandwidth', value: 1, unit: 'bit/s' }], warnings: ['client: no JSON'] },
    );
    expect(m).toEqual([
      { metric: 'retransmits', unit: 'count', reason: "the tool's output gave no value for retransmits (client: no JSON)" },
    ]);
  });
});
