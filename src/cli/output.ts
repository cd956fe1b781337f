// Terminal output: progress lines on stderr (stdout stays clean for --json), and plain tables.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { TOOLKIT_ROOT } from '../base/toolkit.js';
import type { Logger } from '../base/logger.js';

/** The launcher as the user can type it from where they are: ./netbench in the clone, its full path elsewhere. */
export const launcher = (cwd = process.cwd()): string =>
  resolve(cwd) === resolve(TOOLKIT_ROOT) ? './netbench' : join(TOOLKIT_ROOT, 'netbench');

export function stderrLogger(quiet = false): Logger {
  const t0 = performance.now();
  const stamp = () => `[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s]`;
  return {
    step: (m) => {
      if (!quiet) process.stderr.write(`${stamp()} ${m}\n`);
    },
    warn: (m) => process.stderr.write(`${stamp()} warning: ${m}\n`),
  };
}

/** A path under the working directory relative to it (data/raw/...), others absolute. */
export const at = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') || isAbsolute(r) ? resolve(p) : r;
};

/** How commands name a campaign: its id when it is in data/raw, else its path. */
export const campaignName = (c: { id: string; dir: string }): string => (at(c.dir) === join('data', 'raw', c.id) ? c.id : at(c.dir));

/** Columns padded to their widest cell (pure). */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
export const gbps = (bps: number): string => `${(bps / 1e9).toFixed(2)} Gbit/s`;
