// The manuscript builds from a campaign: every number in the PDF comes from generated files.
import { execa } from 'execa';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { dataDate, parseManifest } from '../../src/dataset/manifest.js';
import { tempDir } from '../temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ID = '2026-11-23T2034Z-nb';
const HTTP_ID = '2026-11-23T1437Z-nb';
const VARIANTS_ID = '2026-12-02T1215Z-nb';
const DIRECTION_ID = '2026-12-03T0315Z-nb';
const LINK_ID = '2026-12-03T0635Z-nb';
const HOSTINET_ID = '2026-12-02T1944Z-nb';
// the CPU cost campaigns: over the unshaped link, at 2 Gbit/s and at 750 Mbit/s
const COST_IDS = ['2026-12-05T1838Z-nb', '2026-12-05T1846Z-nb', '2026-12-05T1854Z-nb'];
const readManifestJson = (id: string) => {
  const file = join(ROOT, 'data/raw', id, 'manifest.json');
  return parseManifest(JSON.parse(readFileSync(file, 'utf8')), file);
};

describe('netbench paper', () => {
  it('regenerates numbers, tables and figures and builds a PDF that shows them', async () => {
    const dir = join(tempDir('nbpaper'), 'paper');
    cpSync(join(ROOT, 'paper/main.tex'), join(dir, 'main.tex'));
    cpSync(join(ROOT, 'paper/literature'), join(dir, 'literature'), { recursive: true });
    const r = await execa(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        '-q',
        'paper',
        ID,
        HTTP_ID,
        VARIANTS_ID,
        DIRECTION_ID,
        LINK_ID,
        HOSTINET_ID,
        ...COST_IDS,
        '--dir',
        dir,
      ],
      {
        cwd: ROOT,
        reject: false,
      },
    );
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const numbers = readFileSync(join(dir, 'generated/numbers.tex'), 'utf8');
    const value = (key: string) => new RegExp(`\\\\nbset\\{${key.replace(/[|]/g, '\\|')}\\}\\{([^}]*)\\}`).exec(numbers)?.[1];
    const runcBridge = value('val}{bandwidth|runc|bridge,bridge|idle|median');
    const reps = value('fact}{reps');
    expect(runcBridge).toMatch(/^\d+(\.\d+)?$/);
    const layout = (await execa('pdftotext', ['-layout', join(dir, 'main.pdf'), '-'])).stdout;
    // in reading order (-raw keeps the two columns apart), words TeX hyphenated at a line's end joined again
    const text = (await execa('pdftotext', ['-raw', join(dir, 'main.pdf'), '-'])).stdout
      .replace(/([a-z])-\n([a-z])/g, '$1$2')
      .replace(/\s+/g, ' ');
    expect(text).toContain(`runc reaches ${runcBridge} Gbit/s`);
    expect(text).toContain(`with ${reps} repetitions per cell`);
    expect(text).toContain('(median round trip of each run) and ping (20 echoes).');
    expect(text).toContain(ID);
    // the tables come from generated/table-*.tex
    expect(text).toMatch(/Table 1: TCP bandwidth/);
    expect(layout).toMatch(/runsc\s+host,bridge\s+\d/);
    // Figure 1 (drawn in main.tex) reads as text, its arrows too: a row of four down arrows between its rows of boxes
    expect(layout).toMatch(/\n\s*↓\s+↓\s+↓\s+↓\s*\n/);
    expect(layout).not.toContain('?'); // pdftotext's mark for a glyph without a text mapping (the manuscript asks no question)
    // the figures are the campaign's vector PDFs: their own text (axis titles, legend) is in the document
    expect(text).toContain('gVisor 2024 (systrap)'); // the variants figure's legend
    expect(text).toContain('round-trip time (µs)');
    // gVisor's bandwidth sits 20-40x below runc's: a log axis, and the caption says what it leaves out (from generated/figure-notes.tex)
    expect(text).toContain('bandwidth (Gbit/s, log scale)');
    expect(text).toMatch(
      /\(a\) log scale, \d+ repetitions below its range not drawn; crosses mark the \d+ repetitions whose transfers stalled\./,
    );
    // the HTTP section, from the HTTP campaign given second: its numbers, table and figure
    const httpRate = value('val}{http_transaction_rate|runc|bridge,bridge|idle|median');
    expect(httpRate).toMatch(/^\d+(\.\d+)?$/);
    expect(text).toContain(`runc serves ${httpRate} transactions/s`);
    expect(text).toContain(HTTP_ID);
    expect(text).toMatch(/Table 3: HTTP service/);
    expect(text).toContain('transaction rate (transactions/s)');
    expect(text).not.toContain('its campaign is not in this build');
    // the gVisor section, from the variants campaign given third: its ratios, factors and figure beside gVisor's published ratios
    const variants = readFileSync(join(dir, 'generated/variants.tex'), 'utf8');
    const varValue = (key: string) => new RegExp(`\\\\nbset\\{${key.replace(/[|]/g, '\\|')}\\}\\{([^}]*)\\}`).exec(variants)?.[1];
    const systrap = varValue('var}{bandwidth|runsc-2024|bridge,bridge|ratio');
    expect(systrap).toMatch(/^0\.\d+$/);
    expect(text).toContain('gVisor across versions and platforms');
    expect(text).toContain(`and ${systrap} (`);
    expect(text).toContain(`worth a factor of ${varValue('varfact}{buildGain')}`);
    expect(text).toContain('(download) and 0.68 when');
    expect(text).toContain(VARIANTS_ID);
    expect(text).toContain('bandwidth / runc');
    // the paragraph and table on gVisor at one end only, from the campaign given fourth
    const direction = readFileSync(join(dir, 'generated/direction.tex'), 'utf8');
    const serverOnly = /keeps (0\.\d+) \(CI/.exec(direction)?.[1];
    expect(serverOnly).toMatch(/^0\.\d+$/);
    expect(text).toContain(`One end only. Campaign ${DIRECTION_ID}`);
    expect(text).toContain(`keeps ${serverOnly} (CI`);
    expect(text).toContain('(the guide’s download: 0.86)'); // pdftotext gives TeX's closing quote
    expect(text).toMatch(/Table 5: TCP bandwidth with gVisor at both ends, at the server only/);
    // and its figure, with the shaped-link campaign's one-end runs as open markers and the guide's ratios
    expect(text).toMatch(
      /Figure \d+: gVisor at both ends, at the server only and at the client only .*open markers: over a link of 5 Gbit\/s; crosses/,
    );
    expect(text).toContain('gVisor 2024 (systrap), 5 Gbit/s link'); // its legend
    expect(layout).toMatch(/runsc-2024\s+bridge,bridge\s+0\.\d+ \[/);
    // the shaped-link campaign: its paragraph and table, from generated/link.tex
    expect(text).toMatch(
      /A bounded link\. Campaign 2026-12-03T0635Z-nb \(15 repetitions; idle\) shapes the link between the two hosts to 5 Gbit\/s/,
    );
    expect(text).toMatch(/Table 6: TCP bandwidth over a link of 5 Gbit\/s/);
    expect(layout).toMatch(/runsc-2024@server\s+bridge,bridge\s+3\.96\s+0\.819 \[0\.785, 0\.853\]/);
    // the hostinet campaign: its paragraph and table, from generated/hostinet.tex
    expect(text).toMatch(/Hostinet as a server\. Campaign 2026-12-02T1944Z-nb \(15 repetitions; idle\) runs gVisor with --network=host/);
    expect(text).toMatch(/runsc-2024-hostinet keeps 0\.356 \(CI 0\.3\d+–0\.3\d+\) of runc’s bandwidth against 0\.214/);
    expect(text).toContain('runsc-hostinet (runsc 0.0~20221219.0) failed every repetition as a server on every pair');
    expect(text).toMatch(/Table 7: TCP bandwidth of gVisor on hostinet/);
    expect(layout).toMatch(/runsc-hostinet\s+0\.0~20221219\.0\s+bridge,bridge\s+failed \(15\)/);
    // the CPU cost campaigns: the paragraph "What a byte costs", its table and figures, from generated/cost.tex
    expect(text).toContain(
      `What a byte costs. Campaigns ${COST_IDS[0]} (unshaped link), ${COST_IDS[1]} (2 Gbit/s) and ${COST_IDS[2]} (750 Mbit/s)`,
    );
    expect(text).toMatch(/runsc-2024 at both ends spends 5\.64 \(CI 4\.9–6\.42\) times runc’s \(4\.39 against 0\.806 CPU s\/GB, medians\)/);
    expect(text).toContain('predicts its median bandwidth there within 1.9%');
    expect(text).toContain('runc at 0.746 and 0.71 Gbit/s and gVisor at 0.64');
    expect(text).toMatch(/Table 4: What a byte costs, idle/);
    expect(layout).toMatch(
      /runsc-2024\s+bridge,bridge\s+750 Mbit\/s\s+0\.716\s+0\.75\s+11 \[10\.1, 15\.5\]\s+7\.66 \[5\.85, 9\.93\]\s+0\.98/,
    );
    expect(text).toContain('predicted: min(link, C / c) (Gbit/s)'); // the model figure's axis, vector text in the PDF
    expect(text).toContain('Bounded by the link, the ratios in Table 6 follow from the link’s rate');
    expect(text).toContain(`${LINK_ID} ${HOSTINET_ID} ${COST_IDS.join(' ')} regenerates every number`);
    // the sections a reviewer expects, the sources cited and listed (bibtex from literature/references.bib)
    for (const section of ['Introduction', 'Background: the runtimes’ network paths', 'Method', 'Results', 'Why gVisor moves fewer bytes'])
      expect(text).toContain(section);
    for (const section of ['Threats to validity', 'Related work', 'Conclusion', 'Reproduce', 'References']) expect(text).toContain(section);
    expect(text).toContain('Henrique Z. Cochak and Charles C. Miers');
    expect(text).toContain('Biometrika');
    expect(text).not.toMatch(/\[\?\]|\?\?/); // no citation or reference left unresolved
    // the threats in numbers, from generated/threats.tex: the sessions of the main campaign, the kernel builds
    // (a float may stand between a sentence's lines in the text: the sentences are read whole in threats.tex, their start in the PDF)
    const threats = readFileSync(join(dir, 'generated/threats.tex'), 'utf8');
    expect(threats).toContain(
      `Campaign ${ID} ran in 4 sessions; the median of runc's idle bridge,bridge bandwidth was 11.9 Gbit/s in one and 20.7 Gbit/s`,
    );
    expect(text).toContain(`Campaign ${ID} ran in 4 sessions; the median of runc’s idle bridge,bridge bandwidth`);
    // (the kernels' names may break at a hyphen anywhere)
    expect(threats).toContain('The 9 campaigns ran on 3 kernel builds (6.18.44-fc-v782, 6.18.44-fc-v1045 and 6.18.44-fc-v1272).');
    expect(threats).toContain('was 14.9 Gbit/s on 6.18.44-fc-v782 (1 campaign), 9.73 to 10.9 Gbit/s on 6.18.44-fc-v1045 (3 campaigns)');
    expect(text).toContain('The 9 campaigns ran on 3 kernel builds (6.18.44-');
    // the layout the build checks: no box past the margin by more than 1 pt, every float on the page of its first
    // mention or the next, every figure's text at least 7 pt in print (each reported as a warning)
    expect(r.stderr).not.toContain('warning: a box runs');
    expect(r.stderr).not.toMatch(/warning: (Table|Figure) \d+ \(\S+\) is on page/);
    expect(r.stderr).not.toMatch(/warning: text in \S+ prints at/);
    expect(r.stderr).not.toContain('warning');
    // Figures 2 and 3 (the paper's 3 and 4): side by side, on the page after the one that first mentions them
    const aux = readFileSync(join(dir, 'main.aux'), 'utf8');
    expect(aux).toContain('\\nbfirstref{fig:idle}{2}');
    expect(aux).toContain('\\newlabel{fig:idle}{{2}{3}}');
    // crun: "no difference detected", never "the same"
    expect(text).toMatch(/for crun no difference from runc’s bandwidth is detected in \d+ of \d+ cells/);
    const info = (await execa('pdfinfo', [join(dir, 'main.pdf')])).stdout;
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(2);
    const images = (await execa('pdfimages', ['-list', join(dir, 'main.pdf')])).stdout.trim().split('\n');
    expect(images.length).toBe(2); // the header of the list only: no raster image anywhere
    // dated by the data (its last session's end), not by the build: the same campaigns give the same bytes
    const ends = [ID, HTTP_ID, VARIANTS_ID, DIRECTION_ID, LINK_ID, HOSTINET_ID, ...COST_IDS].map((id) => readManifestJson(id));
    const pdf = await PDFDocument.load(readFileSync(join(dir, 'main.pdf')), { updateMetadata: false });
    expect(pdf.getCreationDate()?.getTime()).toBe(Math.floor(dataDate(ends).getTime() / 1000) * 1000);
  }, 300_000);

  it('fails the build on a number the generator did not write, naming it, and keeps the previous generated files', async () => {
    const dir = join(tempDir('nbpaper'), 'paper');
    cpSync(join(ROOT, 'paper/main.tex'), join(dir, 'main.tex'));
    const tex = readFileSync(join(dir, 'main.tex'), 'utf8').replace(
      '\\section{Introduction}',
      '\\section{Introduction} \\gbit{youki}{bridge,bridge}{idle}',
    );
    writeFileSync(join(dir, 'main.tex'), tex);
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', 'numbers.tex'), '% the previous build\n');
    const r = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', '-q', 'paper', ID, '--dir', dir], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'netbench: the manuscript uses a value these campaigns do not have: val bandwidth|youki|bridge,bridge|idle|median',
    );
    expect(r.stderr).toContain('fix: main.tex is written for the default protocol');
    // generated/ and main.pdf go together: a failed build puts the previous generated/ back
    expect(readdirSync(join(dir, 'generated'))).toEqual(['numbers.tex']);
    expect(readFileSync(join(dir, 'generated', 'numbers.tex'), 'utf8')).toBe('% the previous build\n');
    expect(readdirSync(dirname(dir))).toEqual(['paper']);
  }, 300_000);

  it('fails the build on a citation or a reference that does not resolve, naming each, and leaves no PDF', async () => {
    const dir = join(tempDir('nbpaper'), 'paper');
    cpSync(join(ROOT, 'paper/main.tex'), join(dir, 'main.tex'));
    cpSync(join(ROOT, 'paper/literature'), join(dir, 'literature'), { recursive: true });
    const tex = readFileSync(join(dir, 'main.tex'), 'utf8').replace(
      '\\section{Introduction}',
      '\\section{Introduction} As~\\citet{nosuchkey} show in Figure~\\ref{fig:nosuch}, ',
    );
    writeFileSync(join(dir, 'main.tex'), tex);
    const r = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', '-q', 'paper', ID, '--dir', dir], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'netbench: the manuscript does not resolve: citation nosuchkey is undefined; reference fig:nosuch is undefined',
    );
    expect(r.stderr).toContain(`fix: Add the entry to ${join(dir, 'literature', 'references.bib')}, or correct the key`);
    expect(readdirSync(dir)).not.toContain('main.pdf');
    expect(readdirSync(dir)).not.toContain('generated');
  }, 300_000);

  it('refuses campaigns in the wrong places, and a directory without a manuscript, before writing anything', async () => {
    const dir = join(tempDir('nbpaper'), 'paper');
    cpSync(join(ROOT, 'paper/main.tex'), join(dir, 'main.tex'));
    const paper = (...args: string[]) =>
      execa('node', ['--import', 'tsx', 'src/cli/main.ts', '-q', 'paper', ...args], { cwd: ROOT, reject: false });
    const cases: Array<[string[], string]> = [
      [[HTTP_ID, '--dir', dir], `${HTTP_ID} has no bandwidth experiment: the manuscript's first campaign is the bandwidth/latency one`],
      [
        [ID, '2026-11-23T0915Z-nb', '--dir', dir],
        '2026-11-23T0915Z-nb has no HTTP experiment, no CPU cost, no shaped link, no gVisor at one end only, no gVisor on hostinet and fewer than two gVisor configurations: a campaign after the first adds the HTTP section, the gVisor variants section, the paragraph on what a byte costs, or the paragraph on gVisor at one end, on a shaped link or on hostinet',
      ],
      [[ID, HTTP_ID, HTTP_ID, '--dir', dir], `${HTTP_ID} and ${HTTP_ID} are both HTTP campaigns: give one`],
      [
        [ID, COST_IDS[0]!, COST_IDS[0]!, '--dir', dir],
        `${COST_IDS[0]} and ${COST_IDS[0]} are all CPU cost campaigns over the unshaped link: the model takes its CPU per byte from one`,
      ],
      [
        [ID, COST_IDS[1]!, COST_IDS[2]!, '--dir', dir],
        `the CPU cost campaigns ${COST_IDS[1]}, ${COST_IDS[2]} all ran over a shaped link: the model needs one over the unshaped link`,
      ],
      [[ID, HOSTINET_ID, HOSTINET_ID, '--dir', dir], `${HOSTINET_ID} and ${HOSTINET_ID} are both gVisor hostinet campaigns: give one`],
      [[ID, LINK_ID, LINK_ID, '--dir', dir], `${LINK_ID} and ${LINK_ID} are both shaped-link campaigns: give one`],
      [
        [ID, DIRECTION_ID, DIRECTION_ID, '--dir', dir],
        `${DIRECTION_ID} and ${DIRECTION_ID} are both gVisor at one end campaigns: give one`,
      ],
      [[ID, '--dir', join(dir, 'generated')], `no manuscript in ${join(dir, 'generated')} (it has no main.tex)`],
    ];
    // a demo campaign: refused unless asked for (with --allow-short it gets as far as the missing manuscript)
    const demo = join(dirname(dir), 'demo', ID);
    cpSync(join(ROOT, 'data/raw', ID), demo, { recursive: true });
    const m = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as { config: Record<string, unknown> };
    writeFileSync(join(demo, 'manifest.json'), JSON.stringify({ ...m, config: { ...m.config, profile: 'demo' } }));
    cases.push(
      [[demo, '--dir', dir], `${ID} is a demo campaign: short runs illustrate the pipeline, they are not the manuscript's evidence`],
      [[demo, '--allow-short', '--dir', join(dir, 'generated')], `no manuscript in ${join(dir, 'generated')}`],
    );
    // (side by side: each is refused before anything is written)
    const results = await Promise.all(cases.map(([args]) => paper(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect(results[i]!.exitCode, args.join(' ')).toBe(1);
      expect(results[i]!.stderr).toContain(`netbench: ${message}`);
    }
    expect(readdirSync(dir)).toEqual(['main.tex']);
  }, 300_000);
});
