// The end of scripts/test.sh: vitest's JSON reports read back, and what a contributor wants to know
// when the suite ends: passed and failed, each tier's time (from its first file's start to its
// last file's end) and the slowest files.
//   node --import tsx scripts/test-summary.ts <report.json>...
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const Report = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  testResults: z.array(z.object({ name: z.string(), startTime: z.number(), endTime: z.number(), status: z.string() })),
});

/** The tier of a test file: the folder under test/ (unit, processes, browser, notebooks, integration). */
const tierOf = (file: string): string => /(?:^|\/)test\/([^/]+)\//.exec(file)?.[1] ?? '?';
const minutes = (ms: number): string => `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;

let passed = 0;
let failed = 0;
let skipped = 0;
const files: Array<{ file: string; tier: string; start: number; end: number }> = [];
for (const path of process.argv.slice(2)) {
  if (!existsSync(path)) {
    // a vitest run that died before writing its report: count it as a failure, never as a pass
    console.log(`no report at ${path}: that vitest run did not finish`);
    failed++;
    continue;
  }
  const r = Report.parse(JSON.parse(readFileSync(path, 'utf8')));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests;
  for (const t of r.testResults) {
    const file = relative(process.cwd(), t.name);
    files.push({ file, tier: tierOf(file), start: t.startTime, end: t.endTime });
  }
}
const tiers = [...new Set(files.map((f) => f.tier))];
console.log('\ntime per tier (first file started to last file ended; tiers of one vitest run overlap):');
for (const tier of tiers) {
  const fs = files.filter((f) => f.tier === tier);
  console.log(
    `  ${tier.padEnd(12)} ${minutes(Math.max(...fs.map((f) => f.end)) - Math.min(...fs.map((f) => f.start))).padStart(12)}  (${fs.length} files)`,
  );
}
console.log('\nthe 10 slowest files:');
for (const f of [...files].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 10))
  console.log(`  ${minutes(f.end - f.start).padStart(12)}  ${f.file}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
