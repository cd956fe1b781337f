// The collection on a real lab: a quick campaign over the paper's matrix (4 pairs x runc, crun,
// runsc x idle, stress x bandwidth, latency), then SIGTERM, kill -9, a dying engine and resume on small ones.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS, parseCsv } from '../../src/campaign/csv.js';
import { MANIFEST, MEASUREMENTS, TIMELINE, type TimelineEntry } from '../../src/campaign/output.js';
import { LABEL_CAMPAIGN } from '../../src/campaign/runner.js';
import type { Manifest } from '../../src/campaign/manifest.js';
import { client } from '../../src/engine/endpoint.js';
import { topologyOf } from '../../src/lab/topology.js';
import { LAB, ROOT, cli, labState, requireRoot, unmount } from './helpers.js';
import { run } from '../../src/host/exec.js';

const topology = topologyOf(LAB);
const rowsOf = (dir: string) => {
  const { records, tornTail } = parseCsv(readFileSync(join(dir, MEASUREMENTS), 'utf8'));
  expect(tornTail).toBe(false);
  const [header, ...rows] = records;
  expect(header).toEqual([...COLUMNS]);
  return rows.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]!]))) as Array<Record<(typeof COLUMNS)[number], string>>;
};
const campaignContainers = async (id: string) => {
  let n = 0;
  for (const h of ['A', 'B'] as const)
    n += (await client(topology.hosts[h].endpoint).listContainers({ all: true, filters: { label: [`${LABEL_CAMPAIGN}=${id}`] } })).length;
  return n;
};
const onlyDir = (out: string) => {
  const ids = readdirSync(out);
  expect(ids).toHaveLength(1);
  return { id: ids[0]!, dir: join(out, ids[0]!) };
};

