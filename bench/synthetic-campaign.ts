// A synthetic campaign for the benchmarks, in a temporary directory (never in data/): every cell
// and metric of a real campaign, repeated until the file has the asked number of rows, each value
// drawn (seeded) from that cell's own measured values; cells without values stay unsupported or
// failed with their reason. The manifest is the real one under the id `synthetic-1m`.
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import prand from 'pure-rand';
import { loadCampaign } from '../src/dataset/load.js';
import { COLUMNS, headerLine, recordLine } from '../src/dataset/measurements.js';

const MAX_REPS = 1000;

export async function synthesiseCampaign(realDir: string, rowsWanted: number): Promise<{ dir: string; file: string; rows: number }> {
  const real = await loadCampaign(realDir);
  type R = Record<string, unknown>;
  const groups = new Map<string, { template: R; values: number[]; other: R[] }>();
  for (const r of real.table.objects() as R[]) {
    const k = [r.experiment, r.probe, r.runtime, r.client_driver, r.server_driver, r.load, r.metric].join('|');
    const g = groups.get(k) ?? { template: r, values: [], other: [] };
    if (r.status === 'ok') g.values.push(r.value as number);
    else g.other.push(r);
    groups.set(k, g);
  }
  const reps = Math.ceil(rowsWanted / groups.size);
  const dir = mkdtempSync(join(tmpdir(), 'nb1m-'));
  const file = join(dir, 'measurements.csv');
  const out = createWriteStream(file);
  out.write(headerLine());
  const rng = prand.xoroshiro128plus(1);
  let written = 0;
  for (let rep = 1; rep <= reps && written < rowsWanted; rep++) {
    const lines: string[] = [];
    for (const g of groups.values()) {
      if (written >= rowsWanted) break;
      const t = g.template;
      const ok =
        g.values.length > 0 &&
        (g.other.length === 0 || prand.unsafeUniformIntDistribution(0, g.values.length + g.other.length - 1, rng) < g.values.length);
      const bad = g.other[0];
      const row: Record<string, string | number | boolean> = {
        ...Object.fromEntries(COLUMNS.map((c) => [c, t[c] ?? ''])),
        campaign_id: 'synthetic-1m',
        // a manifest plans at most 1000 repetitions: beyond them, the cells repeat under runtime names `<runtime>-copy<k>`
        runtime: rep > MAX_REPS ? `${String(t.runtime)}-copy${Math.ceil(rep / MAX_REPS)}` : String(t.runtime),
        rep: ((rep - 1) % MAX_REPS) + 1,
        warmup: false,
        value: ok ? g.values[prand.unsafeUniformIntDistribution(0, g.values.length - 1, rng)]! : '',
        status: ok ? 'ok' : String(bad?.status ?? 'failed'),
        reason: ok ? '' : String(bad?.reason ?? 'no value'),
      };
      lines.push(recordLine(COLUMNS.map((c) => row[c] ?? '')));
      written++;
    }
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      ...real.manifest,
      campaignId: 'synthetic-1m',
      status: 'complete',
      config: { ...real.manifest.config, reps: Math.min(reps, MAX_REPS) },
    }),
  );
  console.error(`synthetic campaign: ${written} rows, ${groups.size} cell-metrics x ${reps} repetitions, ${file}`);
  return { dir, file, rows: written };
}
