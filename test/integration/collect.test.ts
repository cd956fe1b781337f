// The collection on a real lab, on small campaigns: a runtime the hosts lack, SIGTERM, kill -9, a
// dying engine (and the lab brought back from it), a full disk, and resume. (The whole matrix runs in test/integration/demo.test.ts.)
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, MEASUREMENTS } from '../../src/dataset/campaign-dir.js';
import type { Manifest } from '../../src/dataset/manifest.js';
import { LAB, ROOT, campaignContainers, cli, labState, onlyDir, requireRoot, rowsOf, rowsSoFar, timelineOf, unmount } from './helpers.js';
import { run } from '../../src/machine/exec.js';
import { client } from '../../src/engine/endpoint.js';
import { labelledContainers, runToCompletion } from '../../src/engine/containers.js';
import { DAEMON_ENV } from '../../src/lab/daemon.js';
import { topologyOf } from '../../src/lab/topology.js';
import type { UpReport } from '../../src/lab/up.js';
import { tempDir } from '../temp-dir.js';

/** A campaign of three tasks (a warm-up and 2 repetitions of runc's bandwidth over macvlan, idle): enough to stop and resume in the middle. */
const SMALL = [
  '-q',
  'collect',
  '--quick',
  '--runtimes',
  'runc',
  '--pairs',
  'macvlan,macvlan',
  '--loads',
  'idle',
  '--experiments',
  'bandwidth',
  '--no-baseline',
];

