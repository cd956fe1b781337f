// Figures rendered by plotly.js in headless Chromium (Debian's, driven by playwright-core): one
// browser with two pages, reused for every figure of a campaign: one with plotly loaded (its
// cartesian bundle), one that prints the PDFs (a new page per figure cost 0.5 s). Each figure
// gives an SVG (plotly's, with its random element ids made stable, so the same data gives the
// same bytes), a vector PDF (Chromium printing that SVG on a page of the figure's size) and a
// PNG at 300 dpi (plotly's raster, with a pHYs chunk saying 300 dpi).
import { existsSync, readFileSync } from 'node:fs';
import CRC32 from 'crc-32';
import { chromium, type Browser, type Page } from 'playwright-core';
import { NetbenchError } from '../base/errors.js';
import { plotlyCartesianFile } from './plotly-file.js';
import { PX_PER_IN } from './style.js';
import type { PubFigure } from './parts.js';

/** Debian's packages for the renderer: the browser and the fonts the figures are set in. */
export const CHROMIUM_PACKAGES = ['chromium', 'fonts-dejavu-core'];
export const CHROMIUM = process.env.NETBENCH_CHROMIUM ?? '/usr/bin/chromium';
export const DPI = 300;

export interface Rendered {
  name: string;
  svg: string;
  pdf: Buffer;
  png: Buffer;
}

export class FigureRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly pdfPage: Page,
  ) {}

  /** Start Chromium, load plotly.js once and open the page that prints the PDFs. */
  static async open(): Promise<FigureRenderer> {
    if (!existsSync(CHROMIUM)) {
      throw new NetbenchError(
        'missing-package',
        `Chromium is not at ${CHROMIUM}`,
        'Install Debian\'s chromium (apt-get install chromium; scripts/ensure-test-deps.sh does) or set NETBENCH_CHROMIUM to its path.',
      );
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="fig"></div></body></html>');
    await page.addScriptTag({ content: readFileSync(plotlyCartesianFile(), 'utf8') });
    return new FigureRenderer(browser, page, await browser.newPage());
  }

  /** One figure; its PDF dated `date` (the data's, so the same data gives the same bytes). */
  async render(fig: PubFigure, date: Date): Promise<Rendered> {
    const w = Math.round(fig.size.widthIn * PX_PER_IN);
    const h = Math.round(fig.size.heightIn * PX_PER_IN);
    const { svg, png } = await this.page.evaluate(
      async ({ data, layout, w, h, scale }) => {
        // In the page: plotly.js, loaded by the script tag above, is a global the Node side has no type for.
        const P = (globalThis as unknown as { Plotly: PlotlyApi }).Plotly;
        await P.newPlot('fig', data, { ...layout, width: w, height: h }, { staticPlot: true });
        const svgUrl = await P.toImage('fig', { format: 'svg', width: w, height: h });
        const pngUrl = await P.toImage('fig', { format: 'png', width: w, height: h, scale });
        P.purge('fig');
        return { svg: decodeURIComponent(svgUrl.slice(svgUrl.indexOf(',') + 1)), png: pngUrl.slice(pngUrl.indexOf(',') + 1) };
      },
      // plotly names each trace's group after trace.uid, random unless given: give it
      { data: fig.data.map((d, i) => ({ uid: `${fig.name}-${i}`, ...d })), layout: fig.layout, w, h, scale: DPI / PX_PER_IN },
    );
    const stable = stableSvg(svg, fig.name);
    await this.pdfPage.setContent(
      `<!doctype html><html><head><style>@page{size:${fig.size.widthIn}in ${fig.size.heightIn}in;margin:0}html,body{margin:0}svg{display:block}</style></head><body>${stable}</body></html>`,
    );
    const pdf = await this.pdfPage.pdf({ width: `${fig.size.widthIn}in`, height: `${fig.size.heightIn}in`, printBackground: true, pageRanges: '1' });
    return { name: fig.name, svg: stable, pdf: withPdfDate(pdf, date), png: withDpi(Buffer.from(png, 'base64'), DPI) };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

interface PlotlyApi {
  newPlot(id: string, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
  toImage(id: string, o: { format: string; width: number; height: number; scale?: number }): Promise<string>;
  purge(id: string): void;
}

/**
 * plotly gives defs, clip paths and fill patterns random ids (a 6-hex uid, and per-trace
 * suffixes): rename every id in order of appearance after the figure, and every reference to it.
 */
export function stableSvg(svg: string, name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9]/g, '');
  const ids = [...new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!))];
  const map = new Map(ids.map((id, i) => [id, `${safe}-${i}`]));
  const swap = (id: string, whole: string) => {
    const to = map.get(id);
    return to === undefined ? whole : whole.replace(id, to);
  };
  return svg
    .replace(/\bid="([^"]+)"/g, (whole, id: string) => swap(id, whole))
    .replace(/url\((['"]|&quot;)?#([^'")&]+)\1\)/g, (whole, _q: string, id: string) => swap(id, whole))
    .replace(/href="#([^"]+)"/g, (whole, id: string) => swap(id, whole));
}

/**
 * Chromium dates a PDF when it prints it: set its CreationDate and ModDate to `date` instead, in
 * place (the same number of bytes, so the cross-reference offsets stay right). A date in another
 * form is left unchanged.
 */
export function withPdfDate(pdf: Buffer, date: Date): Buffer {
  const d = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const text = pdf.toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:\d{14}[+-]\d\d'\d\d'\)/g, (_whole, key: string) => `/${key} (D:${d}+00'00')`);
  return Buffer.from(fixed, 'latin1');
}

/** Insert (or replace) the PNG pHYs chunk: pixels per metre for `dpi`, so viewers and LaTeX size it right. */
export function withDpi(png: Buffer, dpi: number): Buffer {
  const SIG = 8;
  const chunks: Buffer[] = [];
  let off = SIG;
  let inserted = false;
  const ppm = Math.round(dpi / 0.0254);
  const phys = Buffer.alloc(12 + 9);
  phys.writeUInt32BE(9, 0);
  phys.write('pHYs', 4, 'ascii');
  phys.writeUInt32BE(ppm, 8);
  phys.writeUInt32BE(ppm, 12);
  phys.writeUInt8(1, 16); // unit: metre
  phys.writeInt32BE(CRC32.buf(phys.subarray(4, 17)), 17);
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const chunk = png.subarray(off, off + 12 + len);
    off += 12 + len;
    if (type === 'pHYs') continue;
    if (type === 'IDAT' && !inserted) {
      chunks.push(phys);
      inserted = true;
    }
    chunks.push(chunk);
  }
  return Buffer.concat([png.subarray(0, SIG), ...chunks]);
}
