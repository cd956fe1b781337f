// stress-ng: the "stress" load of the paper, run inside the server container and loading every CPU
// that container sees (--cpu 0), for the whole measurement. Builders and a parser of its run log. Pure.
import { z } from 'zod';

export interface StressOptions {
  /** Workers; 0 = one per CPU the container sees. */
  cpuWorkers: number;
  method: string;
}

export const STRESS_DEFAULTS: StressOptions = { cpuWorkers: 0, method: 'all' };

/** `campaign.stress`. */
export const STRESS_SETTINGS = z
  .object({
    cpuWorkers: z.number().int().min(0).max(1024).default(STRESS_DEFAULTS.cpuWorkers),
    method: z.string().default(STRESS_DEFAULTS.method),
  })
  .strict()
  .default(STRESS_DEFAULTS);

/** The load's tool and the command that prints its version, for the manifest. */
export const STRESS_TOOL = { name: 'stress-ng', version: 'stress-ng --version' };

export const stressCommand = (o: StressOptions, timeoutS: number): string[] => [
  'stress-ng',
  '--cpu',
  String(o.cpuWorkers),
  '--cpu-method',
  o.method,
  '--timeout',
  `${Math.ceil(timeoutS)}s`,
  '--metrics-brief',
];

/** How long stressStartCommand waits for the workers, in 20-ms steps (10 s). */
const STRESS_START_STEPS = 500;

/**
 * One command that starts stress-ng in the background (its log in /tmp/stress-ng.log, nothing on
 * the caller's stream, so the command ends while stress-ng runs on) and waits, up to 10 s, until
 * its parent and a worker run; it prints how many stress-ng processes it saw last. It counts by
 * name prefix: stress-ng 0.15 renames its workers "stress-ng-cpu" (`pgrep -x stress-ng` sees the
 * parent only).
 */
export const stressStartCommand = (o: StressOptions, timeoutS: number): string[] => [
  'bash',
  '-c',
  `${stressCommand(o, timeoutS).join(' ')} </dev/null >/dev/null 2>/tmp/stress-ng.log & ` +
    `for i in $(seq ${STRESS_START_STEPS}); do n=$(pgrep -c "^stress-ng"); [ "$n" -ge 2 ] && break; sleep 0.02; done; echo "$n"`,
];

/** "dispatching hogs: 2 cpu" from stress-ng's stderr: the number of workers it started. */
export function parseDispatchedWorkers(stderr: string): number | undefined {
  const m = /dispatching hogs: (\d+) cpu/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}
