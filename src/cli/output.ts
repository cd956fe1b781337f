// Terminal output: progress lines on stderr (stdout stays clean for --json), and plain tables.
import type { Logger } from '../lab/lab.js';

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
