import { describe, expect, it } from 'vitest';
import { profileOf, resolveCampaign } from '../../../src/config/campaign-config.js';
import { chooseRuntimes, planCampaign, seededGenerator, shuffle } from '../../../src/campaign/plan.js';
import { cellKey, taskKey } from '../../../src/model/keys.js';
import { probesFor, probesOf } from '../../../src/probes/registry.js';

const offered = { A: ['crun', 'runc', 'runsc'], B: ['crun', 'runc', 'runsc'] };

describe('campaign config', () => {
  it("defaults to the paper's protocol", () => {
    const c = resolveCampaign(undefined, {});
    expect(profileOf(c)).toBe('paper');
    expect(c.profile).toBeUndefined(); // (a paper campaign's manifest has no profile, as before the field)
    expect(c).toMatchObject({
      experiments: ['bandwidth', 'latency'],
      loads: ['idle', 'stress'],
      reps: 15,
      warmup: 1,
      retries: 2,
      baseline: true,
    });
    expect(resolveCampaign(undefined, { baseline: false }).baseline).toBe(false);
    expect(c.pairs).toEqual(['bridge,bridge', 'host,bridge', 'macvlan,macvlan', 'overlay,overlay']);
    expect(c.iperf3).toEqual({ durationS: 10, omitS: 2, port: 5201, streams: 1 });
    expect(c.runtimes).toBeUndefined();
  });
  it('applies the quick profile, then flags', () => {
    const c = resolveCampaign({ reps: 9 }, { quick: true, runtimes: 'runc,gvisor', pairs: 'bridge,bridge;overlay,overlay', duration: 3 });
    expect(c.reps).toBe(2);
    expect(c.profile).toBe('quick');
    expect(c.runtimes).toEqual(['runc', 'runsc']);
    expect(c.pairs).toEqual(['bridge,bridge', 'overlay,overlay']);
    expect(c.iperf3.durationS).toBe(3);
    expect(c.sockperf.durationS).toBe(3);
  });
  it('has a short iperf3 run report about ten intervals, so a stall can show; the paper keeps iperf3 own 1 s', () => {
    const interval = (file: unknown, flags: Parameters<typeof resolveCampaign>[1]) => resolveCampaign(file, flags).iperf3.intervalS;
    expect(interval(undefined, {})).toBeUndefined(); // 10 s: no -i, the paper's commands
    expect(interval(undefined, { duration: 20 })).toBeUndefined();
    expect(interval(undefined, { quick: true })).toBe(0.2);
    expect(interval(undefined, { profile: 'demo' })).toBe(0.1);
    expect(interval(undefined, { duration: 3 })).toBe(0.3);
    expect(interval(undefined, { quick: true, duration: 5 })).toBe(0.5);
    expect(interval(undefined, { duration: 0.5 })).toBe(0.1); // iperf3's shortest
    expect(interval(undefined, { duration: 9.9 })).toBe(0.99); // to 10 ms
    // an interval the config gives is kept, whatever the run's length
    expect(interval({ iperf3: { intervalS: 1 } }, { quick: true })).toBe(1);
    expect(interval({ iperf3: { intervalS: 0.5 } }, { duration: 30 })).toBe(0.5);
  });
  it('applies the demo profile: every experiment, short runs, two retries; flags still narrow it', () => {
    const d = resolveCampaign(undefined, { profile: 'demo' });
    expect(d).toMatchObject({
      profile: 'demo',
      experiments: ['bandwidth', 'latency', 'http'],
      reps: 2,
      warmup: 0,
      retries: 2,
      baseline: true,
    });
    expect(d.pairs).toEqual(resolveCampaign(undefined, {}).pairs); // every pair of the paper
    expect(d.loads).toEqual(['idle', 'stress']);
    expect(d.iperf3).toMatchObject({ durationS: 1, omitS: 0, intervalS: 0.1 });
    expect(d.sockperf.durationS).toBe(1);
    expect(d.http).toMatchObject({ concurrency: 64, durationS: 3, pairs: ['bridge,bridge'], runtimes: ['runc', 'runsc'] });
    // latency is sockperf's alone: ping is off, and no probe run of it is planned or estimated
    expect(d.ping.enabled).toBe(false);
    expect(probesOf(probesFor(d), 'latency').map((p) => p.name)).toEqual(['sockperf']);
    expect(probesOf(probesFor(resolveCampaign(undefined, { quick: true })), 'latency').map((p) => p.name)).toEqual(['ping', 'sockperf']);
    expect(d.iperf3Udp).toMatchObject(resolveCampaign(undefined, { quick: true }).iperf3Udp); // the quick one where the demo says nothing
    expect(resolveCampaign(undefined, { profile: 'demo', runtimes: 'runc,runsc' }).runtimes).toEqual(['runc', 'runsc']);
  });
  it("has the HTTP experiment off by default, with the blog post's settings, narrowed by the same flags", () => {
    const c = resolveCampaign(undefined, {});
    expect(c.experiments).not.toContain('http');
    expect(c.http).toEqual({ concurrency: 512, durationS: 60, port: 8080, nofile: 8192, pairs: ['bridge,bridge'] });
    const q = resolveCampaign(undefined, { quick: true, experiments: 'http', concurrency: 16 });
    expect(q.http).toMatchObject({ concurrency: 16, durationS: 3 });
    const p = resolveCampaign(undefined, { experiments: 'http,bandwidth', pairs: 'macvlan,macvlan', duration: 20 });
    expect(p.http).toMatchObject({ pairs: ['macvlan,macvlan'], durationS: 20 });
    expect(p.pairs).toEqual(['macvlan,macvlan']);
    expect(() => resolveCampaign(undefined, { experiments: 'http', duration: 2.5 })).toThrow(/siege runs for whole seconds/);
    expect(resolveCampaign(undefined, { duration: 2.5 }).iperf3.durationS).toBe(2.5);
    expect(() => resolveCampaign(undefined, { experiments: 'http', concurrency: 0 })).toThrow(/campaign\.http\.concurrency/);
  });
  it('turns on the optional iperf3 UDP probe and parallel streams from flags', () => {
    expect(resolveCampaign(undefined, {}).iperf3Udp.enabled).toBe(false);
    const c = resolveCampaign(undefined, { quick: true, udp: 5e8, streams: 4 });
    expect(c.iperf3Udp).toMatchObject({ enabled: true, targetBps: 5e8, durationS: 2, omitS: 1 });
    expect(c.iperf3.streams).toBe(4);
  });
  it('names bad settings', () => {
    expect(() => resolveCampaign(undefined, { runtimes: 'runc,youki' })).toThrow(/campaign\.runtimes\.1: unknown runtime/);
    expect(() => resolveCampaign(undefined, { pairs: 'bridge,overlay' })).toThrow(/campaign\.pairs\.0/);
    // --pairs fills the HTTP experiment's list too: its bad entry is named once, as the flag's
    expect(() => resolveCampaign(undefined, { pairs: 'bridge,bridge;bridge,foo' })).toThrow(
      /^the campaign settings are not valid:\n {2}campaign\.pairs\.1: must be a driver pair[^\n]*$/,
    );
    // a bad entry of the config file's http.pairs is still named there
    expect(() => resolveCampaign({ http: { pairs: ['bridge,foo'] } }, {})).toThrow(/campaign\.http\.pairs\.0: must be a driver pair/);
    expect(() => resolveCampaign({ reps: 0 }, {})).toThrow(/campaign\.reps/);
    // iperf3 omits its -O seconds before the -t ones it measures: any omit leaves the whole run measured
    expect(resolveCampaign({ iperf3: { durationS: 2, omitS: 2 } }, {}).iperf3).toMatchObject({ durationS: 2, omitS: 2, intervalS: 0.2 });
    expect(resolveCampaign(undefined, { duration: 1 }).iperf3).toMatchObject({ durationS: 1, omitS: 2, intervalS: 0.1 });
    expect(() => resolveCampaign({ tpyo: 1 }, {})).toThrow(/Unrecognized key/);
  });
});

