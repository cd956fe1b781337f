// `netbench notebook [campaign…]`: the notebooks in Jupyter on these campaigns, one command away.
import { resolve } from 'node:path';
import { TOOLKIT_ROOT } from '../base/toolkit.js';
import { readManifest } from '../dataset/manifest.js';
import { NetbenchError } from '../base/errors.js';
import { ensureJupyter, startNotebookServer, type NotebookServer } from '../notebook/jupyter-server.js';
import { campaignDir } from './campaigns.js';
import type { GlobalOptions } from './options.js';
import { stderrLogger } from './output.js';

export interface NotebookOptions extends GlobalOptions {
  port: number;
  dataDir: string;
}

/** The notebooks' environment for the campaigns named: an HTTP campaign for 03-http, the other for the rest. */
async function campaignEnv(names: readonly string[], dataDir: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const dir = resolve(campaignDir(name, dataDir));
    const experiments = (await readManifest(dir)).config.experiments;
    // a demo campaign holds both: it is the one of every notebook
    const keys = [
      ...(experiments.includes('bandwidth') || experiments.includes('latency') ? ['NETBENCH_CAMPAIGN'] : []),
      ...(experiments.includes('http') ? ['NETBENCH_HTTP_CAMPAIGN'] : []),
    ];
    for (const key of keys) {
      if (env[key])
        throw new NetbenchError(
          'bad-config',
          `two campaigns for ${key}: ${env[key]} and ${dir}`,
          'Name one bandwidth/latency campaign and at most one HTTP campaign (a demo campaign is both).',
        );
      env[key] = dir;
    }
  }
  return env;
}

/** The addresses, on stdout. */
function announce(server: NotebookServer, env: Record<string, string>, json: boolean | undefined): void {
  const at = (path: string) => `${server.base}${path}?token=${server.token}`;
  if (json) {
    process.stdout.write(JSON.stringify({ url: at('tree'), base: server.base, token: server.token, pid: server.pid, env }) + '\n');
    return;
  }
  const on = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const port = new URL(server.base).port;
  process.stdout.write(
    [
      `Jupyter serves notebooks/ on 127.0.0.1 (kernel "TypeScript (runtime-netbench)")${on.length ? `, with ${on.join(', ')}` : ', on the committed campaigns'}:`,
      `  ${at('tree')}`,
      `  ${at('notebooks/01-explore.ipynb')}`,
      `From another machine: ssh -L ${port}:127.0.0.1:${port} <this host>, then open the address there.`,
      'Ctrl-C stops Jupyter and its kernels.',
      '',
    ].join('\n'),
  );
}

export async function notebookCommand(campaigns: string[], o: NotebookOptions): Promise<void> {
  const log = stderrLogger(o.quiet);
  const root = TOOLKIT_ROOT; // its notebooks/ and kernel script, wherever the caller is
  const env = await campaignEnv(campaigns, o.dataDir);
  log.step('Jupyter Notebook and the tslab kernel');
  await ensureJupyter(root, (m) => log.step(m));
  const server = await startNotebookServer({ root, port: o.port, env });
  try {
    announce(server, env, o.json);
    // Ctrl-C (or SIGTERM) stops the server; the server exiting by itself is an error.
    const stopped = new Promise<'signal'>((done) => {
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => done('signal'));
    });
    const how = await Promise.race([stopped, server.exited.then(() => 'exited' as const)]);
    if (how === 'exited')
      throw new NetbenchError(
        'tool-failed',
        `Jupyter stopped by itself:\n${server.log()}`,
        'Read its log above; start it again with netbench notebook.',
      );
  } finally {
    // whatever ends the command, no Jupyter is left running
    log.step('stopping Jupyter and its kernels');
    await server.stop();
  }
  log.step('Jupyter stopped');
}
