// 01-explore through Jupyter's own UI in Debian's Chromium, on the server `netbench notebook`
// starts: the project's kernel, every cell run from the menu, no error, the tables, and plotly
// figures drawn as SVG that answer a hover, again after a reload and in a second tab on the same
// kernel (pages that never received plotly.js inline). A screenshot is kept in test-output/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/figures/render.js';
import { ensureJupyter, startNotebookServer, type NotebookServer } from '../../src/notebook/jupyter-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Cell > Run All from the menu, then wait until every code cell has run (its prompt a number, not "*" or empty) and the kernel is idle again. */
async function runAll(page: Page): Promise<void> {
  await page.click('#celllink');
  await page.click('#run_all_cells a');
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.code_cell .input_prompt')].every((p) => /In\s*\[\d+\]/.test(p.textContent ?? '')) &&
      document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null,
    undefined,
    { timeout: 300_000, polling: 500 },
  );
}

/**
 * Wait until the page's kernel is idle; if it is not within 2 minutes, fail with what the page shows
 * of the kernel and the server's last lines (a kernel that died or never started says why there).
 */
async function kernelIdle(page: Page, server: NotebookServer): Promise<void> {
  try {
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 120_000 });
  } catch (e) {
    const icon = await page.getAttribute('#kernel_indicator_icon', 'class').catch(() => null);
    const status = await page.textContent('#notification_kernel').catch(() => null);
    throw new Error(`the kernel was not idle (indicator "${icon}", notice "${status}"): ${String(e)}\nJupyter's log:\n${server.log()}`);
  }
}

/** Nothing but the local server: any other request of `page` is refused and listed in `elsewhere`. */
const onlyLocal = (page: Page, elsewhere: string[]) =>
  page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    elsewhere.push(url.href);
    return route.abort();
  });
const OUT = join(ROOT, 'test-output');

describe('01-explore in the Jupyter UI', () => {
  let server: NotebookServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureJupyter(ROOT, () => {});
    server = await startNotebookServer({ root: ROOT, port: 18990, env: {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs every cell from the menu with the project kernel: no error, tables, plots that answer a hover', async () => {
    const s = server!;
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    // nothing but the local server: any other request is refused and counted
    const elsewhere: string[] = [];
    await onlyLocal(page, elsewhere);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${s.base}notebooks/01-explore.ipynb?token=${s.token}`);
    await kernelIdle(page, s);
    expect(await page.textContent('.kernel_indicator_name')).toBe('TypeScript (runtime-netbench)');

    // Cell > Run All, as a person would
    await runAll(page);
    expect(await page.locator('.code_cell').count()).toBeGreaterThan(3);
    expect(await page.locator('.output_error').count()).toBe(0);
    expect(await page.locator('.output_stderr').allTextContents()).toEqual([]);
    expect(await page.locator('.output_html table').count()).toBeGreaterThanOrEqual(2);

    // every plot is a plotly figure drawn as SVG
    const plots = page.locator('.output_area .js-plotly-plot');
    expect(await plots.count()).toBe(4);
    for (let i = 0; i < 4; i++) expect(await plots.nth(i).locator('svg.main-svg').count()).toBeGreaterThan(0);
    // a hover on a repetition's point shows its label (repetition and start time)
    const first = plots.nth(0);
    await first.scrollIntoViewIfNeeded();
    const point = first.locator('.points path.point').first();
    const box = (await point.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => first.locator('.hoverlayer .hovertext').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await first.locator('.hoverlayer .hovertext').first().textContent()).toMatch(/rep \d+/);

    // each plot's output carries plotly's JSON too, what JupyterLab, VS Code and nteract draw
    const mimes = await page.evaluate(
      () =>
        // the classic notebook's own model of the outputs
        (
          window as unknown as { Jupyter: { notebook: { get_cells(): Array<{ output_area?: { outputs: Array<{ data?: object }> } }> } } }
        ).Jupyter.notebook
          .get_cells()
          .flatMap((c) => c.output_area?.outputs ?? [])
          .filter((o) => o.data && 'application/vnd.plotly.v1+json' in o.data).length,
    );
    expect(mimes).toBe(4);

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'notebook-01-explore.png'), fullPage: false });

    // the same kernel, a page that never received plotly.js inline: after a reload, and in a second tab
    const runAllAndCountPlots = async (p: typeof page): Promise<number> => {
      await kernelIdle(p, s);
      await runAll(p);
      const plotsOf = p.locator('.output_area .js-plotly-plot');
      await expect.poll(() => plotsOf.count(), { timeout: 30_000 }).toBe(4);
      const svgs = await Promise.all([0, 1, 2, 3].map((i) => plotsOf.nth(i).locator('svg.main-svg').count()));
      return svgs.filter((n) => n > 0).length;
    };
    page.on('dialog', (d) => void d.accept()); // "leave this page?" for the unsaved outputs
    await page.reload();
    expect(await runAllAndCountPlots(page)).toBe(4);
    const second = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    second.on('pageerror', (e) => pageErrors.push(e.message));
    await onlyLocal(second, elsewhere);
    await second.goto(`${s.base}notebooks/01-explore.ipynb?token=${s.token}`);
    expect(await runAllAndCountPlots(second)).toBe(4);
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
