// `netbench paper`: regenerate paper/generated/ (numbers, tables, figures) from a campaign and
// build paper/main.pdf with latexmk (Debian's texlive).
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { analysisTables } from '../analysis/cells.js';
import type { Campaign } from '../analysis/load.js';
import { NetbenchError } from '../errors.js';
import { campaignFigures, writeFigures } from '../figures/campaign-figures.js';
import { cellTableTex, derivedFacts, factsOf, numbersTex } from './generate.js';

export const TEX_PACKAGES = ['texlive-latex-base', 'texlive-latex-recommended', 'texlive-fonts-recommended', 'latexmk'];

export async function buildPaper(c: Campaign, paperDir: string, log: (m: string) => void = () => {}): Promise<string> {
  const gen = join(paperDir, 'generated');
  await rm(gen, { recursive: true, force: true });
  await mkdir(join(gen, 'figures'), { recursive: true });
  const tables = analysisTables(c.table);
  const { summary, comparisons: vsRunc, degradation } = tables;
  const facts = { ...factsOf(c.manifest as Record<string, unknown>), ...derivedFacts(vsRunc, degradation) };
  await writeFile(join(gen, 'numbers.tex'), numbersTex(summary, vsRunc, degradation, facts));
  await writeFile(join(gen, 'table-bandwidth.tex'), cellTableTex(summary, 'bandwidth', 'TCP bandwidth (iperf3, received by the server).', 'tab:bandwidth'));
  await writeFile(join(gen, 'table-latency.tex'), cellTableTex(summary, 'sockperf_rtt_p50', 'Round-trip latency (sockperf UDP ping-pong, median of each run).', 'tab:latency'));
  log('figures');
  const figDir = join(gen, 'figures');
  const files = await writeFigures(campaignFigures(c.table, tables), figDir);
  for (const f of files.filter((x) => !x.endsWith('.pdf'))) await rm(f);
  await copyFile(join(c.dir, 'manifest.json'), join(gen, 'manifest.json'));
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
