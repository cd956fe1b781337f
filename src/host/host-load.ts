// The load of the machine running the toolkit (/proc/loadavg): recorded around every probe run and
// checked before a campaign, because other work on the machine disturbs what is measured (for the
// emulated lab both hosts are this machine).
import { readFile } from 'node:fs/promises';

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

/** A 1-minute load average at or above this (per CPU) before a campaign means other work is running. */
export const BUSY_LOAD_PER_CPU = 0.5;
