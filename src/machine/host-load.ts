// The load of the machine running the toolkit: the load average (/proc/loadavg) recorded around
// every probe run, and how busy its CPUs are right now (/proc/stat) checked before a campaign,
// because other work on the machine disturbs what is measured (for the emulated lab both hosts
// are this machine).
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { busyShare, cpuDelta, readProcStat } from './cpu-time.js';

/** The 1, 5 and 15 minute load averages of a /proc/loadavg text (pure). */
export function parseLoadavg(text: string): [number, number, number] {
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) /.exec(text);
  if (!m) throw new Error(`not a /proc/loadavg line: ${text.slice(0, 60)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export async function hostLoad(): Promise<[number, number, number] | undefined> {
  return readFile('/proc/loadavg', 'utf8')
    .then(parseLoadavg)
    .catch(() => undefined);
}

export const formatLoad = (l: [number, number, number] | undefined): string => (l ? l.map((x) => x.toFixed(2)).join(' ') : 'unknown');

/**
 * How busy this machine's CPUs are over the next `ms` (0 to 1), or undefined without /proc/stat.
 * Unlike the 1-minute load average it is not raised by what the toolkit itself just did (`lab up`
 * starts a container per runtime and driver right before a campaign).
 */
export async function cpuBusyShare(ms = 1000): Promise<number | undefined> {
  try {
    const before = await readProcStat();
    await sleep(ms);
    return busyShare(cpuDelta(before.total, (await readProcStat()).total));
  } catch {
    return undefined;
  }
}

/** At or above this share of all CPUs in use before a campaign, other work is running (a quarter: half a CPU of two). */
export const BUSY_SHARE = 0.25;