describe('plan', () => {
  const cfg = resolveCampaign(undefined, { quick: true });
  it('measures runc plus every runtime both hosts offer by default', () => {
    expect(chooseRuntimes(undefined, { A: ['runc', 'runsc', 'kata'], B: ['runsc', 'runc'] })).toEqual(['runc', 'runsc']);
  });
  it('expands experiments x runtimes x pairs x loads, warm-ups first, each round a shuffle of all cells', () => {
    const p = planCampaign(cfg, offered, 42);
    expect(p.cells).toHaveLength(2 * 3 * 4 * 2 + 2 * 2); // + the bare-host baseline per experiment and load
    expect(
      p.cells
        .filter((c) => c.cell.runtime === 'bare')
        .every((c) => c.cell.pair.client === 'host' && c.cell.pair.server === 'host' && !c.unsupported),
    ).toBe(true);
    expect(planCampaign({ ...cfg, baseline: false }, offered, 42).cells).toHaveLength(2 * 3 * 4 * 2);
    expect(p.tasks).toHaveLength(p.cells.length * (cfg.warmup + cfg.reps));
    const round = (i: number) => p.tasks.slice(i * p.cells.length, (i + 1) * p.cells.length);
    expect(round(0).every((t) => t.warmup)).toBe(true);
    for (const i of [1, 2]) {
      expect(new Set(round(i).map((t) => cellKey(t.cell))).size).toBe(p.cells.length);
      expect(round(i).every((t) => t.rep === i && !t.warmup)).toBe(true);
    }
    expect(round(1).map((t) => cellKey(t.cell))).not.toEqual(round(2).map((t) => cellKey(t.cell)));
    expect(new Set(p.tasks.map(taskKey)).size).toBe(p.tasks.length);
  });
  it('runs the HTTP experiment on its own pairs (bridge,bridge by default), with the bare baseline on host,host', () => {
    const c = resolveCampaign(undefined, { quick: true, experiments: 'bandwidth,http', runtimes: 'runc,runsc' });
    const p = planCampaign(c, offered, 3);
    const http = p.cells.filter((x) => x.cell.experiment === 'http');
    expect(http.map((x) => cellKey(x.cell)).sort()).toEqual(
      [
        'http/bare/host,host/idle',
        'http/bare/host,host/stress',
        'http/runc/bridge,bridge/idle',
        'http/runc/bridge,bridge/stress',
        'http/runsc/bridge,bridge/idle',
        'http/runsc/bridge,bridge/stress',
      ].sort(),
    );
    expect(p.cells.filter((x) => x.cell.experiment === 'bandwidth')).toHaveLength(2 * 4 * 2 + 2);
  });
  it('runs the HTTP experiment on the runtimes http.runtimes names, the bare host only when named', () => {
    const httpCells = (http: object, runtimes = 'runc,crun,runsc') =>
      planCampaign(resolveCampaign({ http }, { quick: true, experiments: 'bandwidth,http', runtimes }), offered, 3)
        .cells.filter((x) => x.cell.experiment === 'http' && x.cell.load === 'idle')
        .map((x) => x.cell.runtime);
    expect(httpCells({ runtimes: ['runsc', 'runc'] })).toEqual(['runc', 'runsc']); // in the campaign's order
    expect(httpCells({ runtimes: ['gvisor', 'bare'] })).toEqual(['runsc', 'bare']); // aliases; bare when named
    expect(httpCells({ runtimes: ['runc', 'runsc'] }, 'runc,crun')).toEqual(['runc']); // of the campaign's runtimes only
    expect(httpCells({})).toEqual(['runc', 'crun', 'runsc', 'bare']);
    // the demo: HTTP on runc and runsc; bandwidth and latency keep every runtime and the bare host
    const demo = planCampaign(resolveCampaign(undefined, { profile: 'demo' }), offered, 3);
    const count = (e: string) => demo.cells.filter((x) => x.cell.experiment === e).length;
    expect([count('bandwidth'), count('latency'), count('http')]).toEqual([3 * 4 * 2 + 2, 3 * 4 * 2 + 2, 2 * 2]);
    expect(() => resolveCampaign({ http: { runtimes: ['runx'] } }, {})).toThrow(/campaign\.http\.runtimes\.0: unknown runtime/);
  });
  it('is reproducible from its seed', () => {
    expect(planCampaign(cfg, offered, 7).tasks.map(taskKey)).toEqual(planCampaign(cfg, offered, 7).tasks.map(taskKey));
    expect(planCampaign(cfg, offered, 7).tasks.map(taskKey)).not.toEqual(planCampaign(cfg, offered, 8).tasks.map(taskKey));
  });
  it('marks Kata with the host driver unsupported, with the reason', () => {
    const k = { A: ['runc', 'kata'], B: ['runc', 'kata'] };
    const p = planCampaign(resolveCampaign(undefined, { quick: true, runtimes: 'kata' }), k, 1);
    const kata = p.cells.filter((c) => c.cell.runtime === 'kata');
    const host = kata.filter((c) => c.cell.pair.client === 'host');
    expect(host.length).toBeGreaterThan(0);
    for (const c of host) expect(c.unsupported).toMatch(/cannot join the host network namespace/);
    expect(kata.filter((c) => c.cell.pair.client !== 'host').every((c) => !c.unsupported)).toBe(true);
  });
  it('refuses a runtime a host lacks, naming what it offers, unless told to skip it', () => {
    const c = resolveCampaign(undefined, { quick: true, runtimes: 'runc,kata' });
    expect(() => planCampaign(c, offered, 1)).toThrow(/runtime "kata" is not available on host A \(it offers crun, runc, runsc\)/);
    const skipped = planCampaign({ ...c, skipMissing: true }, offered, 1);
    expect(skipped.cells.filter((x) => x.cell.runtime === 'kata').every((x) => /not installed on host A/.test(x.unsupported ?? ''))).toBe(
      true,
    );
  });
  it('needs a one-end runtime only on its own end, and runc on the other', () => {
    const c = resolveCampaign(undefined, { quick: true, runtimes: 'runc,runsc-2024@server' });
    const serverOnly = { A: ['runc'], B: ['runc', 'runsc-2024'] };
    const cells = planCampaign(c, serverOnly, 1).cells;
    const of = (rt: string) => cells.filter((x) => x.cell.runtime === rt);
    expect(of('runsc-2024@server').length).toBe(of('runc').length);
    expect(of('runsc-2024@server').every((x) => !x.unsupported)).toBe(true);
    const flipped = resolveCampaign(undefined, { quick: true, runtimes: 'runc,runsc-2024@client' });
    expect(() => planCampaign(flipped, serverOnly, 1)).toThrow(
      /runtime "runsc-2024" \(of runsc-2024@client\) is not available on host A \(it offers runc\)/,
    );
    expect(() => planCampaign(flipped, serverOnly, 1)).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/netbench lab up --variants runsc-2024/) }),
    );
    const skipped = planCampaign({ ...flipped, skipMissing: true }, serverOnly, 1).cells.filter(
      (x) => x.cell.runtime === 'runsc-2024@client',
    );
    expect(skipped.every((x) => x.unsupported === 'runtime runsc-2024 is not installed on host A')).toBe(true);
  });
  it('shuffles without losing or repeating elements', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const s = shuffle(xs, seededGenerator(3));
    expect([...s].sort((a, b) => a - b)).toEqual(xs);
    expect(s).not.toEqual(xs);
    expect(shuffle(xs, seededGenerator(3))).toEqual(s);
    expect(shuffle(xs, seededGenerator(2 ** 32 - 1))).not.toEqual(s);
  });
});

describe('resume keys', () => {
  it('a row written for a task maps back to that task', async () => {
    const { rowTaskKey } = await import('../../../src/campaign/runner.js');
    const p = planCampaign(resolveCampaign(undefined, { quick: true }), offered, 3);
    for (const t of p.tasks) {
      const row = {
        experiment: t.cell.experiment,
        runtime: t.cell.runtime,
        client_driver: t.cell.pair.client,
        server_driver: t.cell.pair.server,
        load: t.cell.load,
        rep: String(t.rep),
        warmup: String(t.warmup),
      };
      expect(rowTaskKey(row)).toBe(taskKey(t));
    }
  });
});
