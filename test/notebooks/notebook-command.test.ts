// `netbench notebook`: the real Jupyter server on 127.0.0.1 with a token, the project's kernel and
// the campaigns in its environment; Ctrl-C stops it with its kernels and leaves nothing running.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const children = async (pid: number) =>
  (await execa('ps', ['-o', 'pid=', '--ppid', String(pid)], { reject: false })).stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);

describe('netbench notebook', () => {
  it('serves the notebooks with the project kernel and the campaigns, and Ctrl-C leaves nothing running', async () => {
    // from another directory, through the launcher: the notebooks served are the clone's
    const cmd = execa(
      join(ROOT, 'netbench'),
      ['--json', 'notebook', '2026-11-23T0915Z-nb', '2026-11-23T1437Z-nb', '--data-dir', join(ROOT, 'data/raw'), '--port', '18890'],
      {
        cwd: tmpdir(),
        reject: false,
        buffer: false,
        env: { NO_COLOR: '1' },
      },
    );
    const first = await new Promise<string>((done, fail) => {
      let out = '';
      cmd.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) done(out.split('\n')[0]!);
      });
      void cmd.then((r) => fail(new Error(`netbench notebook exited (${String(r.exitCode)}) before serving`)));
    });
    const s = JSON.parse(first) as { url: string; base: string; token: string; pid: number; env: Record<string, string> };
    expect(s.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.token).toMatch(/^[0-9a-f]{48}$/);
    expect(s.env).toEqual({
      NETBENCH_CAMPAIGN: join(ROOT, 'data/raw/2026-11-23T0915Z-nb'),
      NETBENCH_HTTP_CAMPAIGN: join(ROOT, 'data/raw/2026-11-23T1437Z-nb'),
    });
    const api = (path: string, init?: RequestInit) => fetch(`${s.base}api/${path}?token=${s.token}`, init);
    // the token is required
    expect((await fetch(`${s.base}api/kernelspecs`)).status).toBe(403);
    const specs = (await (await api('kernelspecs')).json()) as { kernelspecs: Record<string, { spec: { display_name: string } }> };
    expect(specs.kernelspecs.netbench?.spec.display_name).toBe('TypeScript (runtime-netbench)');
    const explore = (await (await api('contents/01-explore.ipynb')).json()) as { type: string };
    expect(explore.type).toBe('notebook');
    // the server (so every kernel it starts) has the campaigns in its environment
    const environ = readFileSync(`/proc/${s.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`NETBENCH_CAMPAIGN=${s.env.NETBENCH_CAMPAIGN}`);
    expect(environ).toContain(`NETBENCH_HTTP_CAMPAIGN=${s.env.NETBENCH_HTTP_CAMPAIGN}`);
    // a kernel of the project's, running
    const started = (await (await api('kernels', { method: 'POST', body: JSON.stringify({ name: 'netbench' }) })).json()) as {
      id: string;
      name: string;
    };
    expect(started.name).toBe('netbench');
    const kernels = await children(s.pid);
    expect(kernels.length).toBeGreaterThan(0);
    // Ctrl-C
    cmd.kill('SIGINT');
    const r = await cmd;
    expect(r.exitCode).toBe(0);
    expect(alive(s.pid)).toBe(false);
    for (const k of kernels) expect(alive(k), `kernel process ${k}`).toBe(false);
    await expect(fetch(s.base)).rejects.toThrow();
  }, 180_000);
});