describe.sequential('netbench collect on the lab', () => {
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
  });

  it('refuses a runtime the hosts lack before writing anything', async () => {
    const out = tempDir('nbcol');
    const r = await cli(['collect', '--quick', '--runtimes', 'runc,kata', '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('runtime "kata" is not available on host A');
    expect(r.stderr).toContain('--skip-missing');
    expect(readdirSync(out)).toEqual([]);
  });

  it('stops cleanly on SIGTERM, and resumes after kill -9 without repeating or losing a repetition', async () => {
    const out = tempDir('nbres');
    const args = ['--import', 'tsx', `${ROOT}src/cli/main.ts`, ...SMALL, '--seed', '5', '--out', out];
    const rowsNow = () => rowsSoFar(out).length;
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
    // the attempt SIGTERM cut short (if one had begun) is marked so on the timeline, not as a failure of runc
    const timeline = timelineOf(dir);
    for (const x of timeline.filter((x) => !x.ok)) expect(x.interrupted, JSON.stringify(x)).toBe(true);
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
    expect(tasks.size).toBe(3); // 1 warm-up + 2 reps: nothing lost
    expect(m.sessions[1]!.tasksRun).toBeGreaterThan(0); // the killed session's tasks are counted from the rows on disk
    expect(m.sessions.reduce((n, s) => n + s.tasksRun, 0)).toBe(tasks.size); // every task counted once
    expect(await campaignContainers(id)).toBe(0);
  });

  it('a resumed campaign goes on with the retry history of the session before it', async () => {
    const out = tempDir('nbhist');
    // A real failure that is the same each time: sockperf's UDP port is taken in host B's namespace,
    // so the bare-host baseline's server cannot bind it and every client gets no answer.
    const netns = (await labState())?.netns;
    expect(netns).toBeDefined();
    const blocker = execa(
      'ip',
      [
        'netns',
        'exec',
        netns!,
        process.execPath,
        '-e',
        "require('dgram').createSocket('udp4').bind(11112, () => console.log('bound')); setTimeout(() => {}, 600_000)",
      ],
      { reject: false },
    );
    await new Promise((bound) => blocker.stdout.once('data', bound));
    try {
      await resumedWithHistory(out);
    } finally {
      blocker.kill();
      await blocker;
    }
  });

  async function resumedWithHistory(out: string): Promise<void> {
    const runs = join(out, 'runs');
    const args = ['--import', 'tsx', `${ROOT}src/cli/main.ts`, '-q', 'collect', '--quick', '--runtimes', 'runc'];
    const only = ['--pairs', 'macvlan,macvlan', '--loads', 'idle', '--experiments', 'latency', '--seed', '5', '--out', runs];
    const sockperfRuns = () => {
      const rows = rowsSoFar(runs).filter((x) => x.probe === 'sockperf' && x.runtime === 'bare');
      return [...new Map(rows.map((x) => [x.artifact, x])).values()].sort((a, b) => a.started_at.localeCompare(b.started_at));
    };
    // session 1: SIGTERM once two runs (the warm-up and a repetition) are on disk; the third is left
    const first = execa('node', [...args, ...only], { cwd: ROOT, reject: false });
    for (let i = 0; i < 1500 && sockperfRuns().length < 2; i++) await new Promise((r) => setTimeout(r, 200));
    first.kill('SIGTERM');
    expect((await first).exitCode).toBe(130);
    const { id, dir } = onlyDir(runs);
    const before = sockperfRuns();
    expect(before).toHaveLength(2);
    // the precondition: each run failed all 3 attempts with one error
    for (const r of before) expect([r.status, r.attempts, r.value], r.reason).toEqual(['failed', '3', '']);
    expect(before[0]!.reason).toBe('sockperf: No messages were received from the server. Is the server down?');
    expect(before[1]!.reason).toBe(before[0]!.reason);
    // a failed run keeps its tools' raw output, per attempt, next to attempts.txt
    for (const r of before) {
      const attempts = readFileSync(join(dir, r.artifact, 'attempts.txt'), 'utf8');
      for (const n of [1, 2, 3]) expect(attempts).toContain(`attempt ${n} failed: ${r.reason} (raw output in attempt${n}/)`);
      expect(readFileSync(join(dir, r.artifact, 'attempt1', 'client.stdout'), 'utf8')).toMatch(/No messages were received/);
      expect(existsSync(join(dir, r.artifact, 'attempt1', 'server.stderr')), r.artifact).toBe(true);
    }
    // timeline.jsonl has every failed attempt with its error (and the one SIGTERM cut short, if it began)
    const timeline = timelineOf(dir);
    const failedAttempts = timeline.filter((x) => !x.ok && x.task.startsWith('latency/bare/') && x.error === before[0]!.reason);
    expect(failedAttempts.map((x) => x.attempt)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(timeline.filter((x) => x.probe === 'sockperf' && x.task.startsWith('latency/bare/') && x.ok)).toEqual([]);
    // any other failed attempt is the one SIGTERM cut short, and says so (not the engine's 409 as if the runtime failed)
    for (const x of timeline.filter((x) => !x.ok && !failedAttempts.includes(x)))
      expect([x.interrupted, x.error?.startsWith('cut short by the interruption')], JSON.stringify(x)).toEqual([true, true]);
    // session 2 (the manifest carries the config): its one run starts with the history of session 1, so it is not retried
    const r2 = await cli(['-q', 'collect', '--resume', id, '--out', runs]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.sessions.map((s) => s.status)).toEqual(['interrupted', 'complete']);
    // the runtimes the engines run by name, each binary with its version line and hash, for compare
    const runc = m.runtimeBinaries?.find((b) => b.name === 'runc');
    expect(runc?.version).toMatch(/^runc version \d/);
    expect(runc?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.sessions[1]!.provenance?.runtimeBinaries?.map((b) => b.name)).toEqual(m.runtimeBinaries?.map((b) => b.name));
    // ping (on unless turned off) measured beside the failing sockperf: the bare host's echoes and runc's over macvlan
    const rows = rowsOf(dir);
    for (const rt of ['bare', 'runc']) {
      const ping = rows.filter((x) => x.metric === 'ping_rtt_avg' && x.runtime === rt && x.warmup === 'false');
      expect(
        ping.map((x) => x.status),
        rt,
      ).toEqual(['ok', 'ok']);
      for (const x of ping) expect(Number(x.value)).toBeGreaterThan(0);
    }
    const third = sockperfRuns()[2]!;
    expect(third.started_at > m.sessions[0]!.endedAt!).toBe(true);
    expect(third.attempts).toBe('1');
    expect(third.warnings).toMatch(/retries skipped: the last 2 runs/);
    expect(await campaignContainers(id)).toBe(0);
  }

  it("stops, to be resumed, when host B's engine dies mid-campaign, instead of recording failed runs", async () => {
    const out = tempDir('nbdead');
    const run = execa('node', ['--import', 'tsx', `${ROOT}src/cli/main.ts`, ...SMALL, '--seed', '5', '--out', out], {
      cwd: ROOT,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    const rowsNow = () => rowsSoFar(out).length;
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
    // the fix the error names: lab up (after a lab down, which works with host B's engine dead), then resume to the end
    const logB = (await labState())!.daemons.B!.logFile;
    const down = await cli(['-q', 'lab', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    // the overlay network B's dead anchor still held in the swarm went with the swarm: nothing to warn about
    expect(down.stderr).not.toMatch(/network \S+-overlay/);
    const logFrom = statSync(logB).size;
    // the engines lab up starts keep no variable of the caller's: gVisor still starts once the caller's TMPDIR is gone
    const gone = tempDir('nbgone'); // like scripts/test.sh's TMPDIR, removed when it exits
    const up = await cli(['--json', 'lab', 'up'], { env: { TMPDIR: gone, npm_config_loglevel: 'error' } });
    expect(up.exitCode, up.stderr).toBe(0);
    rmSync(gone, { recursive: true, force: true });
    // lab down removed the swarm state B's engine could not leave: it starts without trying to rejoin a swarm for 20 s
    expect(readFileSync(logB, 'utf8').slice(logFrom)).not.toContain('swarm component could not be started before timeout was reached');
    // B's data still held its containers, exited (the anchor, the server) or created and never started (the
    // next run's, when the engine died between create and start): lab up removes them all instead of starting a second anchor
    expect(up.stderr).toMatch(/host B: removed \d+ lab container\(s\) not running, left by an engine that died/);
    const onB = await labelledContainers(client(topologyOf(LAB).hosts.B.endpoint), LAB.name);
    expect(onB.map((c) => c.State)).toEqual(['running']); // the overlay anchor alone
    const state = await labState();
    for (const d of [state?.daemons.A, state?.daemons.B].filter((x) => x !== undefined)) {
      const env = readFileSync(`/proc/${d.pid}/environ`, 'utf8').split('\0').filter(Boolean);
      expect(env.sort(), `dockerd ${d.pid}`).toEqual(
        Object.entries(DAEMON_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .sort(),
      );
    }
    const image = (JSON.parse(up.stdout) as UpReport).image;
    for (const host of ['A', 'B'] as const) {
      const spec = { image, cmd: ['true'], runtime: 'runsc', network: 'none', role: 'probe' };
      const c = await runToCompletion(client(topologyOf(LAB).hosts[host].endpoint), LAB.name, spec, 60_000);
      expect(c.exitCode, `runsc on host ${host}: ${c.stderr}`).toBe(0);
    }
    const r2 = await cli(['-q', 'collect', '--resume', id, '--out', out]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const rows = rowsOf(dir);
    expect(new Set(rows.map((x) => [x.experiment, x.rep, x.warmup].join('|'))).size).toBe(3);
    expect(rows.filter((x) => x.status === 'failed')).toEqual([]);
    expect(await campaignContainers(id)).toBe(0);
  });

  it('stops on a full disk with whole rows and the way to resume, and refuses a read-only output directory before the lab', async () => {
    const out = tempDir('nbdisk');
    await run(['mount', '-t', 'tmpfs', '-o', 'size=4m', 'nbtest-disk', out]);
    try {
      const args = ['-q', 'collect', '--quick', '--runtimes', 'runc', '--pairs', 'bridge,bridge', '--loads', 'idle'];
      const only = ['--experiments', 'bandwidth', '--no-baseline', '--seed', '5', '--out', out];
      const collecting = execa('node', ['--import', 'tsx', `${ROOT}src/cli/main.ts`, ...args, ...only], { cwd: ROOT, reject: false });
      const rowsNow = () => rowsSoFar(out).length;
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
      // a complete campaign resumed: nothing to do, said at once, no lab and no new session
      const again = await cli(['collect', '--resume', dir]);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stderr).toContain(`campaign ${id} is complete: nothing to resume`);
      expect(again.stderr).not.toMatch(/lab|engine/i);
      expect((JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest).sessions.length).toBe(2);
      // read-only: refused at once, naming the directory, before the lab (no "lab" step) and without a campaign
      const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
      writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...m, status: 'interrupted' })); // as if stopped
      await run(['mount', '-o', 'remount,ro', out]);
      const roResume = await cli(['collect', '--resume', dir]);
      expect(roResume.exitCode).toBe(1);
      expect(roResume.stderr).toContain(`netbench: cannot write ${dir}: EROFS`);
      expect(roResume.stderr).not.toMatch(/lab|engine/i);
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
