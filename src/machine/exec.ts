// The one place the lab runs host commands: argv arrays (never shell strings), a deadline on
// every call, and an error that names the command and its stderr when it fails.
import { execa } from 'execa';
import { NetbenchError } from '../base/errors.js';

export interface RunOptions {
  /** Deadline in milliseconds; the process gets SIGTERM, then SIGKILL 2 s later. */
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
  /** Do not throw on a non-zero exit; the caller reads exitCode. */
  reject?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('run: empty argv');
  const r = await execa(file, args, {
    timeout: opts.timeoutMs ?? 60_000,
    forceKillAfterDelay: 2_000,
    reject: false,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
    env: opts.env,
    stripFinalNewline: true,
  });
  const result = { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode ?? -1 };
  if (r.timedOut) {
    throw new NetbenchError(
      'timeout',
      `\`${argv.join(' ')}\` did not finish within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s`,
      'Check that the machine is not overloaded and retry; the command was stopped.',
    );
  }
  if (r.failed && r.exitCode === undefined) {
    throw new NetbenchError(
      'tool-failed',
      `could not run \`${file}\`: ${r.shortMessage}`,
      `Install the program that provides \`${file}\` (netbench lab up installs the lab's Debian packages).`,
    );
  }
  if (result.exitCode !== 0 && opts.reject !== false) {
    throw new NetbenchError(
      'tool-failed',
      `\`${argv.join(' ')}\` exited with ${result.exitCode}: ${lastLines(result.stderr || result.stdout, 5)}`,
      'Read the message above; `netbench doctor` checks the whole lab.',
    );
  }
  return result;
}

/** Exit code 0? (missing program or non-zero exit both count as false) */
export async function succeeds(argv: readonly string[], timeoutMs = 10_000): Promise<boolean> {
  try {
    return (await run(argv, { timeoutMs, reject: false })).exitCode === 0;
  } catch {
    return false;
  }
}

export function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
