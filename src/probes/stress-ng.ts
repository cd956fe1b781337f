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

/**
 * Counts stress-ng processes inside the container: the parent ("stress-ng") and its workers,
 * which stress-ng 0.15 renames "stress-ng-cpu" (so `pgrep -x stress-ng` sees the parent only).
 */
export const stressCheckCommand = ['bash', '-c', 'pgrep -c "^stress-ng" || true'];

/** "dispatching hogs: 2 cpu" from stress-ng's stderr: the number of workers it started. */
export function parseDispatchedWorkers(stderr: string): number | undefined {
  const m = /dispatching hogs: (\d+) cpu/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}
