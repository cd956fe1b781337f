// Reading the CPU counters a run's cost is made of (campaign/cpu-cost.ts): this machine's
// /proc/stat and both containers' cgroups through their engines, at an instant or at two instants
// of a run; and the session's idle baseline. The side of cpu-cost.ts that touches the system.
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../base/errors.js';
import type { ContainerCpuReader } from '../engine/container-cpu.js';
import { readProcStat } from '../machine/cpu-time.js';
import type { MeasuredInterval } from '../probes/probe.js';
import { idleCpuOf, type CpuReading, type IdleCpu } from './cpu-cost.js';

/** How long the idle baseline of a session is measured. */
export const IDLE_BASELINE_S = 3;

/**
 * The machine's CPU in use with nothing running, over IDLE_BASELINE_S; `unsupported` with the reason
 * when this machine's /proc/stat does not count the hosts' CPUs (`machineReason`: remote engines).
 */
export async function measureIdleCpu(machineReason: string | undefined): Promise<IdleCpu> {
  if (machineReason) return { unsupported: machineReason };
  try {
    const before = await readProcStat();
    const t = performance.now();
    await sleep(IDLE_BASELINE_S * 1000);
    const after = await readProcStat();
    return idleCpuOf(before.total, after.total, (performance.now() - t) / 1000);
  } catch (e) {
    return { unsupported: `this machine's /proc/stat could not be read: ${describeError(e)}` };
  }
}

const failedRead = (what: string) => (e: unknown) => ({ failed: `${what}: ${describeError(e)}` });

/** The counters now: the machine's (unless `machineReason` says why not) and both containers'. */
export async function readCpu(
  machineReason: string | undefined,
  server: ContainerCpuReader,
  client: ContainerCpuReader,
): Promise<CpuReading> {
  const stats = Promise.all([
    server().catch(failedRead("the server container's CPU")),
    client().catch(failedRead("the client container's CPU")),
  ]);
  const atMs = performance.now();
  const machine = machineReason ? { unsupported: machineReason } : await readProcStat().then((p) => p.total, failedRead('/proc/stat'));
  const [s, c] = await stats;
  return { atMs, machine, server: s, client: c };
}

/** The readings at both ends of a run's measured interval, once the run is over (or why there are none). */
export type IntervalReadings = { start: CpuReading; end: CpuReading } | { failed: string };

/** Whether every counter of a reading was read (none failed). */
const whole = (r: CpuReading): boolean => ![r.machine, r.server, r.client].some((x) => 'failed' in x);

/**
 * Read the counters across a run's measured interval, timed from now (the client's start): at its
 * start and end, each moved in by a twentieth of it (at most 0.2 s) so that both fall inside it,
 * and every second or so between them. `done()`, called when the client has ended, stops the
 * readings; the interval's end is the last whole reading, so a client that ends before its
 * nominal end (siege stops short of `-t` now and then, and its container's cgroup goes with it)
 * still has one. Fewer than two readings: failed, with the reason.
 */
export function readAcross(interval: MeasuredInterval, read: () => Promise<CpuReading>): { done(): Promise<IntervalReadings> } {
  const t0 = performance.now();
  const over = new AbortController();
  const readings: CpuReading[] = [];
  const taking = (async () => {
    for (const s of readingTimes(interval)) {
      try {
        await sleep(Math.max(0, t0 + s * 1000 - performance.now()), undefined, { signal: over.signal });
      } catch {
        return; // the client ended
      }
      readings.push(await read());
    }
  })();
  return {
    async done() {
      over.abort();
      await taking;
      return intervalReadings(readings, interval);
    },
  };
}

/** When to read across an interval (seconds from the client's start): see readAcross. Pure. */
export function readingTimes(interval: MeasuredInterval): number[] {
  const margin = Math.min(0.2, (interval.toS - interval.fromS) / 20);
  const from = interval.fromS + margin;
  const to = interval.toS - margin;
  const step = Math.max(0.25, Math.min(1, (to - from) / 4));
  const between = Math.max(0, Math.ceil((to - from) / step) - 1);
  return [from, ...Array.from({ length: between }, (_, i) => from + (i + 1) * step), to];
}

/** The interval's start and end from the readings taken (the end: the last whole one). Pure. */
export function intervalReadings(readings: readonly CpuReading[], interval: MeasuredInterval): IntervalReadings {
  const [start, ...rest] = readings;
  const end = rest.filter(whole).at(-1);
  if (start && end) return { start, end };
  return {
    failed:
      `the client ended ${readings.length ? 'before a second whole reading of the CPU counters' : 'before the first reading of the CPU counters'}, ` +
      `while its measured interval (${interval.fromS} to ${interval.toS} s) still ran`,
  };
}
