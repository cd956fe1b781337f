// Jupyter for the notebooks: Debian's classic Notebook server with the project's tslab kernel,
// bound to 127.0.0.1 with a token, started and stopped as one unit (its kernels with it).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { NetbenchError } from '../base/errors.js';
import { installPackages, missingPackages } from '../machine/packages.js';

/** Debian's Jupyter Notebook (6.4 in bookworm: it runs the inline scripts of trusted outputs). */
export const NOTEBOOK_PACKAGES = ['jupyter-notebook'];

/** Where the project's kernel spec lives (scripts/install-kernel.sh writes it): Jupyter's JUPYTER_PATH. */
export const jupyterPath = (root: string): string => join(root, '.jupyter/share/jupyter');

export interface NotebookServer {
  /** http://127.0.0.1:<port>/ */
  base: string;
  token: string;
  pid: number;
  /** Resolves when the server has exited, with its exit code. */
  exited: Promise<number | undefined>;
  /** The server's last lines of log (for an error). */
  log: () => string;
  /** SIGTERM: the server shuts its kernels down and exits; SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

/** Install Jupyter Notebook (as root) and the project's kernel when missing. */
export async function ensureJupyter(root: string, log: (m: string) => void): Promise<void> {
  await installPackages(await missingPackages(NOTEBOOK_PACKAGES), log);
  await execa(join(root, 'scripts/install-kernel.sh'), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }).catch((e: unknown) => {
    throw new NetbenchError(
      'tool-failed',
      `the tslab kernel could not be installed: ${String(e)}`,
      'Run scripts/install-kernel.sh and read its error.',
    );
  });
}

/** The server's own line with its address, e.g. "http://127.0.0.1:8889/?token=..." (pure). */
export function serverPort(logText: string): number | undefined {
  const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(logText);
  return m ? Number(m[1]) : undefined;
}

/**
 * Start `jupyter notebook` on 127.0.0.1 (the first free port from `port`) in the notebooks
 * folder, with a fresh token and `env` added (NETBENCH_CAMPAIGN, ...). The server runs in its own
 * process group, so a Ctrl-C in the terminal reaches the caller, which stops it.
 */
export async function startNotebookServer(o: {
  root: string;
  port: number;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<NotebookServer> {
  const token = randomBytes(24).toString('hex');
  const args = [
    'notebook',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${o.port}`,
    '--port-retries=50',
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${join(o.root, 'notebooks')}`,
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  const child: ResultPromise = execa('jupyter', args, {
    cwd: o.root,
    env: { JUPYTER_PATH: jupyterPath(o.root), ...o.env },
    detached: true,
    reject: false,
    stdin: 'ignore',
    all: true,
    buffer: false,
  });
  let text = '';
  const lines = () => text.split('\n').slice(-15).join('\n');
  const exited = child.then(
    (r) => r.exitCode,
    () => undefined,
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new NetbenchError(
            'timeout',
            `Jupyter did not start in ${(o.timeoutMs ?? 60_000) / 1000} s:\n${lines()}`,
            'Run `jupyter notebook` by hand to see why.',
          ),
        ),
      o.timeoutMs ?? 60_000,
    );
    child.all?.on('data', (d: Buffer) => {
      text = (text + d.toString()).slice(-20_000);
      const p = serverPort(text);
      if (p !== undefined) {
        clearTimeout(timer);
        resolve(p);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new NetbenchError('tool-failed', `Jupyter exited (code ${String(code)}) before serving:\n${lines()}`, 'Read its log above.'));
    });
  }).catch(async (e: unknown) => {
    if (child.pid !== undefined) stopGroup(child.pid, 'SIGKILL');
    await exited;
    throw e;
  });
  const pid = child.pid!;
  return {
    base: `http://127.0.0.1:${port}/`,
    token,
    pid,
    exited,
    log: lines,
    stop: async (graceMs = 20_000) => {
      stopGroup(pid, 'SIGTERM');
      const late = setTimeout(() => stopGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(late);
    },
  };
}

/** Signal the server's process group (it leads one: started detached); gone already is fine. */
function stopGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group has exited */
  }
}