describe.sequential('netbench collect on the lab', () => {
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
  });

  it('refuses a runtime the hosts lack before writing anything', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbcol-'));
    const r = await cli(['collect', '--quick', '--runtimes', 'runc,kata', '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('runtime "kata" is not available on host A');
    expect(r.stderr).toContain('--skip-missing');
    expect(readdirSync(out)).toEqual([]);
  });

  it("runs the paper's matrix in the quick profile and writes tidy rows, a manifest and artifacts", async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbcol-'));
    // every pair x runtime x load x experiment once, after its warm-up (one repetition: the tests'
    // time goes to probe runs; the retry history across runs has its own test below)
    const r = await cli(['collect', '--quick', '--reps', '1', '--runtimes', 'runc,crun,runsc', '--seed', '11', '--out', out]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const { id, dir } = onlyDir(out);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m).toMatchObject({
      campaignId: id,
      status: 'complete',
      seed: 11,
      lab: { mode: 'emulated', name: LAB.name },
      config: { profile: 'quick' },
    });
    expect(m.config).toMatchObject({ reps: 1, warmup: 1, runtimes: ['runc', 'crun', 'runsc'], loads: ['idle', 'stress'] });
    expect(m.toolkit.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(m.hosts.A.engineVersion).toMatch(/^20\.10/);
    expect(m.hosts.B.runtimes).toEqual(expect.arrayContaining(['runc', 'crun', 'runsc']));
    expect(m.image.id).toMatch(/^sha256:/);
    expect(m.toolVersions.iperf3).toMatch(/^iperf 3\./);
    expect(m.toolVersions['stress-ng']).toMatch(/stress-ng, version 0\./);
    expect(m.cpuModel.A).not.toBe('unknown');
    expect(m.containers).toMatch(/fresh/);
    expect(m.plan).toMatchObject({ cells: 48 + 4, tasks: (48 + 4) * 2 }); // + the bare-host baseline
    expect(m.baseline).toMatch(/own network stacks/);

    const rows = rowsOf(dir);
    for (const x of rows) {
      expect(['ok', 'unsupported', 'failed']).toContain(x.status);
      if (x.status === 'ok') expect(Number.isFinite(Number(x.value)) && x.value !== '' && x.unit !== '').toBe(true);
      else expect(x.value === '' && x.reason !== '').toBe(true);
    }
    // one row set per (cell, rep): every probe of the experiment has rows, warm-ups included
    const sets = new Set(
      rows.map((x) => [x.experiment, x.runtime, x.client_driver, x.server_driver, x.load, x.rep, x.warmup, x.probe].join('|')),
    );
    const probes = { bandwidth: ['iperf3'], latency: ['ping', 'sockperf'] } as const;
    for (const e of ['bandwidth', 'latency'] as const)
      for (const rt of ['runc', 'crun', 'runsc'])
        for (const [c, s] of [
          ['bridge', 'bridge'],
          ['host', 'bridge'],
          ['macvlan', 'macvlan'],
          ['overlay', 'overlay'],
        ])
          for (const load of ['idle', 'stress'])
            for (const [rep, wu] of [
              ['1', 'true'],
              ['1', 'false'],
            ])
              for (const p of probes[e])
                expect(sets.has([e, rt, c, s, load, rep, wu, p].join('|')), [e, rt, c, s, load, rep, wu, p].join(' ')).toBe(true);
    expect(rows.filter((x) => x.warmup === 'false').length).toBeGreaterThan(0);

    const measured = (metric: string, rt: string, c: string, load: string) =>
      rows
        .filter(
          (x) =>
            x.metric === metric &&
            x.runtime === rt &&
            x.client_driver === c &&
            x.load === load &&
            x.warmup === 'false' &&
            x.status === 'ok',
        )
        .map((x) => Number(x.value));
    for (const rt of ['runc', 'crun', 'runsc'])
      for (const c of ['bridge', 'host', 'macvlan', 'overlay'])
        for (const load of ['idle', 'stress']) {
          const bw = measured('bandwidth', rt, c, load);
          expect(bw.length, `bandwidth ${rt} ${c} ${load}`).toBeGreaterThan(0);
          for (const v of bw) expect(v).toBeGreaterThan(0);
          if (rt === 'runsc' && c === 'host') continue; // see below
          const lat = measured('sockperf_rtt_p50', rt, c, load);
          expect(lat.length, `latency ${rt} ${c} ${load}`).toBeGreaterThan(0);
          for (const v of lat) expect(v).toBeGreaterThan(0);
        }
    // gVisor hostinet (runsc with the host driver): sockperf's UDP recvfrom fails; recorded as failed, never as a number.
    const hostinet = rows.filter((x) => x.probe === 'sockperf' && x.runtime === 'runsc' && x.client_driver === 'host');
    expect(
      hostinet.every((x) => (x.status === 'failed' ? x.value === '' && /recvfrom|sockperf/.test(x.reason) : Number(x.value) > 0)),
    ).toBe(true);
    // a failed run was retried (up to 3 attempts), each attempt's error kept in the warnings
    expect(hostinet.some((x) => x.status === 'failed' && x.attempts === '3' && x.warnings === `${x.reason} | ${x.reason}`)).toBe(true);
    // a failed run keeps its tools' raw output, per attempt, next to attempts.txt
    const failedRuns = [...new Set(hostinet.filter((x) => x.status === 'failed').map((x) => x.artifact))];
    expect(failedRuns.length).toBeGreaterThan(0); // it failed in all 32 runs of campaign 2026-11-23T0915Z-nb
    for (const art of failedRuns) {
      const attempts = readFileSync(join(dir, art, 'attempts.txt'), 'utf8');
      expect(attempts).toMatch(/^attempt 1 failed: .*\(raw output in attempt1\/\)$/m);
      const printed = ['client.stdout', 'client.stderr']
        .map((f) => join(dir, art, 'attempt1', f))
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f, 'utf8'))
        .join('');
      expect(printed, art).toMatch(/recvfrom/);
      expect(existsSync(join(dir, art, 'attempt1', 'server.stderr')), art).toBe(true);
    }
    // timeline.jsonl: every attempt with its phases, so the bench can tell where the wall time went
    const timeline = readFileSync(join(dir, TIMELINE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TimelineEntry);
    const ranOk = new Set(
      rows
        .filter((x) => x.status !== 'unsupported' && x.duration_s !== '')
        .map((x) => [x.experiment, x.runtime, x.client_driver, x.load, x.rep, x.warmup, x.probe].join('|')),
    );
    expect(timeline.filter((x) => x.ok)).toHaveLength(ranOk.size);
    for (const x of timeline.filter((t) => t.ok)) {
      for (const p of ['server_start', 'server_ready', 'settle', 'client', 'after'] as const)
        expect(x[p], `${x.task} ${p}`).toBeGreaterThanOrEqual(0);
      expect(x.stress !== undefined, x.task).toBe(x.task.includes('/stress#'));
      expect(x.total_s).toBeGreaterThanOrEqual(x.client!);
    }
    expect(timeline.some((x) => !x.ok && x.probe === 'sockperf' && x.task.startsWith('latency/runsc/host,'))).toBe(true);
    const wallS = m.sessions.reduce((t, x) => t + (Date.parse(x.endedAt!) - Date.parse(x.startedAt)) / 1000, 0);
    expect(timeline.reduce((t, x) => t + x.total_s, 0)).toBeLessThan(wallS);
    // ping cannot reach a container behind published ports: unsupported with the reason, never 0
    const pingBridge = rows.filter((x) => x.probe === 'ping' && x.server_driver === 'bridge');
    expect(pingBridge.length).toBeGreaterThan(0);
    expect(pingBridge.every((x) => x.status === 'unsupported' && x.value === '' && /published ports/.test(x.reason))).toBe(true);
    expect(measured('ping_rtt_avg', 'runc', 'macvlan', 'idle').length).toBe(1);
    // the bare-host baseline: the path's limit, on the hosts' own stacks
    for (const load of ['idle', 'stress']) {
      expect(measured('bandwidth', 'bare', 'host', load).length, `bare ${load}`).toBe(1);
      expect(measured('ping_rtt_avg', 'bare', 'host', load).length).toBe(1);
      expect(measured('sockperf_rtt_p50', 'bare', 'host', load).length).toBe(1);
    }
    // stress-ng was seen running in the server container before every stressed probe
    const stressed = rows.find((x) => x.load === 'stress' && x.status === 'ok' && x.probe === 'iperf3')!;
    expect(readFileSync(join(dir, stressed.artifact, 'stress.txt'), 'utf8')).toMatch(/parent \+ workers\): [2-9]/);
    expect(existsSync(join(dir, stressed.artifact, 'server.stdout'))).toBe(true);
    expect(await campaignContainers(id)).toBe(0);
  });

  it('stops cleanly on SIGTERM, and resumes after kill -9 without repeating or losing a repetition', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbres-'));
    const args = [
      '--import',
      'tsx',
      `${ROOT}src/cli/main.ts`,
      '-q',
      'collect',
      '--quick',
      '--runtimes',
      'runc',
      '--pairs',
      'macvlan,macvlan',
      '--loads',
      'idle',
      '--no-baseline',
      '--seed',
      '5',
      '--out',
      out,
    ];
    const rowsNow = () => (readdirSync(out).length ? rowsOf(join(out, readdirSync(out)[0]!)).length : 0);
    const waitRows = async (n: number) => {
      for (let i = 0; i < 600 && rowsNow() < n; i++) await new Promise((r) => setTimeout(r, 200));
      expect(rowsNow()).toBeGreaterThanOrEqual(n);
    };
    // 1: SIGTERM after the first task
    const first = execa('node', args, { cwd: ROOT, reject: false });
    await waitRows(1);
    first.kill('SIGTERM');
    const r1 = await first;
    expect(r1.exitCode).toBe(130);
    expect(r1.stderr).toContain('--resume');
    const { id, dir } = onlyDir(out);
    expect((JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest).status).toBe('interrupted');
    expect(await campaignContainers(id)).toBe(0);
    // 2: resume, kill -9 once more rows are in
    const before = rowsNow();
    const second = execa('node', [...args.slice(0, 4), 'collect', '--resume', id, '--out', out], { cwd: ROOT, reject: false });
    await waitRows(before + 1);
    second.kill('SIGKILL');
    await second;
    const kept = readFileSync(join(dir, MEASUREMENTS), 'utf8');
    // 3: resume to the end
    const r3 = await cli(['-q', 'collect', '--resume', id, '--out', out]);
    expect(r3.exitCode, r3.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.status).toBe('complete');
    expect(m.sessions.map((s) => s.status)).toEqual(['interrupted', 'killed', 'complete']);
    const final = readFileSync(join(dir, MEASUREMENTS), 'utf8');
    expect(final.startsWith(kept.slice(0, kept.lastIndexOf('\n') + 1))).toBe(true); // what was on disk is kept as it was
    const rows = rowsOf(dir);
    const keys = rows.map((x) => [x.experiment, x.rep, x.warmup, x.probe, x.metric].join('|'));
    expect(new Set(keys).size).toBe(keys.length); // nothing repeated
    const tasks = new Set(rows.map((x) => [x.experiment, x.rep, x.warmup].join('|')));
    expect(tasks.size).toBe(2 * 3); // 2 experiments x (1 warm-up + 2 reps): nothing lost
    expect(m.sessions[1]!.tasksRun).toBeGreaterThan(0); // the killed session's tasks are counted from the rows on disk
    expect(m.sessions.reduce((n, s) => n + s.tasksRun, 0)).toBe(tasks.size); // every task counted once
    expect(await campaignContainers(id)).toBe(0);
  });

  it('a resumed campaign goes on with the retry history of the session before it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbhist-'));
    const args = ['--import', 'tsx', `${ROOT}src/cli/main.ts`, '-q', 'collect', '--quick', '--runtimes', 'runsc', '--pairs', 'host,bridge'];
    const only = ['--loads', 'idle', '--experiments', 'latency', '--no-baseline', '--seed', '5', '--out', out];
    const sockperfRuns = () => {
      if (!readdirSync(out).length) return [];
      const rows = rowsOf(join(out, readdirSync(out)[0]!)).filter((x) => x.probe === 'sockperf');
      return [...new Map(rows.map((x) => [x.artifact, x])).values()].sort((a, b) => a.started_at.localeCompare(b.started_at));
    };
    // session 1: SIGTERM once two runs (the warm-up and a repetition) are on disk; the third is left
    const first = execa('node', [...args, ...only], { cwd: ROOT, reject: false });
    for (let i = 0; i < 1500 && sockperfRuns().length < 2; i++) await new Promise((r) => setTimeout(r, 200));
    first.kill('SIGTERM');
    expect((await first).exitCode).toBe(130);
    const { id, dir } = onlyDir(out);
    const before = sockperfRuns();
    expect(before).toHaveLength(2);
    // gVisor hostinet fails sockperf with one error in every attempt (both default campaigns): the precondition
    for (const r of before) expect([r.status, r.attempts], r.reason).toEqual(['failed', '3']);
    expect(before[1]!.reason).toBe(before[0]!.reason);
    // session 2: its one run starts with the history of session 1, so it is not retried
    const r2 = await cli(['-q', 'collect', '--resume', id, '--out', out]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.sessions.map((s) => s.status)).toEqual(['interrupted', 'complete']);
    const third = sockperfRuns()[2]!;
    expect(third.started_at > m.sessions[0]!.endedAt!).toBe(true);
    expect(third.attempts).toBe('1');
    expect(third.warnings).toMatch(/retries skipped: the last 2 runs/);
    expect(await campaignContainers(id)).toBe(0);
  });
  it("stops, to be resumed, when host B's engine dies mid-campaign, instead of recording failed runs", async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbdead-'));
    const args = ['-q', 'collect', '--quick', '--runtimes', 'runc', '--pairs', 'macvlan,macvlan', '--loads', 'idle', '--no-baseline'];
    const run = execa('node', ['--import', 'tsx', `${ROOT}src/cli/main.ts`, ...args, '--seed', '5', '--out', out], {
      cwd: ROOT,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    const rowsNow = () => (readdirSync(out).length ? rowsOf(join(out, readdirSync(out)[0]!)).length : 0);
    for (let i = 0; i < 600 && rowsNow() < 1; i++) await new Promise((r) => setTimeout(r, 200));
    const tasksBefore = rowsNow();
    expect(tasksBefore).toBeGreaterThan(0);
    const pidB = (await labState())?.daemons.B?.pid;
    expect(pidB).toBeGreaterThan(0);
    process.kill(pidB!, 'SIGKILL'); // the lab's own dockerd, by the PID the lab recorded
    const r = await run;
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/host B's Docker engine \(unix:\/\/\S+\) stopped answering during the campaign/);
    expect(r.stderr).toContain('netbench lab up');
    const { id, dir } = onlyDir(out);
    expect(r.stderr).toContain(`--resume ${id}`);
    expect(r.stderr).toMatch(/containers may not all be removed: host B: its containers could not be listed/);
    expect((JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest).status).toBe('interrupted');
    expect(rowsOf(dir).filter((x) => x.status === 'failed')).toEqual([]); // no run is recorded as the probe's failure
    // the fix the error names: lab up, then resume to the end
    expect((await cli(['-q', 'lab', 'down'])).exitCode).toBe(0);
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
    const r2 = await cli(['-q', 'collect', '--resume', id, '--out', out]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const rows = rowsOf(dir);
    expect(new Set(rows.map((x) => [x.experiment, x.rep, x.warmup].join('|'))).size).toBe(2 * 3);
    expect(rows.filter((x) => x.status === 'failed')).toEqual([]);
    expect(await campaignContainers(id)).toBe(0);
  });

  it('stops on a full disk with whole rows and the way to resume, and refuses a read-only output directory before the lab', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nbdisk-'));
    await run(['mount', '-t', 'tmpfs', '-o', 'size=4m', 'nbtest-disk', out]);
    try {
      const args = ['-q', 'collect', '--quick', '--runtimes', 'runc', '--pairs', 'bridge,bridge', '--loads', 'idle'];
      const only = ['--experiments', 'bandwidth', '--no-baseline', '--seed', '5', '--out', out];
      const collecting = execa('node', ['--import', 'tsx', `${ROOT}src/cli/main.ts`, ...args, ...only], { cwd: ROOT, reject: false });
      const rowsNow = () => (readdirSync(out).length ? rowsOf(join(out, readdirSync(out)[0]!)).length : 0);
      for (let i = 0; i < 600 && rowsNow() < 1; i++) await new Promise((r) => setTimeout(r, 200));
      expect(rowsNow()).toBeGreaterThan(0);
      const { id, dir } = onlyDir(out);
      // the disk fills up while the campaign runs (dd stops at ENOSPC)
      await execa('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k'], { reject: false });
      const r = await collecting;
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/netbench: cannot write \S+: ENOSPC: no space left on device/);
      expect(r.stderr).toContain(`fix: The disk is full`);
      expect(r.stderr).toContain(`finish the campaign with \`netbench collect --resume ${id}\``);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const rows = rowsOf(dir); // whole lines only (rowsOf checks for a torn tail)
      expect(rows.filter((x) => x.status === 'failed')).toEqual([]); // a full disk is not a failed run
      JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')); // still whole
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
      // the fix the error names: free space, resume by the campaign's path
      await rm(join(dir, 'filler'));
      const r2 = await cli(['-q', 'collect', '--resume', dir]);
      expect(r2.exitCode, r2.stderr).toBe(0);
      expect((JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest).status).toBe('complete');
      expect(new Set(rowsOf(dir).map((x) => [x.rep, x.warmup].join('|'))).size).toBe(3); // the warm-up and 2 repetitions, once each
      // read-only: refused at once, naming the directory, before the lab (no "lab" step) and without a campaign
      await run(['mount', '-o', 'remount,ro', out]);
      const ro = await cli(['collect', '--quick', '--runtimes', 'runc', '--out', out]);
      expect(ro.exitCode).toBe(1);
      expect(ro.stderr).toContain(`netbench: cannot write ${out}: EROFS`);
      expect(ro.stderr).toContain('fix: The file system is read-only');
      expect(ro.stderr).not.toMatch(/lab|engine/i);
      expect(readdirSync(out)).toEqual([id]);
    } finally {
      await unmount(out);
      await rm(out, { recursive: true, force: true });
    }
  });
});
