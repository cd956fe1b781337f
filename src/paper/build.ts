// `netbench paper`: regenerate paper/generated/ (numbers, tables, figures) from a campaign and
// build paper/main.pdf with latexmk (Debian's texlive).
import { writeFileAtomic } from '../fsx.js';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import type { ColumnTable } from 'arquero';
import { join } from 'node:path';
import { execa } from 'execa';
import { analysisTables } from '../analysis/cells.js';
import { httpTable } from '../analysis/http-table.js';
import type { Campaign } from '../analysis/load.js';
import { NetbenchError, describeError } from '../errors.js';
import { z } from 'zod';
import { campaignFigures, writeFigures } from '../figures/campaign-figures.js';
import { blogFacts, cellTableTex, derivedFacts, factsOf, httpFactsOf, httpTableTex, numbersTex } from './generate.js';

export const TEX_PACKAGES = ['texlive-latex-base', 'texlive-latex-recommended', 'texlive-fonts-recommended', 'latexmk'];

/**
 * Regenerate paper/generated from one or more campaigns (the bandwidth/latency campaign first; an
 * HTTP campaign beside it adds the HTTP section) and build main.pdf.
 */
export async function buildPaper(campaigns: readonly Campaign[], table: ColumnTable, paperDir: string, log: (m: string) => void = () => {}): Promise<string> {
  const [c] = campaigns;
  if (!c) throw new NetbenchError('bad-config', 'no campaign given', 'Name the campaign under data/raw (and an HTTP campaign after it, if any).');
  const gen = join(paperDir, 'generated');
  await rm(gen, { recursive: true, force: true });
  await mkdir(join(gen, 'figures'), { recursive: true });
  const tables = analysisTables(table);
  const { summary, comparisons: vsRunc, degradation } = tables;
  const http = campaigns.find((x) => x.manifest.config.experiments.includes('http'));
  const facts = {
    ...factsOf(c.manifest),
    ...derivedFacts(vsRunc, degradation),
    ...(http ? httpFactsOf(http.manifest) : {}),
    ...(http ? blogFacts(await literature(paperDir, 'blog-siege.json')) : {}),
  };
  await writeFileAtomic(join(gen, 'numbers.tex'), numbersTex(summary, vsRunc, degradation, facts));
  await writeFileAtomic(join(gen, 'table-bandwidth.tex'), cellTableTex(summary, 'bandwidth', 'TCP bandwidth (iperf3, received by the server).', 'tab:bandwidth'));
  await writeFileAtomic(join(gen, 'table-latency.tex'), cellTableTex(summary, 'sockperf_rtt_p50', 'Round-trip latency (sockperf UDP ping-pong, median of each run).', 'tab:latency'));
  if (http) {
    const byLoad = Object.fromEntries(['idle', 'stress'].map((load) => [load, httpTable(summary, { load })]));
    await writeFileAtomic(
      join(gen, 'table-http.tex'),
      httpTableTex(byLoad, 'HTTP service (nginx) under siege from host A, bridge,bridge: the blog post\'s quantities.', 'tab:http'),
    );
  }
  log('figures');
  const figDir = join(gen, 'figures');
  const files = await writeFigures(campaignFigures(table, tables), figDir);
  for (const f of files.filter((x) => !x.endsWith('.pdf'))) await rm(f);
  await copyFile(join(c.dir, 'manifest.json'), join(gen, 'manifest.json'));
  for (const x of campaigns.slice(1)) await copyFile(join(x.dir, 'manifest.json'), join(gen, `manifest-${x.id}.json`));
  log('latexmk');
  const r = await execa('latexmk', ['-pdf', '-interaction=nonstopmode', '-halt-on-error', 'main.tex'], { cwd: paperDir, reject: false }).catch(
    (e: unknown) => {
      throw new NetbenchError('missing-package', `latexmk did not run (${String(e)})`, `Install ${TEX_PACKAGES.join(' ')} (scripts/ensure-test-deps.sh does).`);
    },
  );
  if (r.exitCode !== 0) {
    const err = String(r.stdout).split('\n').filter((l) => l.startsWith('!') || /Error/.test(l)).slice(0, 5).join('\n');
    throw new NetbenchError('tool-failed', `LaTeX failed:\n${err || String(r.stdout).slice(-1500)}`, `See ${join(paperDir, 'main.log')}.`);
  }
  return join(paperDir, 'main.pdf');
}

/** A published table the text compares with (paper/literature/*.json, copied from the source as published). */
const LiteratureSchema = z.object({ rows: z.record(z.string(), z.record(z.string(), z.number())) });

async function literature(paperDir: string, name: string): Promise<z.infer<typeof LiteratureSchema>> {
  const file = join(paperDir, 'literature', name);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NetbenchError('bad-config', `${file} is missing: the HTTP section compares with the blog post's table`, 'Restore it: git checkout paper/literature');
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NetbenchError('bad-data', `${file} is not JSON: ${describeError(e)}`, 'Restore it: git checkout paper/literature');
  }
  const r = LiteratureSchema.safeParse(raw);
  if (!r.success) {
    throw new NetbenchError('bad-data', `${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'Restore it: git checkout paper/literature');
  }
  return r.data;
}
