// Figures rendered for real: plotly.js in Debian's Chromium through playwright-core. Checks the
// files (SVG, one-page PDF of the figure's size, 300-dpi PNG), that the same data gives the same
// SVG bytes, and looks at the pixels of a PNG the way a reader would: bars in each runtime's colour,
// and error bars above them.
import { execa } from 'execa';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../src/dataset/load.js';
import { dataDate } from '../../src/dataset/manifest.js';
import { campaignFigures } from '../../src/figures/campaign-figures.js';
import { FigureRenderer } from '../../src/figures/render.js';
import { RUNTIME_STYLE } from '../../src/figures/style.js';
import { tempDir } from '../temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ID = '2026-11-23T2034Z-nb';
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('figures in headless Chromium', () => {
  const out = tempDir('nbfig');

  it('netbench figures writes SVG, vector PDF and 300-dpi PNG for every figure, in one browser session', async () => {
    // run from another directory: plotly.js is the toolkit's, not looked up where the caller is
    const r = await execa(join(ROOT, 'netbench'), ['--json', 'figures', join(ROOT, 'data/raw', ID), '--out', out], {
      cwd: tmpdir(),
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const { figures } = JSON.parse(r.stdout) as { figures: string[] };
    expect(figures.length).toBeGreaterThanOrEqual(9);
    for (const name of figures) {
      const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg).not.toMatch(/defs-[0-9a-f]{6}"/);
      const pdf = await PDFDocument.load(readFileSync(join(out, `${name}.pdf`)));
      expect(pdf.getPageCount(), name).toBe(1);
      const png = PNG.sync.read(readFileSync(join(out, `${name}.png`)));
      const { width: wPt, height: hPt } = pdf.getPage(0).getSize();
      expect(png.width, name).toBe(Math.round((wPt / 72) * 300)); // 300 dpi of the page width
      expect(png.height, name).toBe(Math.round((hPt / 72) * 300));
      expect(readFileSync(join(out, `${name}.txt`), 'utf8').length).toBeGreaterThan(20);
    }
    const fig3a = await PDFDocument.load(readFileSync(join(out, 'fig3a-bandwidth-idle.pdf')));
    expect(fig3a.getPage(0).getSize()).toEqual({ width: 252, height: 180 }); // 3.5 in x 2.5 in
    // vector, not a picture of the plot: no image in any PDF, and the text is text (embedded fonts)
    for (const name of figures) {
      const pdf = await PDFDocument.load(readFileSync(join(out, `${name}.pdf`)));
      const images = [...pdf.context.enumerateIndirectObjects()].filter(
        ([, o]) => o instanceof PDFRawStream && String(o.dict.get(PDFName.of('Subtype'))) === '/Image',
      );
      expect(images, name).toHaveLength(0);
      expect(readFileSync(join(out, `${name}.pdf`)).includes('/FontFile'), name).toBe(true);
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(figures.length);
  }, 300_000);

  it('gives the same SVG and PDF bytes for the same data, the PDF dated by the data', async () => {
    const c = await loadCampaign(join(ROOT, 'data/raw', ID));
    const [fig] = campaignFigures(c.table).filter((f) => f.name === 'fig3a-bandwidth-idle');
    const date = dataDate([c.manifest]);
    const r = await FigureRenderer.open();
    try {
      const a = await r.render(fig!, date);
      await new Promise((later) => setTimeout(later, 1100)); // Chromium dates its PDFs to the second
      const b = await r.render(fig!, date);
      expect(b.svg).toBe(a.svg);
      expect(b.pdf.equals(a.pdf)).toBe(true);
      const pdf = await PDFDocument.load(a.pdf, { updateMetadata: false });
      expect(pdf.getCreationDate()).toEqual(new Date(Math.floor(date.getTime() / 1000) * 1000));
      expect(pdf.getModificationDate()).toEqual(pdf.getCreationDate());
    } finally {
      await r.close();
    }
  }, 120_000);

  it('draws bars in each runtime colour with error bars above them (pixels of the PNG)', () => {
    const png = PNG.sync.read(readFileSync(join(out, 'fig3a-bandwidth-idle.png')));
    const at = (x: number, y: number) => {
      const i = (y * png.width + x) * 4;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    };
    const near = (p: number[], c: [number, number, number], tol = 40) => p.every((v, k) => Math.abs(v - c[k]!) <= tol);
    for (const rt of ['runc', 'crun', 'runsc', 'bare']) {
      const colour = rgb(RUNTIME_STYLE[rt]!.color);
      // the column holding the most pixels of this runtime's colour is the middle of its tallest bar
      let best = { x: -1, n: 0, top: 0 };
      for (let x = 0; x < png.width; x++) {
        let n = 0;
        let top = -1;
        for (let y = 0; y < png.height; y++)
          if (near(at(x, y), colour)) {
            n++;
            if (top < 0) top = y;
          }
        if (n > best.n) best = { x, n, top };
      }
      expect(best.n, `${rt}: bar pixels`).toBeGreaterThan(rt === 'runsc' ? 15 : 150);
      if (rt === 'bare') continue; // a black bar: its error bar has the same colour
      // the error bar: dark pixels just above the bar's top, in the bar's middle column (±3 px)
      let dark = 0;
      for (let y = Math.max(0, best.top - 60); y < best.top; y++)
        for (let dx = -3; dx <= 3; dx++) if (near(at(best.x + dx, y), [0, 0, 0], 90)) dark++;
      expect(dark, `${rt}: error bar above the bar`).toBeGreaterThan(5);
    }
    // and no Kata bar: the campaign has no Kata
    const kata = rgb(RUNTIME_STYLE.kata!.color);
    let kataPixels = 0;
    for (let y = 0; y < png.height; y += 2) for (let x = 0; x < png.width; x += 2) if (near(at(x, y), kata, 20)) kataPixels++;
    expect(kataPixels).toBeLessThan(20);
  });

  it('netbench model prints the model per configuration and link, and writes its table and three figures', async () => {
    const dir = tempDir('nbmodel');
    const ids = ['2026-12-05T1838Z-nb', '2026-12-05T1846Z-nb', '2026-12-05T1854Z-nb'];
    const r = await execa(join(ROOT, 'netbench'), ['model', ...ids.map((id) => join(ROOT, 'data/raw', id)), '--out', dir], {
      cwd: tmpdir(),
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^runc\s+bridge,bridge\s+idle\s+unshaped\s+1\d\.\d\s.*\scpu$/m);
    expect(r.stdout).toMatch(/^runsc-2024\s+bridge,bridge\s+idle\s+0\.750\s.*\slink$/m);
    expect(readFileSync(join(dir, 'model.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(16); // header + 15
    for (const name of ['cpu-model', 'link-cap', 'link-cost']) {
      expect(readFileSync(join(dir, `${name}.svg`), 'utf8').startsWith('<svg'), name).toBe(true);
      expect((await PDFDocument.load(readFileSync(join(dir, `${name}.pdf`)))).getPageCount(), name).toBe(1);
    }
  }, 120_000);
});
