// stress-ng: the "stress" load of the paper, run inside the server container and loading every CPU
// that container sees (--cpu 0), for the whole measurement. Builders and a parser of its run log. Pure.
import { z } from 'zod';

export interface StressOptions {
  /** Workers; 0 = one per CPU the container sees. */
  cpuWorkers: number;
  method: string;
}

export const STRESS_DEFAULTS: StressOptions = { cpuWorkers: 0, method: 'all' };

/**
 * The CPU methods stress-ng 0.15.06 (the image's) takes, in the order it lists them (`stress-ng --cpu-method
 * which`; test/fixtures/stress-ng/cpu-method-nosuch.out): a method it does not know is refused when
 * the config is read, not found out in the server container of the first stress run.
 */
export const STRESS_CPU_METHODS = [
  'all',
  'ackermann',
  'apery',
  'bitops',
  'callfunc',
  'cdouble',
  'cfloat',
  'clongdouble',
  'collatz',
  'correlate',
  'crc16',
  'decimal32',
  'decimal64',
  'decimal128',
  'dither',
  'div8',
  'div16',
  'div32',
  'div64',
  'div128',
  'double',
  'euler',
  'explog',
  'factorial',
  'fibonacci',
  'fft',
  'fletcher16',
  'float',
  'float32',
  'float64',
  'float80',
  'float128',
  'floatconversion',
  'gamma',
  'gcd',
  'gray',
  'hamming',
  'hanoi',
  'hyperbolic',
  'idct',
  'int128',
  'int64',
  'int32',
  'int16',
  'int8',
  'int128float',
  'int128double',
  'int128longdouble',
  'int128decimal32',
  'int128decimal64',
  'int128decimal128',
  'int64float',
  'int64double',
  'int64longdouble',
  'int32float',
  'int32double',
  'int32longdouble',
  'intconversion',
  'ipv4checksum',
  'jmp',
  'lfsr32',
  'ln2',
  'logmap',
  'longdouble',
  'loop',
  'matrixprod',
  'nsqrt',
  'omega',
  'parity',
  'phi',
  'pi',
  'prime',
  'psi',
  'queens',
  'rand',
  'rand48',
  'rgb',
  'sieve',
  'stats',
  'sqrt',
  'trig',
  'union',
  'zeta',
] as const;
const CPU_METHODS: ReadonlySet<string> = new Set(STRESS_CPU_METHODS);

/** `campaign.stress`. */
export const STRESS_SETTINGS = z
  .object({
    cpuWorkers: z.number().int().min(0).max(1024).default(STRESS_DEFAULTS.cpuWorkers),
    method: z
      .string()
      .refine((m) => CPU_METHODS.has(m), {
        message: `not a CPU method of stress-ng 0.15 (all, matrixprod, fft, int64, ... : stress-ng --cpu-method which lists them)`,
      })
      .default(STRESS_DEFAULTS.method),
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

/** Where stressStartCommand keeps stress-ng's output in the server container. */
const STRESS_LOG = '/tmp/stress-ng.log';

/**
 * One command that starts stress-ng in the background (its output in STRESS_LOG, nothing on the
 * caller's stream, so the command ends while stress-ng runs on) and waits, up to 10 s, until its
 * parent and a worker run, or until it has exited; it prints how many stress-ng processes it saw
 * last and, when they are fewer than two, the end of stress-ng's output (its own error: "Value
 * 150 is out of range"). It counts by name prefix: stress-ng 0.15 renames its workers
 * "stress-ng-cpu" (`pgrep -x stress-ng` sees the parent only). Both streams go to the log:
 * stress-ng prints some errors on stdout.
 */
export const stressStartCommand = (o: StressOptions, timeoutS: number): string[] => [
  'bash',
  '-c',
  `${stressCommand(o, timeoutS).join(' ')} </dev/null >${STRESS_LOG} 2>&1 & p=$!; ` +
    `for i in $(seq ${STRESS_START_STEPS}); do n=$(pgrep -c "^stress-ng"); [ "$n" -ge 2 ] && break; kill -0 $p 2>/dev/null || break; sleep 0.02; done; echo "$n"; ` +
    `[ "$n" -ge 2 ] || tail -n 5 ${STRESS_LOG}`,
];

/** What stressStartCommand printed: the stress-ng processes it saw, and stress-ng's last lines when they were too few. Pure. */
export function parseStressStart(stdout: string): { seen: number; log: string[] } {
  const [first = '', ...rest] = stdout.trim().split('\n');
  return { seen: Number(first.trim()) || 0, log: rest.map((l) => l.trim()).filter(Boolean) };
}

/** "dispatching hogs: 2 cpu" from stress-ng's stderr: the number of workers it started. */
export function parseDispatchedWorkers(stderr: string): number | undefined {
  const m = /dispatching hogs: (\d+) cpu/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}
